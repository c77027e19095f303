//! Group commit for order intake.
//!
//! A durable commit costs one fsync (SQLite `synchronous=FULL`, PostgreSQL
//! `synchronous_commit=on`), and SQLite has one writer: committing each
//! order alone caps intake at the disk's fsync rate and serialises every
//! request behind it. So each process has one intake writer: it takes every
//! order waiting at that moment (up to [`MAX_GROUP`]), writes each inside
//! its own savepoint — an order refused by a rule rolls back alone and
//! never fails its neighbours — commits them together with one fsync, and
//! only then answers each request. Nothing is acknowledged before the
//! commit, so a crash loses only unacknowledged orders.
//!
//! If the group as a whole fails (a lost connection, a PostgreSQL deadlock
//! against another process, a failed commit), each of its orders is retried
//! alone in its own transaction; the unique (platform, number) key makes
//! the retry safe if the failed commit did in fact land.

use crate::db::{Backend, Store};
use crate::error::{Result, StoreError};
use orderhub_domain::model::{Actor, NewOrder};
use sqlx::AnyConnection;
use tokio::sync::{mpsc, oneshot};

/// The most orders committed together. Enough to amortise an fsync over
/// many clients; small enough that one group stays a few milliseconds.
pub const MAX_GROUP: usize = 64;

/// One order waiting for the writer.
struct Job {
    actor: Actor,
    order: NewOrder,
    reply: oneshot::Sender<Result<(String, bool)>>,
}

/// The handle requests use to hand orders to the writer.
#[derive(Clone, Debug)]
pub(crate) struct Intake {
    tx: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("order", &self.order.external_number)
            .finish()
    }
}

impl Intake {
    /// Starts the writer for `store`, which must not hold an intake handle
    /// itself (or the channel would never close). The writer stops when the
    /// last handle is dropped (every clone of the store is gone).
    pub(crate) fn start(store: Store) -> Self {
        let (tx, rx) = mpsc::channel(MAX_GROUP * 16);
        tokio::spawn(writer(store, rx));
        Self { tx }
    }

    /// Writes one order with the next group; answers after its commit.
    /// Returns the order's id and whether it is new.
    pub(crate) async fn submit(&self, actor: &Actor, order: NewOrder) -> Result<(String, bool)> {
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

async fn writer(store: Store, mut rx: mpsc::Receiver<Job>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while rx.recv_many(&mut group, MAX_GROUP).await > 0 {
        let jobs = std::mem::take(&mut group);
        let outcomes = match commit_group(&store, &jobs).await {
            Ok(outcomes) => outcomes,
            Err(e) => {
                tracing::warn!(error = %e, orders = jobs.len(), "group commit failed; retrying each order alone");
                let mut outcomes = Vec::with_capacity(jobs.len());
                for job in &jobs {
                    outcomes.push(commit_alone(&store, job).await);
                }
                outcomes
            }
        };
        for (job, outcome) in jobs.into_iter().zip(outcomes) {
            // The client may have gone; its order stays committed.
            let _ = job.reply.send(outcome);
        }
    }
}

/// One transaction, one savepoint per order. `Err` only when the group as
/// a whole failed; an order refused by a rule is an `Ok(Err(..))` entry.
async fn commit_group(store: &Store, jobs: &[Job]) -> Result<Vec<Result<(String, bool)>>> {
    let mut tx = store.begin().await?;
    lock_categories(store, &mut tx).await?;
    let mut outcomes = Vec::with_capacity(jobs.len());
    for job in jobs {
        savepoint(&mut tx, "SAVEPOINT intake").await?;
        match crate::orders::intake(&mut tx, &job.actor, &job.order).await {
            Ok(done) => {
                savepoint(&mut tx, "RELEASE SAVEPOINT intake").await?;
                outcomes.push(Ok(done));
            }
            // The database itself failed: the whole group is retried.
            Err(e @ (StoreError::Database(_) | StoreError::Busy)) => return Err(e),
            Err(refused) => {
                savepoint(&mut tx, "ROLLBACK TO SAVEPOINT intake").await?;
                savepoint(&mut tx, "RELEASE SAVEPOINT intake").await?;
                outcomes.push(Err(refused));
            }
        }
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// A group's orders route into categories in no particular order, and
/// each category row is locked until commit: two groups in two PostgreSQL
/// processes could each hold a category the other waits for. Taking every
/// category's lock first, in id order (the order single-order releases use
/// too), rules that out. SQLite needs nothing: `BEGIN IMMEDIATE` already
/// holds the only write lock.
async fn lock_categories(store: &Store, conn: &mut AnyConnection) -> Result<()> {
    if store.backend() == Backend::Postgres {
        sqlx::query("SELECT id FROM categories ORDER BY id FOR NO KEY UPDATE")
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// The fallback: the order in a transaction of its own.
async fn commit_alone(store: &Store, job: &Job) -> Result<(String, bool)> {
    let mut tx = store.begin().await?;
    let done = crate::orders::intake(&mut tx, &job.actor, &job.order).await?;
    tx.commit().await?;
    Ok(done)
}

async fn savepoint(conn: &mut AnyConnection, sql: &'static str) -> Result<()> {
    sqlx::query(sql).execute(conn).await?;
    Ok(())
}
