//! Python's `int(text)` for the decimal strings in Clerk's `fpm` claim (and in motion
//! events' scores), and the two ways the original reads bits of the result. Both
//! permission decoders (§2.3) were written in Python, so "is this an integer" and "is bit j
//! set" follow Python, not `u64` parsing.

/// Python refuses to convert longer decimal strings (`sys.int_info.str_digits_check_threshold`
/// default), which also bounds the quadratic conversion below.
const MAX_DIGITS: usize = 4300;

/// An arbitrary-size integer, as sign and magnitude bits (least significant first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyInt {
    negative: bool,
    magnitude: Vec<bool>,
}

impl PyInt {
    /// `int(text)`: surrounding whitespace, one optional sign, ASCII digits with single
    /// underscores between them. `None` where Python raises `ValueError`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (negative, digits) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        if digits.is_empty()
            || digits.starts_with('_')
            || digits.ends_with('_')
            || digits.contains("__")
        {
            return None;
        }
        let decimal = digits
            .bytes()
            .filter(|b| *b != b'_')
            .map(|b| b.is_ascii_digit().then(|| b - b'0'))
            .collect::<Option<Vec<u8>>>()?;
        if decimal.len() > MAX_DIGITS {
            return None;
        }
        let magnitude = decimal_to_bits(decimal);
        Some(Self {
            negative: negative && !magnitude.is_empty(),
            magnitude,
        })
    }

    /// The value, saturated to `i128` (enough to tell an `i64` from an overflow, and to
    /// clamp into a small range).
    pub fn saturating_i128(&self) -> i128 {
        if self.magnitude.len() > 127 {
            return if self.negative { i128::MIN } else { i128::MAX };
        }
        let magnitude = self
            .magnitude
            .iter()
            .rev()
            .fold(0i128, |value, bit| (value << 1) | i128::from(*bit));
        if self.negative { -magnitude } else { magnitude }
    }

    /// Bit `j` of `abs(n)`: what the SDK's `bin(int(x))[2:]` string walk sees (for a negative
    /// number the leading `b` of `-0b…` is never a `1`).
    pub fn magnitude_bit(&self, j: usize) -> bool {
        self.magnitude.get(j).copied().unwrap_or(false)
    }

    /// Bit `j` of `n` in two's complement, what Python's `n & (1 << j)` tests: for a negative
    /// `n`, bit j of `n` is the inverse of bit j of `abs(n) - 1`.
    pub fn twos_complement_bit(&self, j: usize) -> bool {
        if !self.negative {
            return self.magnitude_bit(j);
        }
        !minus_one_bit(&self.magnitude, j)
    }
}

/// Little-endian bits of a big-endian decimal digit string, by repeated halving.
fn decimal_to_bits(mut decimal: Vec<u8>) -> Vec<bool> {
    let mut bits = Vec::new();
    while decimal.iter().any(|d| *d != 0) {
        let mut remainder = 0;
        for digit in decimal.iter_mut() {
            let current = remainder * 10 + *digit;
            *digit = current / 2;
            remainder = current % 2;
        }
        bits.push(remainder == 1);
    }
    bits
}

/// Bit `j` of `m - 1` for a positive `m` given as little-endian bits: the borrow flips every
/// bit up to and including the lowest set bit.
fn minus_one_bit(magnitude: &[bool], j: usize) -> bool {
    let lowest_set = magnitude.iter().position(|bit| *bit).unwrap_or(0);
    let bit = magnitude.get(j).copied().unwrap_or(false);
    if j <= lowest_set { !bit } else { bit }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value_bits(text: &str, width: usize, twos: bool) -> Vec<bool> {
        let n = PyInt::parse(text).unwrap();
        (0..width)
            .map(|j| {
                if twos {
                    n.twos_complement_bit(j)
                } else {
                    n.magnitude_bit(j)
                }
            })
            .collect()
    }

    #[test]
    fn parses_what_python_int_accepts() {
        for text in ["3", " 3 ", "+3", "0003", "1_1", "-0", "\t7\n"] {
            assert!(PyInt::parse(text).is_some(), "{text:?}");
        }
    }

    #[test]
    fn rejects_what_python_int_rejects() {
        for text in [
            "", " ", "x", "3.0", "0x3", "1__1", "_1", "1_", "- 3", "3a", "+-3",
        ] {
            assert!(PyInt::parse(text).is_none(), "{text:?}");
        }
        assert!(PyInt::parse(&"9".repeat(MAX_DIGITS + 1)).is_none());
        assert!(PyInt::parse(&"9".repeat(MAX_DIGITS)).is_some());
    }

    #[test]
    fn values_saturate_to_i128() {
        let value = |text: &str| PyInt::parse(text).unwrap().saturating_i128();
        assert_eq!(value(" 250 "), 250);
        assert_eq!(value("-1_0"), -10);
        assert_eq!(value("-0"), 0);
        assert_eq!(value("9223372036854775808"), 9_223_372_036_854_775_808);
        assert_eq!(value(&i128::MAX.to_string()), i128::MAX);
        assert_eq!(value(&format!("{}0", i128::MAX)), i128::MAX);
        assert_eq!(value(&format!("-{}0", i128::MAX)), i128::MIN);
    }

    #[test]
    fn positive_bits_are_binary_digits() {
        assert_eq!(value_bits("5", 4, false), [true, false, true, false]);
        assert_eq!(value_bits("5", 4, true), [true, false, true, false]);
        assert_eq!(value_bits("0", 3, true), [false, false, false]);
    }

    #[test]
    fn numbers_beyond_u128_keep_their_bits() {
        // 2^130 + 1
        let n = PyInt::parse("1361129467683753853853498429727072845825").unwrap();
        assert!(n.magnitude_bit(0));
        assert!(n.magnitude_bit(130));
        assert!(!n.magnitude_bit(129));
        assert!(!n.magnitude_bit(131));
    }

    #[test]
    fn negative_numbers_differ_between_the_two_readings() {
        // -3: magnitude 0b11; two's complement ...11101
        assert_eq!(
            value_bits("-3", 5, false),
            [true, true, false, false, false]
        );
        assert_eq!(value_bits("-3", 5, true), [true, false, true, true, true]);
        // -4: two's complement ...11100
        assert_eq!(value_bits("-4", 5, true), [false, false, true, true, true]);
        assert_eq!(value_bits("-1", 3, true), [true, true, true]);
    }
}
