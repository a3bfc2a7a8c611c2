//! Text rules. The REST surface only requires a non-blank title and summary; the MCP tools
//! also cap lengths (mcp.md §4.2: summary 2 000, observation 8 000, report 64 000) and the
//! number of incidents an org may file per UTC day. Lengths count characters, as Python's
//! `len` does.

/// Titles are silently cut to this many characters.
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_SUMMARY_CHARS: usize = 2_000;
pub const MAX_OBSERVATION_CHARS: usize = 8_000;
pub const MAX_REPORT_CHARS: usize = 64_000;
/// Incidents per org per UTC day (any author) above which the MCP tools refuse to file.
pub const MCP_DAILY_INCIDENT_CAP: i64 = 200;

/// A text rule broken; `Display` is the message both surfaces show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("title is required")]
    TitleRequired,
    #[error("summary is required")]
    SummaryRequired,
    #[error(
        "summary too long ({0} chars; max 2000). Keep the summary short and put the details in the report (finalize_incident)."
    )]
    SummaryTooLong(usize),
    #[error("text is required")]
    TextRequired,
    #[error("text too long ({0} chars; max 8000). Split it into several observations.")]
    TextTooLong(usize),
    #[error("report is required")]
    ReportRequired,
    #[error("report cannot be empty — pass None to leave the report unchanged.")]
    ReportEmpty,
    #[error("report too long ({0} chars; max 64000). Condense the report.")]
    ReportTooLong(usize),
}

pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// `title.strip()[:200]`.
pub fn stored_title(raw: &str) -> String {
    raw.trim().chars().take(MAX_TITLE_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_trimmed_and_cut_by_characters() {
        assert_eq!(stored_title("  Fire  "), "Fire");
        let long = "é".repeat(250);
        assert_eq!(char_len(&stored_title(&long)), 200);
    }

    #[test]
    fn messages_name_the_limits() {
        assert_eq!(
            TextError::SummaryTooLong(2001).to_string(),
            "summary too long (2001 chars; max 2000). Keep the summary short and put the details in the report (finalize_incident)."
        );
        assert!(
            TextError::ReportEmpty
                .to_string()
                .starts_with("report cannot be empty — pass None")
        );
    }
}
