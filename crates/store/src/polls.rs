//! Where each polled channel stands (see `orderhub_channels::poll`): its
//! settings, the current pass's cursor — saved after every page — and the
//! lease that lets one instance at a time poll it.

use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::{RowExt, now_ms, to_json};
use orderhub_channels::Channel;
use orderhub_channels::poll::{Cursor, PollSettings, PollStatus};
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;

const COLUMNS: &str = "channel_id, settings, active, query_from, high, page, next_run_at, \
     failures, last_run_at, last_error, orders_seen";

/// A polled channel's state.
#[derive(Debug, Clone)]
pub struct PollState {
    pub channel_id: String,
    /// With its secrets: only the poller reads these.
    pub settings: PollSettings,
    pub cursor: Cursor,
    pub next_run_at: i64,
    pub failures: i64,
    pub last_run_at: Option<i64>,
    pub last_error: Option<String>,
    pub orders_seen: i64,
}

impl PollState {
    pub fn status(&self) -> PollStatus {
        PollStatus {
            settings: self.settings.view(),
            cursor: self.cursor.clone(),
            next_run_at: self.next_run_at,
            last_run_at: self.last_run_at,
            last_error: self.last_error.clone(),
            failures: self.failures,
            orders_seen: self.orders_seen,
        }
    }
}

fn from_row(row: &AnyRow) -> Result<PollState> {
    Ok(PollState {
        channel_id: row.col("channel_id")?,
        settings: row.json("settings")?,
        cursor: Cursor {
            query_from: row.col("query_from")?,
            high: row.col("high")?,
            page: row.col("page")?,
        },
        next_run_at: row.col("next_run_at")?,
        failures: row.col("failures")?,
        last_run_at: row.col("last_run_at")?,
        last_error: row.col("last_error")?,
        orders_seen: row.col("orders_seen")?,
    })
}

impl Store {
    /// Sets how a channel is polled (Etsy, Amazon). A channel polled
    /// before keeps where it stands; a new one starts `since_days` back,
    /// with a pass due now.
    pub async fn set_poll(&self, channel: &Channel, settings: PollSettings) -> Result<PollState> {
        let settings = settings.normalize(channel.kind)?;
        let now = now_ms();
        let from = now - settings.since_days.unwrap_or(7) * 86_400_000;
        let active = i64::from(settings.active.unwrap_or(true));
        sqlx::query(
            "INSERT INTO channel_polls (channel_id, settings, active, query_from, high, page, next_run_at, \
             leased_until, failures, orders_seen, updated_at) VALUES ($1, $2, $3, $4, $4, NULL, $5, 0, 0, 0, $5) \
             ON CONFLICT (channel_id) DO UPDATE SET settings = $2, active = $3, failures = 0, \
             last_error = NULL, next_run_at = $5, updated_at = $5",
        )
        .bind(&channel.id)
        .bind(to_json(&settings))
        .bind(active)
        .bind(from)
        .bind(now)
        .execute(&self.write)
        .await?;
        self.get_poll(&channel.id).await
    }

    /// A channel's poll state; not found when it is not polled.
    pub async fn get_poll(&self, channel_id: &str) -> Result<PollState> {
        let sql = format!("SELECT {COLUMNS} FROM channel_polls WHERE channel_id = $1");
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(channel_id)
            .fetch_optional(&self.write)
            .await?
            .ok_or_else(|| StoreError::not_found("poll of channel", channel_id))?;
        from_row(&row)
    }

    /// Every polled channel's state.
    pub async fn list_polls(&self) -> Result<Vec<PollState>> {
        let sql = format!("SELECT {COLUMNS} FROM channel_polls");
        let rows = sqlx::query(AssertSqlSafe(sql))
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// Makes a pass due now.
    pub async fn poll_now(&self, channel_id: &str) -> Result<PollState> {
        sqlx::query(
            "UPDATE channel_polls SET next_run_at = $2, failures = 0 WHERE channel_id = $1",
        )
        .bind(channel_id)
        .bind(now_ms())
        .execute(&self.write)
        .await?;
        self.get_poll(channel_id).await
    }

    /// Leases the channels whose pass is due (on PostgreSQL skipping those
    /// another instance is leasing right now).
    pub async fn claim_polls(&self, lease_ms: i64) -> Result<Vec<PollState>> {
        let now = now_ms();
        let skip_locked = self.skip_locked();
        let sql = format!(
            "UPDATE channel_polls SET leased_until = $1 WHERE channel_id IN (SELECT channel_id FROM channel_polls \
             WHERE active = 1 AND next_run_at <= $2 AND leased_until < $2 LIMIT 8{skip_locked}) RETURNING channel_id"
        );
        let ids: Vec<String> = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(now + lease_ms)
            .bind(now)
            .fetch_all(&self.write)
            .await?;
        let mut due = Vec::new();
        for id in ids {
            due.push(self.get_poll(&id).await?);
        }
        Ok(due)
    }

    /// Saves where a pass stands after a page, and extends its lease.
    pub async fn save_poll_page(&self, state: &PollState, lease_ms: i64) -> Result<()> {
        let now = now_ms();
        sqlx::query(
            "UPDATE channel_polls SET query_from = $2, high = $3, page = $4, orders_seen = $5, \
             settings = $6, leased_until = $7, updated_at = $8 WHERE channel_id = $1",
        )
        .bind(&state.channel_id)
        .bind(state.cursor.query_from)
        .bind(state.cursor.high)
        .bind(&state.cursor.page)
        .bind(state.orders_seen)
        .bind(to_json(&state.settings))
        .bind(now + lease_ms)
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Ends a pass: its cursor, when the next is due, why it stopped early
    /// (if it did); the lease is released.
    pub async fn finish_poll(&self, state: &PollState) -> Result<()> {
        let now = now_ms();
        sqlx::query(
            "UPDATE channel_polls SET query_from = $2, high = $3, page = $4, orders_seen = $5, settings = $6, \
             next_run_at = $7, failures = $8, last_error = $9, last_run_at = $10, leased_until = 0, updated_at = $10 \
             WHERE channel_id = $1",
        )
        .bind(&state.channel_id)
        .bind(state.cursor.query_from)
        .bind(state.cursor.high)
        .bind(&state.cursor.page)
        .bind(state.orders_seen)
        .bind(to_json(&state.settings))
        .bind(state.next_run_at)
        .bind(state.failures)
        .bind(&state.last_error)
        .bind(now)
        .execute(&self.write)
        .await?;
        Ok(())
    }
}
