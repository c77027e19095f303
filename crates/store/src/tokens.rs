//! API tokens: shown once, stored as a SHA-256 hash.

use crate::db::Store;
use crate::error::Result;
use crate::rows::{RowExt, new_id, now_ms};
use rand::RngExt;
use sha2::{Digest, Sha256};

/// Shortest token accepted from configuration.
pub const MIN_TOKEN_LEN: usize = 32;

/// A verified token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub role: String,
}

/// `last_used_at` is written at most this often per token, so that reads
/// do not turn into writes.
const LAST_USED_RESOLUTION_MS: i64 = 60_000;

/// Hex SHA-256: generated tokens carry 256 random bits and configured ones
/// must be at least [`MIN_TOKEN_LEN`] characters, so a fast hash is enough
/// (there is no dictionary to defend against, unlike passwords).
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new random token: `oh_` and 43 characters of URL-safe alphabet.
pub fn generate_token() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let body: String = (0..43)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("oh_{body}")
}

impl Store {
    /// Stores `token` (hashed) under `name`, replacing the token of that
    /// name but keeping its id (per-caller state such as idempotency keys
    /// stays with it).
    pub async fn put_token(&self, name: &str, role: &str, token: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        // The same secret under another name becomes this one.
        sqlx::query("DELETE FROM api_tokens WHERE token_hash = $1 AND name <> $2")
            .bind(hash_token(token))
            .bind(name)
            .execute(&mut *tx)
            .await?;
        let updated: Option<String> = sqlx::query_scalar(
            "UPDATE api_tokens SET token_hash = $2, role = $3, revoked_at = NULL WHERE name = $1 RETURNING id",
        )
        .bind(name)
        .bind(hash_token(token))
        .bind(role)
        .fetch_optional(&mut *tx)
        .await?;
        if updated.is_none() {
            sqlx::query("INSERT INTO api_tokens (id, name, token_hash, role, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(new_id())
                .bind(name)
                .bind(hash_token(token))
                .bind(role)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether any usable token exists.
    pub async fn has_tokens(&self) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL")
            .fetch_one(&self.read)
            .await?;
        Ok(n > 0)
    }

    /// The token's identity, or `None` when unknown, revoked or expired.
    pub async fn verify_token(&self, token: &str) -> Result<Option<TokenInfo>> {
        let now = now_ms();
        let row = sqlx::query(
            "SELECT id, name, role, last_used_at FROM api_tokens WHERE token_hash = $1 \
             AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(hash_token(token))
        .bind(now)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let info = TokenInfo {
            id: row.col("id")?,
            name: row.col("name")?,
            role: row.col("role")?,
        };
        let last: Option<i64> = row.col("last_used_at")?;
        if last.is_none_or(|l| now - l > LAST_USED_RESOLUTION_MS) {
            // Bookkeeping only: a busy database must not fail the request.
            let touched = sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                .bind(&info.id)
                .bind(now)
                .execute(&self.write)
                .await;
            if let Err(e) = touched {
                tracing::warn!(error = %e, "could not record the token's last use");
            }
        }
        Ok(Some(info))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = super::generate_token();
        assert_eq!(a.len(), 46);
        assert_ne!(a, super::generate_token());
        assert_eq!(super::hash_token("x"), super::hash_token("x"));
        assert_eq!(super::hash_token("x").len(), 64);
    }
}
