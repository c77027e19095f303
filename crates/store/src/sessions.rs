//! Browser sessions, stored in the database so that any instance can serve
//! any request. The cookie holds 256 random bits; the table holds their
//! SHA-256, so a copy of the database opens no session.

use crate::audit::Audit;
use crate::db::Store;
use crate::error::Result;
use crate::rows::{RowExt, now_ms};
use crate::secrets::{generate_secret, hash_token};
use crate::users::user_from_row;
use orderhub_domain::model::User;
use serde_json::json;

/// A session ends after this long without a request…
pub const IDLE_MS: i64 = 8 * 60 * 60 * 1000;
/// …and in any case this long after login.
pub const ABSOLUTE_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// `last_seen_at` is written at most this often.
const TOUCH_MS: i64 = 60_000;

/// A session just opened: the cookie value and the CSRF token.
pub struct NewSession {
    pub id: String,
    pub csrf_token: String,
}

/// Where a session is opened from, as the sign-in request said.
#[derive(Default, Clone, Copy)]
pub struct Origin<'a> {
    pub ip: &'a str,
    pub user_agent: &'a str,
}

/// One of a user's live sessions, as their profile lists it.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub created_at: time::OffsetDateTime,
    pub last_seen_at: time::OffsetDateTime,
    pub user_agent: String,
    pub ip: String,
    /// The session this request came with.
    pub current: bool,
}

/// The longest User-Agent kept (they are long; the start names the browser).
const USER_AGENT: usize = 300;

/// A live session's account.
pub struct SessionUser {
    pub user: User,
    pub csrf_token: String,
}

impl Store {
    /// Opens a session for `user` (at login: a new id every time).
    pub async fn open_session(&self, user_id: &str, from: Origin<'_>) -> Result<NewSession> {
        let id = generate_secret();
        let csrf_token = generate_secret();
        let now = now_ms();
        let agent: String = from.user_agent.chars().take(USER_AGENT).collect();
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, user_agent, ip) \
             VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
        )
        .bind(hash_token(&id))
        .bind(user_id)
        .bind(&csrf_token)
        .bind(now)
        .bind(now + ABSOLUTE_MS)
        .bind(agent)
        .bind(from.ip)
        .execute(&self.write)
        .await?;
        Ok(NewSession { id, csrf_token })
    }

    /// The account behind a session cookie, if the session is live and the
    /// account active; an expired session is removed.
    pub async fn session_user(&self, id: &str) -> Result<Option<SessionUser>> {
        let now = now_ms();
        let row = sqlx::query(
            "SELECT s.id_hash, s.csrf_token, s.last_seen_at, s.expires_at, u.id, u.email, u.display_name, u.role, \
             u.supplier_id, u.buyer_org_id, u.org_role, u.active, u.created_at, u.last_login_at, u.language, u.time_zone \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 \
             AND (u.supplier_id IS NULL OR u.supplier_id IN (SELECT id FROM suppliers WHERE active = 1))",
        )
        .bind(hash_token(id))
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let last_seen: i64 = row.col("last_seen_at")?;
        let expires: i64 = row.col("expires_at")?;
        let id_hash: String = row.col("id_hash")?;
        if now - last_seen > IDLE_MS || now > expires || !row.flag("active")? {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(&id_hash)
                .execute(&self.write)
                .await?;
            return Ok(None);
        }
        if now - last_seen > TOUCH_MS {
            let touched = sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
                .bind(&id_hash)
                .bind(now)
                .execute(&self.write)
                .await;
            if let Err(e) = touched {
                tracing::warn!(error = %e, "could not record the session's last use");
            }
        }
        let user = user_from_row(&row)?;
        Ok(Some(SessionUser {
            user,
            csrf_token: row.col("csrf_token")?,
        }))
    }

    /// Ends a session (logout); the cookie is worthless afterwards.
    pub async fn close_session(&self, id: &str, actor: &str, ip: &str) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(hash_token(id))
            .execute(&mut *tx)
            .await?;
        Audit {
            kind: "logout",
            actor,
            subject: None,
            ip: Some(ip),
            details: json!({}),
        }
        .write(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user's live sessions, newest use first; `current` is the
    /// cookie of the asking request.
    pub async fn list_sessions(&self, user_id: &str, current: &str) -> Result<Vec<SessionInfo>> {
        let now = now_ms();
        let rows = sqlx::query(
            "SELECT id_hash, created_at, last_seen_at, user_agent, ip FROM sessions \
             WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY last_seen_at DESC",
        )
        .bind(user_id)
        .bind(now)
        .bind(now - IDLE_MS)
        .fetch_all(&self.read)
        .await?;
        let mine = hash_token(current);
        rows.iter()
            .map(|r| {
                Ok(SessionInfo {
                    created_at: r.time("created_at")?,
                    last_seen_at: r.time("last_seen_at")?,
                    user_agent: r.col::<Option<String>>("user_agent")?.unwrap_or_default(),
                    ip: r.col::<Option<String>>("ip")?.unwrap_or_default(),
                    current: r.col::<String>("id_hash")? == mine,
                })
            })
            .collect()
    }

    /// Ends every other session of the account (after a password change).
    /// Ends every other session of the account (after a password change,
    /// or "sign out everywhere else"); how many ended.
    pub async fn close_other_sessions(&self, user_id: &str, keep: &str) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id)
            .bind(hash_token(keep))
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected())
    }
}
