//! API key hashing: only the SHA-256 of a key is ever stored or compared.

use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of the key's UTF-8 bytes (how `camera_nodes.api_key_hash` and
/// the MCP/integration key hashes are stored).
pub fn api_key_hash(raw_key: &str) -> String {
    hex::encode(Sha256::digest(raw_key.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_lowercase_hex_sha256() {
        assert_eq!(
            api_key_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
