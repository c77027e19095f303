//! Group commit for order intake.
//!
//! A durable commit costs one fsync (SQLite `synchronous=FULL`, PostgreSQL
//! `synchronous_commit=on`), and SQLite has one writer: committing each
//! order alone caps intake at the disk's fsync rate and serialises every
//! request behind it. So each process has one intake writer: it takes every
//! order waiting at that moment (up to [`MAX_GROUP`]), writes them with a
//! few multi-row statements ([`crate::group`]), commits them together with
//! one fsync, and only then answers each request. Nothing is acknowledged
//! before the commit, so a crash loses only unacknowledged orders.
//!
//! If the group fails for any reason (an order a rule refuses, a SKU taken
//! meanwhile, a lost connection, a failed commit), it is rolled back and
//! each of its orders is written alone in its own transaction (a group of
//! one, the same code) — so one bad order never fails its neighbours, and
//! the unique (platform, number) key makes the retry safe if the failed
//! commit did in fact land.

use crate::db::Store;
use crate::error::Result;
use crate::queue::{Intake, Intaken, Job, MAX_GROUP};
use orderhub_domain::model::{Actor, NewOrder};
use tokio::sync::mpsc;

/// Starts the writer for `store`, which must not hold an intake handle
/// itself (or the channel would never close). The writer stops when the
/// last handle is dropped (every clone of the store is gone).
pub(crate) fn start(store: Store) -> Intake {
    let (tx, rx) = mpsc::channel(MAX_GROUP * 16);
    tokio::spawn(writer(store, rx));
    Intake { tx }
}

async fn writer(store: Store, mut rx: mpsc::Receiver<Job>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    let mut groups: u64 = 0;
    while rx.recv_many(&mut group, MAX_GROUP).await > 0 {
        let jobs = std::mem::take(&mut group);
        // Suppliers' load changes are folded every 16th group: often
        // enough to keep the pending rows few, rarely enough to cost little.
        groups += 1;
        let fold = groups % 16 == 1;
        let outcomes = match commit_group(&store, &jobs, fold).await {
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

/// One transaction for the whole group, written set-wise
/// ([`crate::group`]). `Err` fails the whole group; the caller then writes
/// each order alone, so one bad order never fails its neighbours.
async fn commit_group(store: &Store, jobs: &[Job], fold: bool) -> Result<Vec<Result<Intaken>>> {
    let orders: Vec<(&Actor, &NewOrder)> = jobs.iter().map(|j| (&j.actor, &j.order)).collect();
    let started = std::time::Instant::now();
    let mut tx = store.begin().await?;
    let began = started.elapsed();
    // PostgreSQL: the group takes every category's row lock, in id order
    // (the order single releases use too), so two groups in two processes
    // never deadlock. SQLite: BEGIN IMMEDIATE already holds the only write
    // lock.
    let outcomes = crate::group::write(&mut tx, fold, &orders, "").await?;
    let written = started.elapsed();
    tx.commit().await?;
    // Where a group's time goes (`RUST_LOG=orderhub_store::intake=debug`):
    // waiting for the write lock, the statements, the durable commit.
    tracing::debug!(
        orders = orders.len(),
        begin_us = began.as_micros(),
        write_us = (written - began).as_micros(),
        commit_us = (started.elapsed() - written).as_micros(),
        "intake group committed"
    );
    Ok(outcomes.into_iter().map(Ok).collect())
}

/// The fallback: the order in a transaction of its own.
async fn commit_alone(store: &Store, job: &Job) -> Result<Intaken> {
    let (id, created) = store.intake_alone(&job.actor, &job.order).await?;
    Ok(Intaken {
        id,
        created,
        order: None,
    })
}
