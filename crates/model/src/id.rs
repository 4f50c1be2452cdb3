//! Stable identifiers: content hashes, never counters or clocks.

use sha2::{Digest, Sha256};

/// Full lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// A document id: the first 16 hex digits of the SHA-256 of the file's bytes. The same
/// bytes give the same id wherever the file lives.
pub fn doc_id(bytes: &[u8]) -> String {
    let mut s = sha256_hex(bytes);
    s.truncate(16);
    s
}

/// A short stable id made from labelled parts (`["E09000007", "ilacs", "2022-04-25"]`).
/// Parts are joined with a separator that cannot occur in them, so different part lists
/// never collide by concatenation.
pub fn key_id(prefix: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0x1f]);
    }
    let mut s = hex(&h.finalize());
    s.truncate(16);
    format!("{prefix}{s}")
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_id_is_stable_and_short() {
        assert_eq!(doc_id(b"abc"), "ba7816bf8f01cfea");
        assert_eq!(doc_id(b"abc"), doc_id(b"abc"));
    }

    #[test]
    fn key_id_separates_parts() {
        assert_ne!(key_id("i", &["ab", "c"]), key_id("i", &["a", "bc"]));
        assert!(key_id("insp_", &["x"]).starts_with("insp_"));
    }
}
