//! Suppliers' work folded into sums as its events are written: every
//! event goes through [`crate::events::append`], which hands the task
//! events here in the same transaction.

use super::restate::upsert;
use crate::error::Result;
use crate::rows::{Arg, RowExt, select_in};
use orderhub_domain::model::EventKind;
use orderhub_domain::stats::{Grain, Work, WorkSums, day_of, month_of};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap};

/// An event that counts: (task id, work, when).
type Counted = (String, Work, i64);

fn text(row: &[Arg], i: usize) -> Option<&str> {
    match row.get(i) {
        Some(Arg::Text(Some(t))) => Some(t.as_str()),
        _ => None,
    }
}

/// The events among `rows` (as [`crate::events::EVENT_INSERT`] takes
/// them) that count on a scorecard.
pub(crate) fn counted(rows: &[Vec<Arg>]) -> Vec<Counted> {
    rows.iter()
        .filter_map(|r| {
            let at = match r.get(8) {
                Some(Arg::Int(Some(at))) => Some(*at),
                _ => None,
            };
            count_one(text(r, 2), text(r, 3), text(r, 6), at)
        })
        .collect()
}

fn count_one(
    task: Option<&str>,
    kind: Option<&str>,
    to: Option<&str>,
    at: Option<i64>,
) -> Option<Counted> {
    let work = Work::of(EventKind::parse(kind?)?, to)?;
    Some((task?.to_owned(), work, at?))
}

/// Events read per transaction while catching up.
const CATCH_UP_BATCH: i64 = 2_000;

impl crate::db::Store {
    /// Folds the events written before statistics existed into the
    /// suppliers' sums, a batch per transaction; returns how many it read.
    pub(crate) async fn catch_up_suppliers(&self) -> Result<u64> {
        let mut done = 0;
        loop {
            let mut tx = self.begin().await?;
            let state = sqlx::query(
                "UPDATE stat_catchup SET done_upto = done_upto WHERE name = 'suppliers' RETURNING done_upto, upto",
            )
            .fetch_optional(&mut *tx)
            .await?;
            let Some(state) = state else { return Ok(done) };
            let (from, upto): (String, Option<String>) =
                (state.col("done_upto")?, state.col("upto")?);
            let Some(upto) = upto.filter(|u| *u > from) else {
                sqlx::query("DELETE FROM stat_catchup WHERE name = 'suppliers'")
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                return Ok(done);
            };
            let rows = sqlx::query(
                "SELECT id, task_id, kind, to_status, created_at FROM events \
                 WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3",
            )
            .bind(&from)
            .bind(&upto)
            .bind(CATCH_UP_BATCH)
            .fetch_all(&mut *tx)
            .await?;
            let last: String = match rows.last() {
                Some(r) => r.col("id")?,
                None => upto.clone(),
            };
            let mut events = Vec::new();
            for r in &rows {
                let (task, kind, to): (Option<String>, String, Option<String>) =
                    (r.col("task_id")?, r.col("kind")?, r.col("to_status")?);
                events.extend(count_one(
                    task.as_deref(),
                    Some(&kind),
                    to.as_deref(),
                    Some(r.col("created_at")?),
                ));
            }
            done += rows.len() as u64;
            fold(&mut tx, events).await?;
            sqlx::query("UPDATE stat_catchup SET done_upto = $1 WHERE name = 'suppliers'")
                .bind(if rows.is_empty() { upto } else { last })
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
    }
}

/// A supplier's sums key: (grain, period, supplier, category).
pub(crate) type WorkKey = (Grain, i64, String, String);
/// A lead time count's key: a [`WorkKey`] and the hours.
pub(crate) type LeadKey = (Grain, i64, String, String, i64);

/// Queues what `events` add to the suppliers' sums, per day and month of
/// each. The tasks are read now, in the events' transaction, so an event
/// counts for the supplier that held the task when it happened.
pub(crate) async fn fold(conn: &mut AnyConnection, events: Vec<Counted>) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = events.iter().map(|(t, ..)| t.clone()).collect();
    let head = "SELECT id, supplier_id, category_id, created_at, due_at FROM tasks WHERE id IN (";
    let rows = select_in(conn, head, &ids, "").await?;
    let mut tasks = HashMap::new();
    for r in &rows {
        let id: String = r.col("id")?;
        let task: (String, String, i64, Option<i64>) = (
            r.col("supplier_id")?,
            r.col("category_id")?,
            r.col("created_at")?,
            r.col("due_at")?,
        );
        tasks.insert(id, task);
    }
    let mut sums: BTreeMap<WorkKey, WorkSums> = BTreeMap::new();
    let mut leads: BTreeMap<LeadKey, i64> = BTreeMap::new();
    for (task, work, at) in events {
        let Some((supplier, category, assigned, due)) = tasks.get(&task) else {
            continue;
        };
        let day = day_of(at);
        for (grain, period) in [(Grain::Day, day), (Grain::Month, month_of(day))] {
            let key = (grain, period, supplier.clone(), category.clone());
            *sums.entry(key).or_default() += work.sums(at, *assigned, *due);
            if work == Work::Shipped {
                let hours = Work::lead_hours(at, *assigned);
                *leads
                    .entry((grain, period, supplier.clone(), category.clone(), hours))
                    .or_default() += 1;
            }
        }
    }
    super::queue::enqueue(conn, super::queue::Queued::work(sums, leads)).await
}

/// Adds folded `sums` and `leads` to the stored ones, in key order.
pub(super) async fn write_work(
    conn: &mut AnyConnection,
    sums: BTreeMap<WorkKey, WorkSums>,
    leads: BTreeMap<LeadKey, i64>,
) -> Result<()> {
    let rows = sums
        .into_iter()
        .filter(|(_, s)| *s != WorkSums::default())
        .map(|((grain, period, supplier, category), s)| {
            let mut row: Vec<Arg> = vec![
                grain.as_str().into(),
                period.into(),
                supplier.into(),
                category.into(),
            ];
            row.extend(s.values().iter().map(|v| Arg::from(*v)));
            row
        })
        .collect();
    let columns = format!(
        "stat_suppliers (grain, period, supplier_id, category_id, {})",
        WorkSums::COLUMNS.join(", ")
    );
    upsert(conn, &columns, rows, 4, &WorkSums::COLUMNS).await?;
    let rows = leads
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|((grain, period, supplier, category, hours), n)| {
            vec![
                grain.as_str().into(),
                period.into(),
                supplier.into(),
                category.into(),
                hours.into(),
                n.into(),
            ]
        })
        .collect();
    upsert(
        conn,
        "stat_lead (grain, period, supplier_id, category_id, hours, n)",
        rows,
        5,
        &["n"],
    )
    .await
}
