//! `segment_<digits>.ts`: the only file names the segment cache accepts (data-model §3).

use std::fmt;
use std::str::FromStr;

/// Longest digit run accepted. The CloudNode writes 5 digits (6+ past 99 999); more than
/// 20 cannot be a real sequence number (and would not fit a `u64`).
const MAX_DIGITS: usize = 20;

/// A validated segment file name, held as its sequence number and digit count so it costs
/// no allocation and compares cheaply. It prints back exactly as received
/// (`segment_00042.ts` stays zero-padded to 5 digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SegmentName {
    sequence: u64,
    digits: u8,
}

/// Not `^segment_\d+\.ts$` (ASCII digits only, nothing before or after: no path, no
/// traversal, no query, no trailing newline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Invalid segment filename")]
pub struct InvalidSegmentName;

impl SegmentName {
    pub fn parse(name: &str) -> Result<Self, InvalidSegmentName> {
        let digits = name
            .strip_prefix("segment_")
            .and_then(|rest| rest.strip_suffix(".ts"))
            .ok_or(InvalidSegmentName)?;
        if digits.is_empty()
            || digits.len() > MAX_DIGITS
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(InvalidSegmentName);
        }
        let sequence = digits.parse::<u64>().map_err(|_| InvalidSegmentName)?;
        let digits = u8::try_from(digits.len()).map_err(|_| InvalidSegmentName)?;
        Ok(Self { sequence, digits })
    }

    /// The FFmpeg sequence number (restarts at 0 with every pipeline start).
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// How many digits the name carries (its zero padding).
    pub fn digits(&self) -> u8 {
        self.digits
    }

    /// Rebuilds a name from [`SegmentName::sequence`] and [`SegmentName::digits`] of a valid
    /// one (how the ring stores names without their padding bytes).
    pub(crate) fn from_parts(sequence: u64, digits: u8) -> Self {
        Self { sequence, digits }
    }
}

impl FromStr for SegmentName {
    type Err = InvalidSegmentName;
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::parse(name)
    }
}

impl fmt::Display for SegmentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "segment_{:0width$}.ts",
            self.sequence,
            width = usize::from(self.digits)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_names_parse_and_print_back_unchanged() {
        for name in [
            "segment_00000.ts",
            "segment_00042.ts",
            "segment_123456.ts",
            "segment_7.ts",
            "segment_18446744073709551615.ts",
        ] {
            assert_eq!(SegmentName::parse(name).unwrap().to_string(), name);
        }
        assert_eq!(
            SegmentName::parse("segment_00042.ts").unwrap().sequence(),
            42
        );
    }

    #[test]
    fn padding_is_part_of_the_name() {
        let padded = SegmentName::parse("segment_00001.ts").unwrap();
        let bare = SegmentName::parse("segment_1.ts").unwrap();
        assert_ne!(padded, bare);
        assert_eq!(padded.sequence(), bare.sequence());
    }

    #[test]
    fn traversal_and_lookalikes_are_refused() {
        for name in [
            "../secret.env",
            "segment_00001.ts/..",
            "../segment_00001.ts",
            "dir/segment_00001.ts",
            "segment_00001.ts\n",
            " segment_00001.ts",
            "segment_00001.ts?x=1",
            "seg.ts",
            "segment_a.ts",
            "segment_.ts",
            "segment_1.TS",
            "segment_-1.ts",
            "segment_+1.ts",
            "segment_\u{0661}.ts",
            "segment_18446744073709551616.ts",
            "segment_000000000000000000001.ts",
            "",
        ] {
            assert_eq!(
                SegmentName::parse(name),
                Err(InvalidSegmentName),
                "{name:?}"
            );
        }
    }
}
