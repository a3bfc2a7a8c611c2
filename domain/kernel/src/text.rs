//! Text as every store can hold it. PostgreSQL's `text` cannot contain U+0000 (SQLite's
//! can), so a NUL arriving from outside becomes U+FFFD, the replacement character, at the
//! edge: both backends then store and match the same string, a lookup by an id holding a
//! NUL finds nothing instead of failing, and no string changes length.

use serde_json::Value;
use std::borrow::Cow;

pub const NUL_REPLACEMENT: char = '\u{FFFD}';

/// `text` with every U+0000 replaced (borrowed when there is none).
pub fn nul_free(text: &str) -> Cow<'_, str> {
    if text.contains('\0') {
        Cow::Owned(text.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Every string of `value`, object keys included, made [`nul_free`] in place.
pub fn make_nul_free(value: &mut Value) {
    match value {
        Value::String(text) => {
            if let Cow::Owned(fixed) = nul_free(text) {
                *text = fixed;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(make_nul_free),
        Value::Object(fields) => {
            if fields.keys().any(|key| key.contains('\0')) {
                *fields = std::mem::take(fields)
                    .into_iter()
                    .map(|(key, value)| (nul_free(&key).into_owned(), value))
                    .collect();
            }
            fields.values_mut().for_each(make_nul_free);
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// A URI's path and query with each `%00` escape spelled as U+FFFD's (`%EF%BF%BD`), so
/// whatever decodes it reads [`nul_free`] text; every other byte stays as sent. (A `%` is
/// never a hex digit of another escape, so each `%00` found is one.)
pub fn nul_free_escapes(uri: &str) -> Cow<'_, str> {
    if uri.contains("%00") {
        Cow::Owned(uri.replace("%00", "%EF%BF%BD"))
    } else {
        Cow::Borrowed(uri)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_nul_becomes_the_replacement_character() {
        assert_eq!(nul_free("a\0b"), "a\u{FFFD}b");
        assert!(matches!(nul_free("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn every_string_of_a_json_value_is_fixed() {
        let mut value = json!({"a\u{0}": ["x\u{0}", {"k": "\u{0}"}], "n": 1, "s": "ok"});
        make_nul_free(&mut value);
        assert_eq!(
            value,
            json!({"a\u{FFFD}": ["x\u{FFFD}", {"k": "\u{FFFD}"}], "n": 1, "s": "ok"})
        );
    }

    #[test]
    fn only_nul_escapes_are_respelled() {
        assert_eq!(
            nul_free_escapes("/api/cameras/a%00b?event=%00&x=%2500"),
            "/api/cameras/a%EF%BF%BDb?event=%EF%BF%BD&x=%2500"
        );
        assert!(matches!(nul_free_escapes("/a%20b?c=%25"), Cow::Borrowed(_)));
        // A stray `%` is read literally by decoders, so the escape after it is still one.
        assert_eq!(nul_free_escapes("/%%00"), "/%%EF%BF%BD");
    }
}
