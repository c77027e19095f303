//! Login throttling that an attacker cannot turn into a lock-out. Failed
//! sign-ins are counted in the audit log (so every instance sees them):
//!
//! - per account *and* address: [`PAIR_FAILURES`] within the window, then
//!   that address waits for that account — the owner elsewhere does not;
//! - per address: [`ADDRESS_FAILURES`], then everyone from it waits;
//! - per account from every address: past [`ACCOUNT_SLOWDOWN`] failures,
//!   attempts are spaced (1 s, 2 s, 4 s … at most a minute apart) rather
//!   than refused for 15 minutes;
//! - a device the account signed in from before (its `orderhub_device`
//!   cookie) is exempt from both account-wide rules: the right password
//!   from a known device always gets in (the address limit still holds).
//!
//! Refused attempts are not logged one by one: they are counted on one
//! `login_throttled` record per account and address within the window, so
//! a flood cannot grow the audit log without bound.

use crate::audit::failures;
use crate::db::Store;
use crate::error::Result;
use crate::rows::{RowExt, new_id, now_ms};
use crate::secrets::hash_token;
use sqlx::AnyConnection;

/// Failed logins allowed per account from one address within the window.
pub const PAIR_FAILURES: i64 = 5;
/// Failed logins allowed from one address (all accounts) within the window.
pub const ADDRESS_FAILURES: i64 = 20;
/// Failed logins for an account from anywhere before attempts are spaced.
pub const ACCOUNT_SLOWDOWN: i64 = 10;
/// The window failures are counted in.
pub const FAILURE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// The longest spacing of attempts under the slow-down.
const MAX_SPACING_MS: i64 = 60_000;
/// How long a device stays known without a sign-in.
pub const DEVICE_TTL_MS: i64 = 365 * 24 * 3600 * 1000;

/// Whose attempt it is.
pub(crate) struct Attempt<'a> {
    /// The audit record of this attempt (excluded from the counts).
    pub id: &'a str,
    /// The normalised e-mail.
    pub key: &'a str,
    pub ip: &'a str,
    /// The device cookie is one this account signed in from.
    pub known_device: bool,
}

impl Store {
    /// `Some(seconds)` when the attempt must wait, `None` to check it.
    pub(crate) async fn throttled(&self, a: &Attempt<'_>, now: i64) -> Result<Option<u64>> {
        let mut conn = self.read.acquire().await?;
        let window = now - FAILURE_WINDOW_MS;
        let last_success: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(created_at) FROM audit_events WHERE kind = 'login' AND subject = $1",
        )
        .bind(a.key)
        .fetch_one(&mut *conn)
        .await?;
        let account_since = last_success.map_or(window, |t| t.max(window));
        let by_address = failures(&mut conn, &[("ip", a.ip)], window, a.id).await?;
        if by_address.count >= ADDRESS_FAILURES {
            return Ok(Some(wait(by_address.oldest, now)));
        }
        if a.known_device {
            return Ok(None);
        }
        let pair = [("subject", a.key), ("ip", a.ip)];
        let by_pair = failures(&mut conn, &pair, account_since, a.id).await?;
        if by_pair.count >= PAIR_FAILURES {
            return Ok(Some(wait(by_pair.oldest, now)));
        }
        let by_account = failures(&mut conn, &[("subject", a.key)], account_since, a.id).await?;
        if by_account.count >= ACCOUNT_SLOWDOWN {
            let excess = (by_account.count - ACCOUNT_SLOWDOWN).min(16) as u32;
            let spacing = (1000i64 << excess).min(MAX_SPACING_MS);
            let since_last = now - by_account.newest.unwrap_or(0);
            if since_last < spacing {
                return Ok(Some(secs(spacing - since_last)));
            }
        }
        Ok(None)
    }

    /// Counts a refused attempt on the window's `login_throttled` record
    /// of its account and address, instead of keeping a record of its own.
    pub(crate) async fn count_throttled(&self, a: &Attempt<'_>, now: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM audit_events WHERE id = $1")
            .bind(a.id)
            .execute(&mut *tx)
            .await?;
        let existing = sqlx::query(
            "SELECT id, details FROM audit_events WHERE kind = 'login_throttled' AND subject = $1 \
             AND ip = $2 AND created_at > $3 ORDER BY created_at DESC LIMIT 1",
        )
        .bind(a.key)
        .bind(a.ip)
        .bind(now - FAILURE_WINDOW_MS)
        .fetch_optional(&mut *tx)
        .await?;
        match existing {
            Some(row) => {
                let details: String = row.col("details")?;
                let count = serde_json::from_str::<serde_json::Value>(&details)
                    .ok()
                    .and_then(|d| d["count"].as_i64())
                    .unwrap_or(1);
                let details = serde_json::json!({ "count": count + 1, "last_at": now });
                sqlx::query("UPDATE audit_events SET details = $2 WHERE id = $1")
                    .bind(row.col::<String>("id")?)
                    .bind(details.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO audit_events (id, kind, actor, subject, ip, details, created_at) \
                     VALUES ($1, 'login_throttled', 'anonymous', $2, $3, $4, $5)",
                )
                .bind(new_id())
                .bind(a.key)
                .bind(a.ip)
                .bind(serde_json::json!({ "count": 1, "last_at": now }).to_string())
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether `device` (a cookie's value) is one the account with e-mail
    /// `key` signed in from within [`DEVICE_TTL_MS`].
    pub(crate) async fn is_known_device(&self, key: &str, device: Option<&str>) -> Result<bool> {
        let Some(device) = device.filter(|d| !d.is_empty()) else {
            return Ok(false);
        };
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT d.last_seen_at FROM known_devices d JOIN users u ON u.id = d.user_id \
             WHERE d.id_hash = $1 AND u.email_key = $2",
        )
        .bind(hash_token(device))
        .bind(key)
        .fetch_optional(&self.read)
        .await?;
        Ok(found.is_some_and(|t| now_ms() - t < DEVICE_TTL_MS))
    }

    /// Records a sign-in from a device: the same one (when known) or a new
    /// one; the cookie value to set.
    pub(crate) async fn remember_device(
        &self,
        user_id: &str,
        device: Option<&str>,
        known: bool,
    ) -> Result<String> {
        let now = now_ms();
        if let (Some(d), true) = (device, known) {
            sqlx::query("UPDATE known_devices SET last_seen_at = $2 WHERE id_hash = $1")
                .bind(hash_token(d))
                .bind(now)
                .execute(&self.write)
                .await?;
            return Ok(d.to_owned());
        }
        let token = crate::secrets::generate_token();
        let mut conn = self.write.acquire().await?;
        forget_stale_devices(&mut conn, user_id, now).await?;
        sqlx::query(
            "INSERT INTO known_devices (id_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(hash_token(&token))
        .bind(user_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        Ok(token)
    }
}

/// Removes a user's devices unseen for [`DEVICE_TTL_MS`].
async fn forget_stale_devices(conn: &mut AnyConnection, user_id: &str, now: i64) -> Result<()> {
    sqlx::query("DELETE FROM known_devices WHERE user_id = $1 AND last_seen_at < $2")
        .bind(user_id)
        .bind(now - DEVICE_TTL_MS)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Seconds until the oldest counted failure leaves the window.
fn wait(oldest: Option<i64>, now: i64) -> u64 {
    secs(oldest.unwrap_or(now) + FAILURE_WINDOW_MS - now)
}

fn secs(ms: i64) -> u64 {
    u64::try_from((ms + 999) / 1000).unwrap_or(1).max(1)
}
