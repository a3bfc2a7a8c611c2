//! CloudNode versions: what a node reports on register/heartbeat, read leniently, and checked
//! against the supported floor and the latest release (rest-api.md §2.9).

use std::fmt;

/// A release number `X.Y.Z`. Ordered numerically (`0.1.9 < 0.1.10`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct NodeVersion {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl NodeVersion {
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major,
            minor,
            patch,
        }
    }

    /// Reads `^\s*v?(\d+)\.(\d+)\.(\d+)`: leading whitespace and one `v` allowed, anything
    /// after the third number ignored (`0.1.73-beta` is `0.1.73`). Text that does not match
    /// is `0.0.0`, so garbage is gated by any floor above it.
    pub fn parse_lenient(raw: &str) -> Self {
        let text = raw.trim_start();
        let text = text.strip_prefix('v').unwrap_or(text);
        let Some((major, rest)) = leading_number(text) else {
            return Self::default();
        };
        let Some((minor, rest)) = rest.strip_prefix('.').and_then(leading_number) else {
            return Self::default();
        };
        let Some((patch, _)) = rest.strip_prefix('.').and_then(leading_number) else {
            return Self::default();
        };
        Self::new(major, minor, patch)
    }
}

impl fmt::Display for NodeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The supported floor and the newest release, as the server knows them right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionPolicy {
    pub min_supported: NodeVersion,
    pub latest: NodeVersion,
}

/// What the server makes of the version a node reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionVerdict {
    /// The parsed version, `None` when the node sent none (null or empty).
    pub reported: Option<NodeVersion>,
    /// A node that sends no version is supported; one that does must be at least the floor.
    pub supported: bool,
    /// The latest release when the node is behind it (always for a node sending no version).
    pub update_available: Option<NodeVersion>,
}

impl VersionPolicy {
    /// Both ends read with [`NodeVersion::parse_lenient`].
    pub fn new(min_supported: &str, latest: &str) -> Self {
        Self {
            min_supported: NodeVersion::parse_lenient(min_supported),
            latest: NodeVersion::parse_lenient(latest),
        }
    }

    /// Checks a reported version (`None` or `""` meaning "not sent").
    pub fn check(&self, reported: Option<&str>) -> VersionVerdict {
        let reported = reported
            .filter(|raw| !raw.is_empty())
            .map(NodeVersion::parse_lenient);
        let current = reported.unwrap_or_default();
        VersionVerdict {
            reported,
            supported: reported.is_none_or(|version| version >= self.min_supported),
            update_available: (current < self.latest).then_some(self.latest),
        }
    }
}

/// The ASCII digits at the start of `text` as a number (saturating), and what follows.
fn leading_number(text: &str) -> Option<(u64, &str)> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if end == 0 {
        return None;
    }
    let (digits, rest) = text.split_at(end);
    let value = digits.bytes().fold(0u64, |acc, digit| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    });
    Some((value, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> NodeVersion {
        NodeVersion::parse_lenient(text)
    }

    #[test]
    fn parses_the_leading_triple_and_ignores_suffixes() {
        assert_eq!(v("0.1.73"), NodeVersion::new(0, 1, 73));
        assert_eq!(v("  v1.2.3-beta+7"), NodeVersion::new(1, 2, 3));
        assert_eq!(v("2.0.10.4"), NodeVersion::new(2, 0, 10));
        assert_eq!(v("007.08.009").to_string(), "7.8.9");
    }

    #[test]
    fn anything_else_is_zero() {
        for garbage in [
            "", "garbage", "1.2", "v.1.2.3", "1..2.3", "x1.2.3", "vv1.2.3", "1.2.x",
        ] {
            assert_eq!(v(garbage), NodeVersion::default(), "{garbage:?}");
        }
    }

    #[test]
    fn the_stored_text_is_never_longer_than_what_was_sent_or_five() {
        // The stored `X.Y.Z` must fit the column the sent text was checked against.
        for sent in [
            "0.1.73",
            "v0007.0008.0009-beta",
            &format!("{0}.{0}.{0}", "9".repeat(16)),
            &format!("{}.1.1", "9".repeat(46)),
            "99999999999999999999.99999999999999999999.99999999",
            "x",
        ] {
            let stored = v(sent).to_string();
            assert!(
                stored.chars().count() <= sent.chars().count().max(5),
                "{sent:?} -> {stored:?}"
            );
        }
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(v("0.1.9") < v("0.1.10"));
        assert!(v("0.2.0") > v("0.1.99"));
    }

    #[test]
    fn no_version_is_supported_but_always_offered_the_latest() {
        let policy = VersionPolicy::new("0.1.0", "0.1.73");
        for missing in [None, Some("")] {
            let verdict = policy.check(missing);
            assert!(verdict.supported);
            assert_eq!(verdict.reported, None);
            assert_eq!(verdict.update_available, Some(v("0.1.73")));
        }
    }

    #[test]
    fn below_the_floor_is_unsupported_and_garbage_counts_as_zero() {
        let policy = VersionPolicy::new("0.1.50", "0.1.73");
        assert!(!policy.check(Some("0.1.49")).supported);
        assert!(policy.check(Some("0.1.50")).supported);
        let garbage = policy.check(Some("banana"));
        assert!(!garbage.supported);
        assert_eq!(garbage.reported, Some(NodeVersion::default()));
    }

    #[test]
    fn update_is_offered_only_below_the_latest() {
        let policy = VersionPolicy::new("0.1.0", "0.3.0");
        assert_eq!(
            policy.check(Some("0.2.0")).update_available,
            Some(v("0.3.0"))
        );
        assert_eq!(policy.check(Some("0.3.0")).update_available, None);
        assert_eq!(policy.check(Some("0.4.0")).update_available, None);
    }
}
