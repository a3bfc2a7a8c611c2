//! CSV downloads shared by the audit exports (`/api/audit-logs`, `/api/audit/stream-logs`):
//! RFC 4180 with CRLF line ends, formula-guarded cells, a dated attachment that is never
//! cached.

use actix_web::HttpResponse;
use actix_web::http::header;

/// Rows a CSV export holds at most.
pub(crate) const CSV_MAX_ROWS: i64 = 50_000;

/// `header` then one line per row, each ending in CRLF.
pub(crate) fn render_csv<I>(header: &str, rows: I) -> String
where
    I: IntoIterator<Item = Vec<String>>,
{
    let mut out = String::with_capacity(64);
    out.push_str(header);
    out.push_str("\r\n");
    for cells in rows {
        let row: Vec<String> = cells.iter().map(|cell| csv_cell(cell)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `200 text/csv` as `attachment; filename="<prefix>-<org>-<YYYYMMDD>.csv"`, `no-store`.
pub(crate) fn csv_attachment(prefix: &str, org: &str, day: &str, body: String) -> HttpResponse {
    let filename = format!("{prefix}-{}-{day}.csv", filename_safe(org));
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// Quoted when needed; cells a spreadsheet would run as formulas get a `'`.
pub(crate) fn csv_cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn filename_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formula_guarded() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(
            csv_cell("{\"k\": 1, \"j\": 2}"),
            "\"{\"\"k\"\": 1, \"\"j\"\": 2}\""
        );
    }

    #[test]
    fn rows_end_in_crlf() {
        assert_eq!(
            render_csv("a,b", [vec!["1".to_owned(), "x,y".to_owned()]]),
            "a,b\r\n1,\"x,y\"\r\n"
        );
    }

    #[test]
    fn filenames_keep_only_safe_characters() {
        assert_eq!(filename_safe("org_2abc/../x y"), "org_2abc-..-x-y");
    }
}
