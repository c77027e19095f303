//! Secrets orderhub makes and how it keeps them: random tokens, and the
//! hash under which a token is stored.

use rand::RngExt;
use sha2::{Digest, Sha256};

/// Shortest token accepted from configuration.
pub const MIN_TOKEN_LEN: usize = 32;

/// Hex SHA-256: generated tokens carry 256 random bits and configured ones
/// must be at least [`MIN_TOKEN_LEN`] characters, so a fast hash is enough
/// (there is no dictionary to defend against, unlike passwords).
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// 43 characters of a 62-letter alphabet: 256 random bits.
pub fn generate_secret() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..43)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// A new API token: `oh_` and a secret.
pub fn generate_token() -> String {
    format!("oh_{}", generate_secret())
}
