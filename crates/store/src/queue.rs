//! The hand-over between requests and the intake writer ([`crate::intake`]):
//! a request queues its order with a reply channel and waits for the
//! group's commit.

use crate::error::{Result, StoreError};
use orderhub_domain::model::{Actor, NewOrder, Order};
use tokio::sync::{mpsc, oneshot};

/// What intake did with one order.
#[derive(Debug)]
pub(crate) struct Intaken {
    pub id: String,
    /// False when the order was stored already (same platform and number).
    pub created: bool,
    /// The new order as stored, when the group built it (saves reading it
    /// back).
    pub order: Option<Order>,
}

/// The most orders committed together. Enough to amortise an fsync over
/// many clients; small enough that one group stays a few milliseconds.
pub const MAX_GROUP: usize = 64;

/// One order waiting for the writer.
pub(crate) struct Job {
    pub actor: Actor,
    pub order: NewOrder,
    pub reply: oneshot::Sender<Result<Intaken>>,
}

/// The handle requests use to hand orders to the writer.
#[derive(Clone, Debug)]
pub(crate) struct Intake {
    pub(crate) tx: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("order", &self.order.external_number)
            .finish()
    }
}

impl Intake {
    /// Writes one order with the next group; answers after its commit.
    /// Returns the order's id and whether it is new.
    pub(crate) async fn submit(&self, actor: &Actor, order: NewOrder) -> Result<Intaken> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            actor: actor.clone(),
            order,
            reply,
        };
        self.tx.send(job).await.map_err(|_| StoreError::Busy)?;
        answer.await.map_err(|_| StoreError::Busy)?
    }
}
