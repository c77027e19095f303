//! The seller's figures (orderhub_domain::stats), kept as sums per day
//! and month. Every change to an order works out, in its own transaction,
//! what it moves the sums by ([`restate`]) and queues it; one folder at a
//! time adds the queue to the sums ([`queue`]); the figures are read per
//! period from those sums, never from the orders ([`figures`]).
//!
//! Distinct customers are the one figure a sum cannot give directly:
//! `customer_days` keeps the days each customer ordered and paid on, and
//! `stat_customers` counts those days by the customer's previous such
//! day. A customer is in period `[a, b]` once, on its first day there —
//! the one day in `[a, b]` whose previous day is before `a` — so the
//! distinct customers are a sum over `day in [a, b] and prev_day < a`,
//! and the new ones (first day ever) those with no previous day.

mod check;
mod customers;
pub mod figures;
mod goods;
mod queue;
pub(crate) mod restate;
pub(crate) mod scorecards;
pub(crate) mod suppliers;

pub(crate) use restate::{Held, restate};

use crate::db::Store;
use crate::error::Result;

/// Orders restated per transaction while catching up.
const CATCH_UP_BATCH: i64 = 500;

impl Store {
    /// Restates every order the figures have not counted yet: all of them
    /// once after the upgrade that brought statistics, none after.
    pub async fn restate_unstated(&self) -> Result<u64> {
        let mut done = 0;
        loop {
            let ids: Vec<String> = sqlx::query_scalar(
                "SELECT id FROM orders WHERE stat_facts IS NULL ORDER BY id LIMIT $1",
            )
            .bind(CATCH_UP_BATCH)
            .fetch_all(&self.write)
            .await?;
            if ids.is_empty() {
                return Ok(done);
            }
            if done == 0 {
                tracing::info!("counting orders into the statistics");
            }
            let mut tx = self.begin().await?;
            restate(&mut tx, &ids, Held::Lock).await?;
            tx.commit().await?;
            done += ids.len() as u64;
        }
    }
}
