//! Unpaid orders cancelled after a set time (待支付超时自动取消): with
//! `cancel_unpaid_after` set, every server looks once a minute for orders
//! still `pending` and `unpaid` that long after they were placed, and
//! cancels each — checked again with the order locked, so an order paid
//! or released meanwhile, or cancelled by another instance, is left alone.

use orderhub_domain::Party;
use orderhub_domain::model::Actor;
use orderhub_store::Store;
use std::time::Duration;

/// How often the servers look.
const TICK: Duration = Duration::from_secs(60);
/// Orders cancelled per look, at most (the next look takes the rest).
const BATCH: i64 = 200;

/// Starts the sweeper on the current runtime.
pub fn start(store: Store, after: Duration) {
    tokio::spawn(async move {
        loop {
            match sweep(&store, after).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(cancelled = n, "unpaid orders cancelled"),
                Err(e) => tracing::warn!(error = %e, "unpaid orders: sweep failed"),
            }
            tokio::time::sleep(TICK).await;
        }
    });
}

/// Cancels the orders unpaid for longer than `after`; how many it did.
pub async fn sweep(store: &Store, after: Duration) -> Result<usize, orderhub_store::StoreError> {
    let cutoff = crate::now_ms() - i64::try_from(after.as_millis()).unwrap_or(i64::MAX);
    let actor = Actor {
        label: "orderhub:unpaid-timeout".into(),
        party: Party::Operator,
    };
    let hours = after.as_secs() / 3600;
    let reason = format!("not paid within {hours} h");
    let mut cancelled = 0;
    for id in store.unpaid_since(cutoff, BATCH).await? {
        if store.cancel_unpaid(&actor, &id, &reason).await? {
            cancelled += 1;
        }
    }
    Ok(cancelled)
}
