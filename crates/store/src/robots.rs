//! Group robots: the seller's own (`supplier_id` NULL, told about staff
//! topics) and each supplier's (told about its own tasks). A supplier
//! sees and changes only its own; another's answers 404.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::records::{Subject, visible};
use crate::rows::{RowExt, new_id, now_ms};
use orderhub_domain::Scope;
use orderhub_domain::model::Actor;
use orderhub_domain::notify::{
    NoticeChannel, QuietHours, Robot, RobotFields, join_topics, split_topics,
};
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;

const COLUMNS: &str = "r.id, r.supplier_id, r.kind, r.name, r.url, r.secret, r.language, r.time_zone, \
     r.quiet_start, r.quiet_end, r.topics, r.active, r.created_at";

fn robot_from_row(row: &AnyRow) -> Result<(Robot, RobotFields)> {
    let secret: Option<String> = row.col("secret")?;
    let quiet = QuietHours::from_minutes(row.col("quiet_start")?, row.col("quiet_end")?);
    let fields = RobotFields {
        kind: row.parsed("kind", NoticeChannel::parse)?,
        name: row.col("name")?,
        url: row.col("url")?,
        secret,
        language: row.col("language")?,
        time_zone: row.col("time_zone")?,
        quiet,
        topics: split_topics(&row.col::<String>("topics")?),
    };
    let robot = Robot {
        id: row.col("id")?,
        kind: fields.kind,
        name: fields.name.clone(),
        url: fields.url.clone(),
        signed: fields.secret.is_some(),
        language: fields.language.clone(),
        time_zone: fields.time_zone.clone(),
        quiet_hours: quiet.map(QuietHours::text),
        topics: fields.topics.clone(),
        supplier_id: row.col("supplier_id")?,
        active: row.flag("active")?,
        created_at: row.time("created_at")?,
    };
    Ok((robot, fields))
}

impl Store {
    /// A new robot for `supplier` (none: the seller's own).
    pub async fn create_robot(
        &self,
        actor: &Actor,
        supplier: Option<&str>,
        f: RobotFields,
    ) -> Result<Robot> {
        if let Some(s) = supplier {
            self.get_supplier(s).await?;
        }
        let id = new_id();
        sqlx::query(
            "INSERT INTO robots (id, supplier_id, kind, name, url, secret, language, time_zone, quiet_start, \
             quiet_end, topics, active, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $13)",
        )
        .bind(&id)
        .bind(supplier)
        .bind(f.kind.as_str())
        .bind(&f.name)
        .bind(&f.url)
        .bind(&f.secret)
        .bind(&f.language)
        .bind(&f.time_zone)
        .bind(f.quiet.map(|q| i64::from(q.start)))
        .bind(f.quiet.map(|q| i64::from(q.end)))
        .bind(join_topics(&f.topics))
        .bind(&actor.label)
        .bind(now_ms())
        .execute(&self.write)
        .await?;
        Ok(self.get_robot(&id, &Scope::All).await?.0)
    }

    /// Robots the caller may see (a supplier its own), newest first.
    pub async fn list_robots(&self, scope: &Scope) -> Result<Vec<Robot>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM robots r WHERE 1 = 1{} ORDER BY r.id DESC",
            visible(scope, Subject::Own("r"), 1)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        if let Some(s) = scope.supplier() {
            q = q.bind(s);
        }
        let rows = q.fetch_all(&self.read).await?;
        rows.iter().map(|r| Ok(robot_from_row(r)?.0)).collect()
    }

    /// Robot `id` with its stored fields (secret included), if the caller
    /// may see it.
    pub async fn get_robot(&self, id: &str, scope: &Scope) -> Result<(Robot, RobotFields)> {
        let sql = format!(
            "SELECT {COLUMNS} FROM robots r WHERE r.id = $1{}",
            visible(scope, Subject::Own("r"), 2)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(id);
        if let Some(s) = scope.supplier() {
            q = q.bind(s);
        }
        let row = q
            .fetch_optional(&self.read)
            .await?
            .ok_or_else(|| StoreError::not_found("robot", id))?;
        robot_from_row(&row)
    }

    /// Saves robot `id`'s fields and whether it is active.
    pub async fn update_robot(
        &self,
        id: &str,
        scope: &Scope,
        f: RobotFields,
        active: Option<bool>,
    ) -> Result<Robot> {
        let (current, _) = self.get_robot(id, scope).await?;
        sqlx::query(
            "UPDATE robots SET name = $2, url = $3, secret = $4, language = $5, time_zone = $6, quiet_start = $7, \
             quiet_end = $8, topics = $9, active = $10 WHERE id = $1",
        )
        .bind(id)
        .bind(&f.name)
        .bind(&f.url)
        .bind(&f.secret)
        .bind(&f.language)
        .bind(&f.time_zone)
        .bind(f.quiet.map(|q| i64::from(q.start)))
        .bind(f.quiet.map(|q| i64::from(q.end)))
        .bind(join_topics(&f.topics))
        .bind(i64::from(active.unwrap_or(current.active)))
        .execute(&self.write)
        .await?;
        Ok(self.get_robot(id, scope).await?.0)
    }

    /// Removes robot `id` and its deliveries.
    pub async fn delete_robot(&self, id: &str, scope: &Scope) -> Result<()> {
        self.get_robot(id, scope).await?;
        let mut tx = self.begin().await?;
        for sql in [
            "DELETE FROM notifications WHERE robot_id = $1",
            "DELETE FROM robots WHERE id = $1",
        ] {
            sqlx::query(sql).bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
