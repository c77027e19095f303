//! What orderhub does by itself when time runs out, run by the scheduler
//! ([`crate::scheduler`]) once a minute; each order is checked again with it locked, so one
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
use std::time::Duration;

/// Orders handled per look, at most (the next look takes the rest).
const BATCH: i64 = 200;

fn cutoff(store: &Store, after: Duration) -> i64 {
    store.now_ms() - i64::try_from(after.as_millis()).unwrap_or(i64::MAX)
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
    for id in store.unpaid_since(cutoff(store, after), BATCH).await? {
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
    for id in store.shipped_before(cutoff(store, after), BATCH).await? {
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
