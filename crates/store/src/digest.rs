//! The daily digest (每日汇总): each morning, a person or robot that
//! chose the topic gets the figures of its work: tasks to accept, in
//! work, late (and, for the seller's staff, orders held). The scheduler
//! decides when it is morning where each reader is; the digest's id is
//! made of the reader and the local day, so it is written once a day.

use crate::db::Store;
use crate::error::Result;
use crate::rows::{RowExt, to_json};
use serde_json::{Value, json};

/// Who reads a digest.
#[derive(Debug, Clone)]
pub struct DigestReader {
    /// `user:<id>` or `robot:<id>`.
    pub key: String,
    pub supplier_id: Option<String>,
    pub time_zone: Option<String>,
}

impl Store {
    /// The people (who want it by e-mail) and robots that chose the
    /// digest.
    pub async fn digest_readers(&self) -> Result<Vec<DigestReader>> {
        let rows = sqlx::query(
            "SELECT 'user:' || u.id AS reader, u.supplier_id, u.time_zone FROM users u \
             WHERE u.active = 1 AND u.buyer_org_id IS NULL AND (u.supplier_id IS NOT NULL OR u.role IN ('admin', 'operator')) \
             AND NOT EXISTS (SELECT 1 FROM notify_settings s WHERE s.user_id = u.id AND (',' || s.email_topics || ',') NOT LIKE '%,digest,%') \
             UNION ALL SELECT 'robot:' || r.id, r.supplier_id, r.time_zone FROM robots r \
             WHERE r.active = 1 AND (',' || r.topics || ',') LIKE '%,digest,%'",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DigestReader {
                    key: r.col("reader")?,
                    supplier_id: r.col("supplier_id")?,
                    time_zone: r.col("time_zone")?,
                })
            })
            .collect()
    }

    /// The figures of a supplier's work (none: everyone's, with held
    /// orders) at [`Store::now_ms`].
    pub async fn digest_figures(&self, supplier: Option<&str>) -> Result<Value> {
        let own = if supplier.is_some() {
            " AND supplier_id = $2"
        } else {
            ""
        };
        let sql = format!(
            "SELECT COALESCE(SUM(CASE WHEN status = 'assigned' THEN 1 ELSE 0 END), 0) AS to_accept, \
             COALESCE(SUM(CASE WHEN status IN ('accepted', 'in_production', 'produced') THEN 1 ELSE 0 END), 0) AS in_work, \
             COALESCE(SUM(CASE WHEN due_at < $1 THEN 1 ELSE 0 END), 0) AS late FROM tasks \
             WHERE status IN ('assigned', 'accepted', 'in_production', 'produced'){own}"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(self.now_ms());
        if let Some(s) = supplier {
            q = q.bind(s);
        }
        let row = q.fetch_one(&self.read).await?;
        let mut figures = json!({
            "to_accept": row.col::<i64>("to_accept")?,
            "in_work": row.col::<i64>("in_work")?,
            "late": row.col::<i64>("late")?,
        });
        if supplier.is_none() {
            let held: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM orders WHERE hold IS NOT NULL AND status = 'pending'",
            )
            .fetch_one(&self.read)
            .await?;
            figures["held"] = json!(held);
        }
        Ok(figures)
    }

    /// Writes `reader`'s digest of local day `day`, unless written; whether
    /// it was now.
    pub async fn write_digest(
        &self,
        reader: &DigestReader,
        day: &str,
        details: &Value,
    ) -> Result<bool> {
        let (column, id, channel) = match reader.key.split_once(':') {
            Some(("robot", id)) => {
                let kind: String = sqlx::query_scalar("SELECT kind FROM robots WHERE id = $1")
                    .bind(id)
                    .fetch_one(&self.read)
                    .await?;
                ("robot_id", id, kind)
            }
            Some((_, id)) => ("user_id", id, "email".to_owned()),
            None => return Ok(false),
        };
        let sql = format!(
            "INSERT INTO notifications (id, topic, channel, {column}, status, attempts, next_attempt_at, created_at, details) \
             VALUES ($1, 'digest', $2, $3, 'pending', 0, $4, $4, $5) ON CONFLICT (id) DO NOTHING"
        );
        let done = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(format!("dig_{id}_{day}"))
            .bind(channel)
            .bind(id)
            .bind(self.now_ms())
            .bind(to_json(details))
            .execute(&self.write)
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
