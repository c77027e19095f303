//! The operator's dashboard figures. Counting a million orders takes
//! seconds (GROUP BY over every row), so the web app computes these in the
//! background and shows them with the time they were taken; the last ones
//! are kept in the database for the first view after a start.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, first_id_at, now_ms};
use orderhub_domain::TaskStatus;

/// What the dashboard shows.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dashboard {
    /// (status, count)
    pub orders_by_status: Vec<(String, i64)>,
    pub tasks_by_status: Vec<(String, i64)>,
    /// (day as UTC days since 1970, platform, orders), the last 30 days.
    pub intake_by_day: Vec<(i64, String, i64)>,
    /// (supplier name, open tasks), most loaded first.
    pub supplier_load: Vec<(String, i64)>,
    /// (order id, number, reason) of orders needing attention, newest first.
    pub needs_attention: Vec<(String, String)>,
    pub late_tasks: i64,
    pub due_today: i64,
    /// When the figures were taken (UTC milliseconds).
    pub taken_at: i64,
}

const DAY_MS: i64 = 86_400_000;

impl Store {
    /// The figures last kept by [`Store::refresh_dashboard`], if any.
    pub async fn stored_dashboard(&self) -> Result<Option<Dashboard>> {
        let body: Option<String> =
            sqlx::query_scalar("SELECT body FROM dashboard_snapshot WHERE id = 1")
                .fetch_optional(&self.read)
                .await?;
        // a snapshot written by another version may not read: compute anew
        Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
    }

    /// Computes the figures and keeps them.
    pub async fn refresh_dashboard(&self) -> Result<Dashboard> {
        let fresh = self.dashboard().await?;
        self.keep_dashboard(&fresh).await?;
        Ok(fresh)
    }

    /// Keeps `figures` unless newer ones are kept already (a slow refresh
    /// finishing after a quicker one, here or on another instance).
    async fn keep_dashboard(&self, figures: &Dashboard) -> Result<()> {
        let body =
            serde_json::to_string(figures).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO dashboard_snapshot (id, body, taken_at) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO UPDATE SET body = excluded.body, taken_at = excluded.taken_at \
             WHERE dashboard_snapshot.taken_at < excluded.taken_at",
        )
        .bind(body)
        .bind(figures.taken_at)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Computes the dashboard (seconds at a million orders).
    pub async fn dashboard(&self) -> Result<Dashboard> {
        let now = now_ms();
        let pairs = |rows: Vec<sqlx::any::AnyRow>| -> Result<Vec<(String, i64)>> {
            rows.iter()
                .map(|r| Ok((r.col("k")?, r.col("n")?)))
                .collect()
        };
        let orders_by_status = pairs(
            sqlx::query("SELECT status AS k, COUNT(*) AS n FROM orders GROUP BY status")
                .fetch_all(&self.read)
                .await?,
        )?;
        let tasks_by_status = pairs(
            sqlx::query("SELECT status AS k, COUNT(*) AS n FROM tasks GROUP BY status")
                .fetch_all(&self.read)
                .await?,
        )?;
        let since = (now / DAY_MS - 29) * DAY_MS;
        let intake_by_day = sqlx::query(
            "SELECT created_at / 86400000 AS day, platform, COUNT(*) AS n FROM orders \
             WHERE id >= $1 GROUP BY created_at / 86400000, platform ORDER BY day",
        )
        .bind(first_id_at(since))
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok((r.col("day")?, r.col("platform")?, r.col("n")?)))
        .collect::<Result<_>>()?;
        let supplier_load = pairs(
            sqlx::query(
                "SELECT s.name AS k, s.open_tasks + COALESCE((SELECT CAST(SUM(l.delta) AS BIGINT) \
                 FROM supplier_load l WHERE l.supplier_id = s.id), 0) AS n FROM suppliers s ORDER BY n DESC, s.name",
            )
            .fetch_all(&self.read)
            .await?,
        )?;
        let needs_attention = sqlx::query(
            "SELECT id, external_number FROM orders WHERE status = 'needs_attention' ORDER BY id DESC LIMIT 10",
        )
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok((r.col("id")?, r.col("external_number")?)))
        .collect::<Result<_>>()?;
        let open: Vec<&str> = TaskStatus::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.as_str())
            .collect();
        let open = open
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let due = |upto: i64, from: i64| {
            let sql = format!(
                "SELECT COUNT(*) FROM tasks WHERE due_at IS NOT NULL AND due_at >= $1 AND due_at < $2 AND status IN ({open})"
            );
            async move {
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
                    .bind(from)
                    .bind(upto)
                    .fetch_one(&self.read)
                    .await
            }
        };
        let late_tasks = due(now, 0).await?;
        let due_today = due((now / DAY_MS + 1) * DAY_MS, now).await?;
        Ok(Dashboard {
            orders_by_status,
            tasks_by_status,
            intake_by_day,
            supplier_load,
            needs_attention,
            late_tasks,
            due_today,
            taken_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_last_figures_are_kept_and_only_newer_ones_replace_them() {
        let dir = std::env::temp_dir().join(format!("orderhub-stats-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}/t.db?mode=rwc", dir.display());
        let store = crate::Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        assert_eq!(store.stored_dashboard().await.unwrap(), None);
        let first = store.refresh_dashboard().await.unwrap();
        assert_eq!(store.stored_dashboard().await.unwrap(), Some(first.clone()));
        // an older snapshot (a slow refresh finishing late) does not win
        let older = super::Dashboard {
            late_tasks: 99,
            taken_at: first.taken_at - 1,
            ..first.clone()
        };
        store.keep_dashboard(&older).await.unwrap();
        assert_eq!(store.stored_dashboard().await.unwrap(), Some(first));
        store.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn ids_of_a_moment_sort_after_earlier_ones() {
        let id = uuid::Uuid::now_v7().to_string();
        let ms = crate::rows::now_ms();
        assert!(crate::rows::first_id_at(ms - 1000) < id);
        assert!(crate::rows::first_id_at(ms + 1000) > id);
    }
}
