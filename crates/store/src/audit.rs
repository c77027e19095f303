//! The security audit log: logins, failures, tokens, users and roles. It
//! also backs login rate limiting, so throttling holds across instances.

use crate::db::Store;
use crate::error::Result;
use crate::rows::{RowExt, new_id, newest_first, now_ms, to_json};
use orderhub_domain::model::{AuditEvent, Page};
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Executor};

/// A security event about to be written.
pub(crate) struct Audit<'a> {
    pub kind: &'static str,
    pub actor: &'a str,
    pub subject: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub details: Value,
}

impl Audit<'_> {
    pub async fn write<'e, E: Executor<'e, Database = sqlx::Any>>(self, db: E) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_events (id, kind, actor, subject, ip, details, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(self.kind)
        .bind(self.actor)
        .bind(self.subject)
        .bind(self.ip)
        .bind(to_json(&self.details))
        .bind(now_ms())
        .execute(db)
        .await?;
        Ok(())
    }
}

/// Failed logins counted within a window.
pub(crate) struct Failures {
    pub count: i64,
    /// When the oldest and the newest of them happened (ms).
    pub oldest: Option<i64>,
    pub newest: Option<i64>,
}

pub(crate) async fn failures(
    conn: &mut AnyConnection,
    matching: &[(&'static str, &str)],
    since_ms: i64,
    except: &str,
) -> Result<Failures> {
    let mut sql = String::from(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest, MAX(created_at) AS newest FROM audit_events \
         WHERE kind = 'login_failed' AND created_at > $1 AND id <> $2",
    );
    for (i, (column, _)) in matching.iter().enumerate() {
        sql.push_str(&format!(" AND {column} = ${}", i + 3));
    }
    let mut q = sqlx::query(AssertSqlSafe(sql)).bind(since_ms).bind(except);
    for (_, value) in matching {
        q = q.bind(*value);
    }
    let row = q.fetch_one(&mut *conn).await?;
    Ok(Failures {
        count: row.col("n")?,
        oldest: row.col("oldest")?,
        newest: row.col("newest")?,
    })
}

impl Store {
    /// Newest first, keyset-paginated; optionally one kind.
    pub async fn list_audit(
        &self,
        kind: Option<&str>,
        limit: i64,
        cursor: Option<&str>,
    ) -> Result<Page<AuditEvent>> {
        let select = "SELECT id, kind, actor, subject, ip, details, created_at FROM audit_events WHERE 1 = 1";
        let conditions = vec![(" AND kind = ", kind.map(str::to_owned))];
        let from_row = |r: &AnyRow| {
            Ok(AuditEvent {
                id: r.col("id")?,
                kind: r.col("kind")?,
                actor: r.col("actor")?,
                subject: r.col("subject")?,
                ip: r.col("ip")?,
                details: r.json("details")?,
                created_at: r.time("created_at")?,
            })
        };
        let cursor = cursor.map(str::to_owned);
        newest_first(
            &self.read,
            (select.into(), Vec::new()),
            conditions,
            cursor,
            limit,
            from_row,
            ("id", |e: &AuditEvent| e.id.clone()),
        )
        .await
    }
}
