//! `Idempotency-Key`: the first response to a key is saved for 24 hours and
//! replayed for every retry with the same body; a different body under the
//! same key is refused.

use crate::db::Store;
use crate::error::Result;
use crate::rows::{RowExt, now_ms};

/// How long a key is remembered.
pub const TTL_MS: i64 = 24 * 60 * 60 * 1000;

/// A request that has claimed a key but not answered within this long is
/// taken to have died (the server crashed); its key may be claimed again.
const ABANDONED_MS: i64 = 60_000;

/// What to do with a request carrying a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyStart {
    /// First use: run the request, then call `idempotency_finish`.
    Proceed,
    /// Seen before with the same body: answer with this.
    Replay { status: u16, body: String },
    /// Seen before with another body.
    Mismatch,
    /// The first request with this key is still running.
    InFlight,
}

impl Store {
    /// Claims `key` for `principal`, or says how the earlier use ended.
    pub async fn idempotency_start(
        &self,
        principal: &str,
        key: &str,
        request_hash: &str,
    ) -> Result<IdempotencyStart> {
        let now = now_ms();
        let mut tx = self.begin().await?;
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE principal = $1 AND idem_key = $2 \
             AND (created_at < $3 OR (status_code IS NULL AND created_at < $4))",
        )
        .bind(principal)
        .bind(key)
        .bind(now - TTL_MS)
        .bind(now - ABANDONED_MS)
        .execute(&mut *tx)
        .await?;
        // Claim the key, or read how its earlier use ended. If that earlier
        // request is released between the two statements, claim again.
        let mut outcome = IdempotencyStart::InFlight;
        for _ in 0..3 {
            let claimed: Option<String> = sqlx::query_scalar(
                "INSERT INTO idempotency_keys (principal, idem_key, request_hash, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (principal, idem_key) DO NOTHING RETURNING idem_key",
            )
            .bind(principal)
            .bind(key)
            .bind(request_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if claimed.is_some() {
                outcome = IdempotencyStart::Proceed;
                break;
            }
            let row = sqlx::query(
                "SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE principal = $1 AND idem_key = $2",
            )
            .bind(principal)
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else { continue };
            let hash: String = row.col("request_hash")?;
            let status: Option<i64> = row.col("status_code")?;
            outcome = match status {
                _ if hash != request_hash => IdempotencyStart::Mismatch,
                None => IdempotencyStart::InFlight,
                Some(s) => IdempotencyStart::Replay {
                    status: u16::try_from(s).unwrap_or(500),
                    body: row
                        .col::<Option<String>>("response_body")?
                        .unwrap_or_default(),
                },
            };
            break;
        }
        tx.commit().await?;
        Ok(outcome)
    }

    /// Saves the response to replay.
    pub async fn idempotency_finish(
        &self,
        principal: &str,
        key: &str,
        status: u16,
        body: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE idempotency_keys SET status_code = $3, response_body = $4 WHERE principal = $1 AND idem_key = $2")
            .bind(principal)
            .bind(key)
            .bind(i64::from(status))
            .bind(body)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Forgets a key whose request failed on the server side, so that a
    /// retry runs it again.
    pub async fn idempotency_release(&self, principal: &str, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM idempotency_keys WHERE principal = $1 AND idem_key = $2 AND status_code IS NULL")
            .bind(principal)
            .bind(key)
            .execute(&self.write)
            .await?;
        Ok(())
    }
}
