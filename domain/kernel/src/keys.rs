//! API key hashing: only the SHA-256 of a key is ever stored or compared; and the one
//! constant-time comparison of presented secrets.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Lowercase hex SHA-256 of the key's UTF-8 bytes (how `camera_nodes.api_key_hash` and
/// the MCP/integration key hashes are stored).
pub fn api_key_hash(raw_key: &str) -> String {
    hex::encode(Sha256::digest(raw_key.as_bytes()))
}

/// Whether a presented secret equals the expected one, in time independent of where they
/// differ and of their lengths (both are hashed first, then compared in constant time).
pub fn secrets_match(presented: &[u8], expected: &[u8]) -> bool {
    let presented = Sha256::digest(presented);
    let expected = Sha256::digest(expected);
    presented.ct_eq(&expected).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_match_only_when_equal() {
        assert!(secrets_match(b"secret", b"secret"));
        assert!(!secrets_match(b"secret", b"secreT"));
        assert!(!secrets_match(b"secret", b"secret!"));
        assert!(!secrets_match(b"", b"secret"));
        assert!(secrets_match(b"", b""));
    }

    #[test]
    fn hashes_are_lowercase_hex_sha256() {
        assert_eq!(
            api_key_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
