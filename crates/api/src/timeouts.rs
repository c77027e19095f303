//! What orderhub does by itself when time runs out, checked once a minute
//! by every server; each order is checked again with it locked, so one
//! changed meanwhile (paid, released, confirmed, or handled by another
//! instance) is left alone.
//!
//! - Unpaid orders cancelled (待支付超时自动取消): with
//!   `cancel_unpaid_after` set, orders still `pending` and `unpaid` that
//!   long after they were placed.
//! - Receipt confirmed (自动确认收货): with `confirm_receipt_after` set,
//!   orders `shipped` that long ago complete, as marketplaces auto-confirm
//!   delivery when the buyer says nothing.
//! - Tasks not accepted in time (接单时限): in a category with
//!   `accept_within` hours, a task its supplier has not accepted that long
//!   after it was assigned moves to the next supplier, recorded as a
//!   rejection with the reason. Always on; each category decides.

use orderhub_domain::Party;
use orderhub_domain::model::Actor;
use orderhub_store::{Store, StoreError};
use std::future::Future;
use std::time::Duration;

/// How often the servers look.
const TICK: Duration = Duration::from_secs(60);
/// Orders handled per look, at most (the next look takes the rest).
const BATCH: i64 = 200;

/// Runs `sweep` once a minute on the current runtime, logging what it did.
fn every_minute<F, Fut>(what: &'static str, sweep: F)
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = Result<usize, StoreError>> + Send,
{
    tokio::spawn(async move {
        loop {
            match sweep().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "{what}"),
                Err(e) => tracing::warn!(error = %e, "{what}: sweep failed"),
            }
            tokio::time::sleep(TICK).await;
        }
    });
}

/// Starts the sweeps `config` asks for, and the one for unaccepted tasks.
pub fn start(store: &Store, unpaid: Option<Duration>, receipt: Option<Duration>) {
    let tasks = store.clone();
    every_minute("unaccepted tasks moved on", move || {
        let store = tasks.clone();
        async move { expire_unaccepted(&store, crate::now_ms()).await }
    });
    if let Some(after) = unpaid {
        let store = store.clone();
        every_minute("unpaid orders cancelled", move || {
            let store = store.clone();
            async move { cancel_unpaid(&store, after).await }
        });
    }
    if let Some(after) = receipt {
        let store = store.clone();
        every_minute("receipt confirmed", move || {
            let store = store.clone();
            async move { confirm_receipt(&store, after).await }
        });
    }
}

fn cutoff(after: Duration) -> i64 {
    crate::now_ms() - i64::try_from(after.as_millis()).unwrap_or(i64::MAX)
}

fn actor(label: &str) -> Actor {
    Actor {
        label: label.into(),
        party: Party::Operator,
    }
}

/// Cancels the orders unpaid for longer than `after`; how many it did.
pub async fn cancel_unpaid(store: &Store, after: Duration) -> Result<usize, StoreError> {
    let actor = actor("orderhub:unpaid-timeout");
    let reason = format!("not paid within {} h", after.as_secs() / 3600);
    let mut done = 0;
    for id in store.unpaid_since(cutoff(after), BATCH).await? {
        done += usize::from(store.cancel_unpaid(&actor, &id, &reason).await?);
    }
    Ok(done)
}

/// Completes the orders shipped longer than `after` ago; how many it did.
pub async fn confirm_receipt(store: &Store, after: Duration) -> Result<usize, StoreError> {
    let actor = actor("orderhub:receipt-timeout");
    let reason = format!(
        "receipt confirmed automatically {} days after shipping",
        after.as_secs() / 86_400
    );
    let mut done = 0;
    for id in store.shipped_before(cutoff(after), BATCH).await? {
        done += usize::from(store.confirm_shipped(&actor, &id, &reason).await?);
    }
    Ok(done)
}

/// Moves on the tasks not accepted in time at `now_ms` (the time is the
/// caller's, so a test can look ahead); how many it moved.
pub async fn expire_unaccepted(store: &Store, now_ms: i64) -> Result<usize, StoreError> {
    let actor = actor("orderhub:accept-timeout");
    let mut done = 0;
    for id in store.unaccepted(now_ms, BATCH).await? {
        done += usize::from(store.expire_unaccepted(&actor, &id, now_ms).await?);
    }
    Ok(done)
}
