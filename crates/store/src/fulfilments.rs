//! Fulfilments reported back to the marketplaces: a shipped task of a
//! channel's order becomes a row here in the move's own transaction
//! ([`enqueue`]), so a crash between the ship and the push loses nothing;
//! a worker claims due rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL) and
//! records each try ([`Store::record_push`]), retried on the webhook
//! schedule. The flows themselves (`orderhub_channels::fulfil`) look
//! upstream before they write, so a row pushed twice makes one fulfilment.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::events::NewEvent;
use crate::rows::{RowExt, from_ms, new_id, now_ms, to_json};
use orderhub_channels::fulfil::{Push, PushLine, PushSettings, RETRY_SECONDS};
use orderhub_channels::poll::PollSettings;
use orderhub_channels::{Channel, ChannelKind};
use orderhub_domain::model::{Actor, EventKind, Fulfilment, FulfilmentStatus, Task};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};

/// A fulfilment due for pushing, with what it takes.
#[derive(Debug, Clone)]
pub struct DuePush {
    pub id: String,
    pub order_id: String,
    pub channel: Channel,
    pub settings: PushSettings,
    /// Etsy and Amazon: the credentials the channel is polled with.
    pub poll: Option<PollSettings>,
    pub push: Push,
    pub attempts: i64,
}

/// How a push went.
#[derive(Debug, Clone)]
pub enum PushOutcome {
    /// The marketplace has it: its id there.
    Sent(String),
    /// Try again on the schedule.
    Retry(String),
    /// The marketplace refuses it: no more tries.
    Refused(String),
}

const COLUMNS: &str = "f.id, f.order_id, f.task_id, f.channel_id, c.kind, f.carrier, f.tracking_number, \
     f.package_no, f.status, f.attempts, f.last_error, f.upstream_ref, f.created_at, f.next_at, f.sent_at";

fn from_row(row: &AnyRow) -> Result<Fulfilment> {
    let status = row.parsed("status", FulfilmentStatus::parse)?;
    Ok(Fulfilment {
        id: row.col("id")?,
        order_id: row.col("order_id")?,
        task_id: row.col("task_id")?,
        channel_id: row.col("channel_id")?,
        platform: row.col("kind")?,
        carrier: row.col("carrier")?,
        tracking_number: row.col("tracking_number")?,
        package_no: row.col("package_no")?,
        status,
        attempts: row.col("attempts")?,
        last_error: row.col("last_error")?,
        upstream_ref: row.col("upstream_ref")?,
        created_at: row.time("created_at")?,
        next_at: match status {
            FulfilmentStatus::Pending => Some(row.time("next_at")?),
            _ => None,
        },
        sent_at: row.opt_time("sent_at")?,
    })
}

/// Writes the fulfilment of `task`, just moved to shipped, when its
/// order came from a channel that reports fulfilments. One per task and
/// tracking number: shipping again with the same number adds none. An
/// after-sales task's parcel (a reshipment) is not reported: the
/// marketplace has the line fulfilled already.
pub(crate) async fn enqueue(
    conn: &mut AnyConnection,
    task: &Task,
    carrier: &str,
    tracking: &str,
) -> Result<()> {
    let channel: Option<String> = sqlx::query_scalar(
        "SELECT p.channel_id FROM orders o JOIN channel_pushes p ON p.channel_id = o.channel_key \
         WHERE o.id = $1 AND p.active = 1 AND o.contract_id IS NULL \
         AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.id = $2 AND t.case_id IS NOT NULL)",
    )
    .bind(&task.order_id)
    .bind(&task.id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(channel) = channel else {
        return Ok(());
    };
    let known: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM fulfilments WHERE task_id = $1 AND tracking_number = $2",
    )
    .bind(&task.id)
    .bind(tracking)
    .fetch_one(&mut *conn)
    .await?;
    if known > 0 {
        return Ok(());
    }
    let package_no: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(package_no), 0) + 1 FROM fulfilments WHERE order_id = $1",
    )
    .bind(&task.order_id)
    .fetch_one(&mut *conn)
    .await?;
    // the task's own row still says its old status inside this move
    let unshipped: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM tasks WHERE order_id = $1 AND id <> $2 \
         AND status NOT IN ('shipped', 'completed', 'rejected', 'cancelled')",
    )
    .bind(&task.order_id)
    .bind(&task.id)
    .fetch_one(&mut *conn)
    .await?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO fulfilments (id, order_id, channel_id, task_id, carrier, tracking_number, package_no, \
         completes_order, status, attempts, next_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, $9, $9)",
    )
    .bind(new_id())
    .bind(&task.order_id)
    .bind(&channel)
    .bind(&task.id)
    .bind(carrier)
    .bind(tracking)
    .bind(package_no)
    .bind(i64::from(unshipped == 0))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Keeps the platform's id of each stored line that has none yet: the
/// line at the same place with the same title and SKU (an order stored
/// before ids were kept gets them with its next delivery).
pub(crate) async fn adopt_line_ids(
    conn: &mut AnyConnection,
    order_id: &str,
    lines: &[orderhub_domain::model::NewLine],
    ids: &[Option<String>],
) -> Result<()> {
    if ids.iter().all(Option::is_none) {
        return Ok(());
    }
    let stored = sqlx::query(
        "SELECT id, title, platform_sku FROM order_lines WHERE order_id = $1 \
         AND upstream_line_id IS NULL AND removed_at IS NULL ORDER BY line_no",
    )
    .bind(order_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut taken = vec![false; lines.len()];
    for row in stored {
        let (title, sku): (String, Option<String>) = (row.col("title")?, row.col("platform_sku")?);
        let found = lines.iter().zip(ids).enumerate().find(|(i, (l, id))| {
            !taken[*i] && id.is_some() && l.title == title && l.platform_sku == sku
        });
        if let Some((i, (_, id))) = found {
            taken[i] = true;
            sqlx::query("UPDATE order_lines SET upstream_line_id = $2 WHERE id = $1")
                .bind(row.col::<String>("id")?)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

impl Store {
    /// How `channel` reports fulfilments (404 when it does not).
    pub async fn get_push(&self, channel_id: &str) -> Result<PushSettings> {
        let settings: Option<String> =
            sqlx::query_scalar("SELECT settings FROM channel_pushes WHERE channel_id = $1")
                .bind(channel_id)
                .fetch_optional(&self.write)
                .await?;
        let settings = settings
            .ok_or_else(|| StoreError::not_found("fulfilment reporting of channel", channel_id))?;
        serde_json::from_str(&settings).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    /// Sets how `channel` reports fulfilments; what is left out is kept.
    pub async fn set_push(
        &self,
        channel: &Channel,
        settings: PushSettings,
    ) -> Result<PushSettings> {
        let kept = self.get_push(&channel.id).await.unwrap_or_default();
        let settings = settings
            .with_kept(&kept)
            .normalize(channel.kind, channel.store_url.as_deref())?;
        if matches!(channel.kind, ChannelKind::Etsy | ChannelKind::Amazon)
            && self.get_poll(&channel.id).await.is_err()
        {
            return Err(orderhub_domain::ValidationError::new(
                "channel",
                orderhub_domain::ErrorCode::Required,
                "Etsy and Amazon fulfilments use the channel's API access: set it first (PUT /channels/{id}/poll)",
            )
            .into());
        }
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM channel_pushes WHERE channel_id = $1")
            .bind(&channel.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO channel_pushes (channel_id, settings, active, updated_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&channel.id)
        .bind(to_json(&settings))
        .bind(i64::from(settings.active.unwrap_or(true)))
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(settings)
    }

    /// An order's fulfilments, oldest first (its channel's platform).
    pub async fn order_fulfilments(&self, order_id: &str) -> Result<Vec<Fulfilment>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM fulfilments f JOIN channels c ON c.id = f.channel_id \
             WHERE f.order_id = $1 ORDER BY f.package_no"
        );
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(order_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Makes a failed (or waiting) fulfilment due now, its tries counted
    /// afresh.
    pub async fn retry_fulfilment(&self, actor: &Actor, id: &str) -> Result<Fulfilment> {
        let mut tx = self.begin().await?;
        let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fulfilments WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        if known == 0 {
            return Err(StoreError::not_found("fulfilment", id));
        }
        let order_id: Option<String> = sqlx::query_scalar(
            "UPDATE fulfilments SET status = 'pending', attempts = 0, next_at = $2, locked_until = NULL \
             WHERE id = $1 AND status <> 'sent' RETURNING order_id",
        )
        .bind(id)
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(order_id) = order_id else {
            return Err(StoreError::conflict(
                orderhub_domain::ErrorCode::InvalidTransition,
                None,
                "only a fulfilment not sent yet can be tried again".to_owned(),
            ));
        };
        NewEvent::order(&order_id, EventKind::OrderFulfilmentRetried)
            .details(json!({"fulfilment_id": id}))
            .write(&mut tx, actor)
            .await?;
        tx.commit().await?;
        self.order_fulfilments(&order_id)
            .await?
            .into_iter()
            .find(|f| f.id == id)
            .ok_or_else(|| StoreError::not_found("fulfilment", id))
    }

    /// Claims up to `limit` due fulfilments for `lease_ms`.
    pub async fn claim_pushes(&self, limit: i64, lease_ms: i64) -> Result<Vec<DuePush>> {
        let now = now_ms();
        let sql = format!(
            "UPDATE fulfilments SET locked_until = $1 WHERE id IN (SELECT id FROM fulfilments \
             WHERE status = 'pending' AND next_at <= $2 AND (locked_until IS NULL OR locked_until < $2) \
             ORDER BY next_at LIMIT {limit}{}) RETURNING id",
            self.skip_locked()
        );
        let ids: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(now + lease_ms)
            .bind(now)
            .fetch_all(&self.write)
            .await?;
        let mut due = Vec::new();
        for id in ids {
            due.push(self.due_push(&id).await?);
        }
        Ok(due)
    }

    async fn due_push(&self, id: &str) -> Result<DuePush> {
        let row = sqlx::query(
            "SELECT f.*, co.upstream_id FROM fulfilments f \
             LEFT JOIN channel_orders co ON co.order_id = f.order_id AND co.channel_id = f.channel_id \
             WHERE f.id = $1",
        )
        .bind(id)
        .fetch_one(&self.write)
        .await?;
        let (order_id, channel_id, task_id): (String, String, String) = (
            row.col("order_id")?,
            row.col("channel_id")?,
            row.col("task_id")?,
        );
        let channel = self.get_channel(&channel_id).await?;
        let lines = sqlx::query(
            "SELECT l.upstream_line_id, l.platform_sku, t.quantity FROM tasks t \
             JOIN order_lines l ON l.id = t.line_id WHERE t.id = $1",
        )
        .bind(&task_id)
        .fetch_all(&self.write)
        .await?
        .iter()
        .map(|r| {
            Ok(PushLine {
                upstream_line_id: r.col("upstream_line_id")?,
                sku: r.col("platform_sku")?,
                quantity: r.col("quantity")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let (carrier, tracking): (String, String) =
            (row.col("carrier")?, row.col("tracking_number")?);
        let upstream: Option<String> = row.col("upstream_id")?;
        Ok(DuePush {
            id: id.to_owned(),
            order_id,
            settings: self.get_push(&channel_id).await?,
            poll: self.get_poll(&channel_id).await.ok().map(|p| p.settings),
            push: Push {
                key: id.to_owned(),
                upstream_order_id: upstream.unwrap_or_default(),
                lines,
                tracking_url: orderhub_domain::carrier::tracking_url(&carrier, &tracking),
                carrier,
                tracking_number: tracking,
                package_no: row.col("package_no")?,
                shipped_at: from_ms(row.col("created_at")?)?,
                completes_order: row.flag("completes_order")?,
            },
            channel,
            attempts: row.col("attempts")?,
        })
    }

    /// Records a try: sent, retried on the schedule (failed after its
    /// last step), or refused. Sent and failed are events on the order.
    pub async fn record_push(&self, due: &DuePush, outcome: PushOutcome) -> Result<()> {
        let now = now_ms();
        let attempts = due.attempts + 1;
        let (status, next, error, upstream) = match &outcome {
            PushOutcome::Sent(r) => (FulfilmentStatus::Sent, now, None, Some(r.clone())),
            PushOutcome::Retry(e) => match RETRY_SECONDS.get((attempts - 1) as usize) {
                Some(wait) => (
                    FulfilmentStatus::Pending,
                    now + wait * 1000 / self.webhook_speedup,
                    Some(e.clone()),
                    None,
                ),
                None => (FulfilmentStatus::Failed, now, Some(e.clone()), None),
            },
            PushOutcome::Refused(e) => (FulfilmentStatus::Failed, now, Some(e.clone()), None),
        };
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE fulfilments SET status = $2, attempts = $3, next_at = $4, locked_until = NULL, \
             last_error = $5, upstream_ref = COALESCE($6, upstream_ref), \
             sent_at = CASE WHEN $2 = 'sent' THEN $7 ELSE sent_at END WHERE id = $1",
        )
        .bind(&due.id)
        .bind(status.as_str())
        .bind(attempts)
        .bind(next)
        .bind(&error)
        .bind(&upstream)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let details = json!({
            "fulfilment_id": due.id,
            "platform": due.channel.kind.as_str(),
            "carrier": due.push.carrier,
            "tracking_number": due.push.tracking_number,
            "upstream_ref": upstream,
            "error": error,
            "attempts": attempts,
        });
        let kind = match status {
            FulfilmentStatus::Sent => Some(EventKind::OrderFulfilmentSent),
            FulfilmentStatus::Failed => Some(EventKind::OrderFulfilmentFailed),
            FulfilmentStatus::Pending => None,
        };
        if let Some(kind) = kind {
            NewEvent::order(&due.order_id, kind)
                .details(details)
                .write(&mut tx, &Actor::system())
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
