//! The notification outbox: a worker claims due deliveries for a while
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances never send one
//! at once), sends them and records the outcome. A claim lapses when its
//! worker dies, and the delivery is sent by the next.

use crate::db::Store;
use crate::error::Result;
use crate::events::event_from_row;
use crate::rows::RowExt;
use orderhub_channels::outbound::RETRY_SECONDS;
use orderhub_domain::model::Event;
use orderhub_domain::notify::{NoticeChannel, QuietHours, Topic};
use serde_json::Value;
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;

/// How long e-mail waits for a server that can send it before one that
/// cannot gives it up (`skipped`).
pub const MAIL_GRACE_MS: i64 = 10 * 60_000;

/// Who a delivery goes to, with what it takes to write and send it.
#[derive(Debug, Clone)]
pub enum Recipient {
    /// A person, by e-mail.
    Person {
        user_id: String,
        email: String,
        display_name: String,
        language: Option<String>,
        time_zone: Option<String>,
        quiet: Option<QuietHours>,
    },
    /// A group robot.
    Robot {
        robot_id: String,
        url: String,
        secret: Option<String>,
        language: String,
        time_zone: String,
        quiet: Option<QuietHours>,
    },
}

/// A delivery due now.
#[derive(Debug, Clone)]
pub struct DueNotice {
    pub id: String,
    pub topic: Topic,
    pub channel: NoticeChannel,
    pub attempts: i64,
    pub recipient: Recipient,
    /// The event it is about (a digest has none).
    pub event: Option<Event>,
    /// What a notice without an event says (a digest's figures).
    pub details: Option<Value>,
}

const DUE_COLUMNS: &str = "n.id AS notice_id, n.topic, n.channel, n.attempts, n.details AS notice_details, \
     u.id AS user_id, u.email, u.display_name, u.language AS user_language, u.time_zone AS user_zone, \
     s.quiet_start AS user_quiet_start, s.quiet_end AS user_quiet_end, \
     r.id AS robot_id, r.url, r.secret, r.language AS robot_language, r.time_zone AS robot_zone, \
     r.quiet_start, r.quiet_end, \
     e.id, e.order_id, e.task_id, e.rfq_id, e.kind, e.actor, e.from_status, e.to_status, e.details, e.created_at";

fn due_from_row(row: &AnyRow) -> Result<DueNotice> {
    let robot: Option<String> = row.col("robot_id")?;
    let recipient = match robot {
        Some(robot_id) => Recipient::Robot {
            robot_id,
            url: row.col("url")?,
            secret: row.col("secret")?,
            language: row.col("robot_language")?,
            time_zone: row.col("robot_zone")?,
            quiet: QuietHours::from_minutes(row.col("quiet_start")?, row.col("quiet_end")?),
        },
        None => Recipient::Person {
            user_id: row.col("user_id")?,
            email: row.col("email")?,
            display_name: row.col("display_name")?,
            language: row.col("user_language")?,
            time_zone: row.col("user_zone")?,
            quiet: QuietHours::from_minutes(
                row.col("user_quiet_start")?,
                row.col("user_quiet_end")?,
            ),
        },
    };
    let event: Option<String> = row.col("id")?;
    Ok(DueNotice {
        id: row.col("notice_id")?,
        topic: row.parsed("topic", Topic::parse)?,
        channel: row.parsed("channel", NoticeChannel::parse)?,
        attempts: row.col("attempts")?,
        recipient,
        event: event.map(|_| event_from_row(row)).transpose()?,
        details: row.opt_json("notice_details")?,
    })
}

impl Store {
    /// Claims up to `limit` deliveries due at [`Store::now_ms`] for
    /// `lease_ms`. A worker that cannot send e-mail (`mail` false) takes
    /// e-mail only once it is [`MAIL_GRACE_MS`] old, to give it up: an
    /// instance set up with a mail server sends it before then.
    pub async fn claim_notices(
        &self,
        limit: i64,
        lease_ms: i64,
        mail: bool,
    ) -> Result<Vec<DueNotice>> {
        let now = self.now_ms();
        let mail = match mail {
            true => String::new(),
            false => format!(
                " AND (channel <> 'email' OR created_at < {})",
                now - MAIL_GRACE_MS
            ),
        };
        let sql = format!(
            "UPDATE notifications SET locked_until = $1 WHERE id IN (SELECT id FROM notifications \
             WHERE status = 'pending' AND next_attempt_at <= $2 AND (locked_until IS NULL OR locked_until < $2){mail} \
             ORDER BY next_attempt_at LIMIT {limit}{}) RETURNING id",
            self.skip_locked()
        );
        let ids: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(now + lease_ms)
            .bind(now)
            .fetch_all(&self.write)
            .await?;
        let mut due = Vec::with_capacity(ids.len());
        for id in ids {
            let sql = format!(
                "SELECT {DUE_COLUMNS} FROM notifications n \
                 LEFT JOIN users u ON u.id = n.user_id LEFT JOIN notify_settings s ON s.user_id = n.user_id \
                 LEFT JOIN robots r ON r.id = n.robot_id LEFT JOIN events e ON e.id = n.event_id \
                 WHERE n.id = $1"
            );
            let row = sqlx::query(AssertSqlSafe(sql))
                .bind(&id)
                .fetch_one(&self.read)
                .await?;
            due.push(due_from_row(&row)?);
        }
        Ok(due)
    }

    /// Records a sending: `sent`, or retried on the webhooks' schedule and
    /// `failed` after its last step.
    pub async fn record_notice(
        &self,
        notice: &DueNotice,
        outcome: std::result::Result<(), String>,
    ) -> Result<()> {
        let now = self.now_ms();
        let attempts = notice.attempts + 1;
        let (status, next, error) = match (outcome, RETRY_SECONDS.get((attempts - 1) as usize)) {
            (Ok(()), _) => ("sent", now, None),
            (Err(e), Some(wait)) => ("pending", now + wait * 1000 / self.webhook_speedup, Some(e)),
            (Err(e), None) => ("failed", now, Some(e)),
        };
        sqlx::query(
            "UPDATE notifications SET status = $2, attempts = $3, next_attempt_at = $4, locked_until = NULL, \
             last_error = $5, sent_at = CASE WHEN $2 = 'sent' THEN $4 ELSE sent_at END WHERE id = $1",
        )
        .bind(&notice.id)
        .bind(status)
        .bind(attempts)
        .bind(next)
        .bind(error)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Holds a delivery until `until_ms` (quiet hours); not an attempt.
    pub async fn postpone_notice(&self, id: &str, until_ms: i64) -> Result<()> {
        sqlx::query(
            "UPDATE notifications SET next_attempt_at = $2, locked_until = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(until_ms)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Gives a delivery up without trying (no mail server set up).
    pub async fn skip_notice(&self, id: &str, why: &str) -> Result<()> {
        sqlx::query(
            "UPDATE notifications SET status = 'skipped', locked_until = NULL, last_error = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(why)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Deliveries by channel and status, for the operations page.
    pub async fn notice_counts(&self) -> Result<Vec<(NoticeChannel, String, i64)>> {
        let rows = sqlx::query(
            "SELECT channel, status, COUNT(*) AS n FROM notifications GROUP BY channel, status ORDER BY channel, status",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.parsed("channel", NoticeChannel::parse)?,
                    r.col("status")?,
                    r.col("n")?,
                ))
            })
            .collect()
    }

    /// The latest failures (given up, or still being retried), newest
    /// first: channel, recipient, error.
    pub async fn notice_failures(
        &self,
        limit: i64,
    ) -> Result<Vec<(String, NoticeChannel, String, String)>> {
        let rows = sqlx::query(
            "SELECT n.id, n.channel, COALESCE(u.email, r.name, '') AS who, n.last_error FROM notifications n \
             LEFT JOIN users u ON u.id = n.user_id LEFT JOIN robots r ON r.id = n.robot_id \
             WHERE n.last_error IS NOT NULL AND n.status IN ('pending', 'failed') ORDER BY n.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.col("id")?,
                    r.parsed("channel", NoticeChannel::parse)?,
                    r.col("who")?,
                    r.col("last_error")?,
                ))
            })
            .collect()
    }
}
