//! How the original rendered values it wrote into text, in one place: Python's `str()` of
//! decoded JSON (audit change lists, MCP argument summaries) and `json.dumps` with its
//! default separators and ASCII escaping (audit details, SSE frames, the Sentinel
//! tool-trace size limit, which is measured on that text).

use serde_json::Value;
use std::fmt::Write;

/// Python's `str(value)` of a decoded JSON value.
pub fn python_str(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => python_repr(other),
    }
}

fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'")),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(python_repr).collect();
            format!("[{}]", inner.join(", "))
        }
        Value::Object(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|(key, value)| format!("'{key}': {}", python_repr(value)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

/// `json.dumps(value)`: `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`.
pub fn json_dumps(value: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, value);
    out
}

fn write_json(out: &mut String, value: &Value) {
    match value {
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(out, item);
            }
            out.push(']');
        }
        Value::Object(fields) => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_string(out, key);
                out.push_str(": ");
                write_json(out, item);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn str_matches_python() {
        assert_eq!(python_str(&json!(true)), "True");
        assert_eq!(python_str(&json!("22:00")), "22:00");
        assert_eq!(python_str(&json!(["mon", "tue"])), "['mon', 'tue']");
        assert_eq!(python_str(&json!({"cam": false})), "{'cam': False}");
        assert_eq!(python_str(&json!(5)), "5");
    }

    #[test]
    fn dumps_matches_python() {
        assert_eq!(
            json_dumps(&json!({"a": [1, "é"], "b": null})),
            r#"{"a": [1, "\u00e9"], "b": null}"#
        );
        assert_eq!(json_dumps(&json!("😀")), r#""\ud83d\ude00""#);
    }
}
