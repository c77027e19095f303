//! The sums are hot rows: every order of a day moves that day's sales
//! row, every event of a supplier its day's work row. Moving them inside
//! each change's transaction made every change wait for the others and,
//! on PostgreSQL, deadlock where one change locked a sum before a
//! category and another the other way round. So a change only appends
//! what it moves to `stat_queue` (a new row: nothing shared is locked),
//! and one folder at a time adds the queued rows to the sums
//! ([`crate::db::Store::fold_statistics`]): every reader of the figures
//! folds first, and each server folds every second.

use super::restate::apply;
use super::suppliers::{LeadKey, WorkKey, write_work};
use crate::db::Store;
use crate::error::{Result, StoreError};
use crate::rows::RowExt;
use orderhub_domain::stats::{Delta, Deltas, WorkSums};
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// Queued rows folded per transaction (an intake group's row holds a
/// few hundred keys: this keeps a fold's memory to tens of megabytes).
const FOLD_BATCH: i64 = 200;
/// The PostgreSQL advisory lock that lets one folder run at a time, so
/// the rows are folded in the order they were queued (a customer's day
/// is never taken away before it was added).
const FOLD_LOCK: i64 = 0x0_5747_5155_4555;

/// What one change moves in the sums.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Queued {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sums: Vec<(Delta, [i64; 5])>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    labels: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    work: Vec<(WorkKey, WorkSums)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    leads: Vec<(LeadKey, i64)>,
}

impl Queued {
    /// What an order's restatement moves.
    pub(crate) fn sales(d: Deltas) -> Self {
        Queued {
            sums: d.sums.into_iter().collect(),
            labels: d.labels.into_iter().collect(),
            ..Queued::default()
        }
    }

    /// What suppliers' events move.
    pub(crate) fn work(work: BTreeMap<WorkKey, WorkSums>, leads: BTreeMap<LeadKey, i64>) -> Self {
        Queued {
            work: work.into_iter().collect(),
            leads: leads.into_iter().collect(),
            ..Queued::default()
        }
    }

    fn is_empty(&self) -> bool {
        self.sums.is_empty()
            && self.labels.is_empty()
            && self.work.is_empty()
            && self.leads.is_empty()
    }
}

/// Appends `q` to the queue, in the caller's transaction.
pub(crate) async fn enqueue(conn: &mut AnyConnection, q: Queued) -> Result<()> {
    if q.is_empty() {
        return Ok(());
    }
    let payload = serde_json::to_string(&q).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query("INSERT INTO stat_queue (payload) VALUES ($1)")
        .bind(payload)
        .execute(conn)
        .await?;
    Ok(())
}

/// Everything queued, added up: the rows of one fold.
#[derive(Default)]
struct Folded {
    sales: Deltas,
    work: BTreeMap<WorkKey, WorkSums>,
    leads: BTreeMap<LeadKey, i64>,
}

impl Folded {
    fn add(&mut self, q: Queued) {
        for (k, v) in q.sums {
            let slot = self.sales.sums.entry(k).or_default();
            for (s, n) in slot.iter_mut().zip(v) {
                *s += n;
            }
        }
        self.sales.labels.extend(q.labels);
        for (k, v) in q.work {
            *self.work.entry(k).or_default() += v;
        }
        for (k, n) in q.leads {
            *self.leads.entry(k).or_default() += n;
        }
    }
}

impl Store {
    /// Adds every queued change to the sums; returns how many changes it
    /// folded. Cheap when nothing is queued (one read).
    pub async fn fold_statistics(&self) -> Result<u64> {
        let queued: Option<i64> = sqlx::query_scalar("SELECT seq FROM stat_queue LIMIT 1")
            .fetch_optional(&self.read)
            .await?;
        if queued.is_none() {
            return Ok(0);
        }
        let mut done = 0;
        loop {
            let mut tx = self.begin().await?;
            if tx.backend_name() != "SQLite" {
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(FOLD_LOCK)
                    .execute(&mut *tx)
                    .await?;
            }
            let rows = sqlx::query(
                "DELETE FROM stat_queue WHERE seq IN \
                 (SELECT seq FROM stat_queue ORDER BY seq LIMIT $1) RETURNING seq, payload",
            )
            .bind(FOLD_BATCH)
            .fetch_all(&mut *tx)
            .await?;
            let mut queued = Vec::with_capacity(rows.len());
            for r in &rows {
                queued.push((r.col::<i64>("seq")?, r.col::<String>("payload")?));
            }
            // RETURNING gives no order; later names of a product win
            queued.sort_unstable_by_key(|(seq, _)| *seq);
            let mut folded = Folded::default();
            for (seq, payload) in queued {
                let q: Queued = serde_json::from_str(&payload)
                    .map_err(|e| StoreError::Corrupt(format!("stat_queue {seq}: {e}")))?;
                folded.add(q);
            }
            apply(&mut tx, folded.sales.settle()).await?;
            write_work(&mut tx, folded.work, folded.leads).await?;
            tx.commit().await?;
            done += rows.len() as u64;
            if (rows.len() as i64) < FOLD_BATCH {
                return Ok(done);
            }
        }
    }
}
