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

/// Orders names as people read them: case aside, and runs of digits by their value, so
/// `Camera 2` comes before `Camera 10` (the dashboard's order).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (x, y) = (digit_run(&mut a), digit_run(&mut b));
                let order = x.len().cmp(&y.len()).then_with(|| x.cmp(&y));
                if order.is_ne() {
                    return order;
                }
            }
            (Some(x), Some(y)) => {
                let order = x.to_lowercase().cmp(y.to_lowercase());
                if order.is_ne() {
                    return order;
                }
                a.next();
                b.next();
            }
        }
    }
}

/// The digits at the front of `chars` without leading zeros (so their length orders them).
fn digit_run(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut run = String::new();
    while let Some(digit) = chars.next_if(char::is_ascii_digit) {
        if !(run.is_empty() && digit == '0') {
            run.push(digit);
        }
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn natural_order_reads_numbers_as_numbers() {
        let mut names = vec![
            "Camera 10",
            "camera 2",
            "Camera 1",
            "Back door",
            "Camera 02a",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "Back door",
                "Camera 1",
                "camera 2",
                "Camera 02a",
                "Camera 10"
            ]
        );
    }

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
