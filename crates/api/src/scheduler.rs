//! The scheduler: every server runs it; each job's run is claimed in the
//! database (`orderhub_store` jobs), so one instance runs it and the
//! others skip it, and a server that dies mid-run leaves a claim that
//! lapses. Its state (last run, next run, failures) is on the operations
//! page and at `GET /api/v1/jobs`. The jobs read the time from the
//! store's clock, which a test moves on.

use crate::web::zone::Zone;
use orderhub_domain::Party;
use orderhub_domain::model::Actor;
use orderhub_domain::schedule::Job;
use orderhub_store::{Store, StoreError};
use std::time::Duration;

/// How often a server looks for due jobs.
const TICK: Duration = Duration::from_millis(500);
/// A run's claim; a run longer than this may be started again elsewhere.
const LEASE_MS: i64 = 10 * 60_000;
const MINUTE_MS: i64 = 60_000;
/// The local hour digests go out.
const DIGEST_HOUR: i8 = 8;

/// What the jobs are set to.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub cancel_unpaid_after: Option<Duration>,
    pub confirm_receipt_after: Option<Duration>,
    /// Remind a supplier of a task not accepted this long after it was
    /// assigned (or at half its category's time to accept, if sooner).
    pub remind_accept_after: Duration,
    /// How long a stored file no row names is kept before the sweeper
    /// removes it (instances may be writing it now).
    pub files_grace: Duration,
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// The jobs this schedule runs, with their intervals.
fn jobs(s: &Schedule) -> Vec<(Job, i64)> {
    let mut jobs = vec![
        (Job::UnacceptedTasks, MINUTE_MS),
        (Job::Reminders, MINUTE_MS),
        (Job::Digest, 15 * MINUTE_MS),
        (Job::SweepFiles, 60 * MINUTE_MS),
    ];
    if s.cancel_unpaid_after.is_some() {
        jobs.push((Job::UnpaidOrders, MINUTE_MS));
    }
    if s.confirm_receipt_after.is_some() {
        jobs.push((Job::ConfirmReceipt, MINUTE_MS));
    }
    jobs
}

/// Starts the scheduler on the current runtime.
pub fn start(store: Store, schedule: Schedule) {
    let me = format!(
        "{}:{}",
        std::env::var("HOSTNAME").unwrap_or_else(|_| "orderhub".into()),
        std::process::id()
    );
    tokio::spawn(async move {
        let jobs = jobs(&schedule);
        while let Err(e) = store.ensure_jobs(&jobs).await {
            tracing::warn!(error = %e, "scheduler: the jobs table is not reachable");
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
        loop {
            tokio::time::sleep(TICK).await;
            for (job, _) in &jobs {
                match store.claim_job(*job, &me, LEASE_MS).await {
                    Ok(true) => {
                        let outcome = run(&store, *job, &schedule)
                            .await
                            .map_err(|e| e.to_string());
                        match &outcome {
                            Ok(0) => {}
                            Ok(n) => tracing::info!(job = %job, count = n, "scheduled job done"),
                            Err(e) => {
                                tracing::warn!(job = %job, error = %e, "scheduled job failed")
                            }
                        }
                        if let Err(e) = store.finish_job(*job, outcome).await {
                            tracing::warn!(job = %job, error = %e, "scheduler: recording failed");
                        }
                    }
                    Ok(false) => {}
                    Err(e) => tracing::warn!(job = %job, error = %e, "scheduler: claiming failed"),
                }
            }
        }
    });
}

fn actor(label: &str) -> Actor {
    Actor {
        label: label.into(),
        party: Party::Operator,
    }
}

/// Runs one job once; what it did (orders, tasks, reminders, digests).
pub async fn run(store: &Store, job: Job, s: &Schedule) -> Result<i64, StoreError> {
    let n = match job {
        Job::UnacceptedTasks => crate::timeouts::expire_unaccepted(store, store.now_ms()).await?,
        Job::UnpaidOrders => match s.cancel_unpaid_after {
            Some(after) => crate::timeouts::cancel_unpaid(store, after).await?,
            None => 0,
        },
        Job::ConfirmReceipt => match s.confirm_receipt_after {
            Some(after) => crate::timeouts::confirm_receipt(store, after).await?,
            None => 0,
        },
        Job::Reminders => {
            let actor = actor("orderhub:reminders");
            return store
                .remind_overdue(&actor, ms(s.remind_accept_after))
                .await;
        }
        Job::Digest => return digests(store).await,
        Job::SweepFiles => return Ok(store.sweep_files(s.files_grace).await?.removed as i64),
    };
    Ok(n as i64)
}

/// Writes the digests of the readers for whom it is now the digest hour.
async fn digests(store: &Store) -> Result<i64, StoreError> {
    let now = store.now_ms();
    let mut written = 0;
    for reader in store.digest_readers().await? {
        let zone = reader
            .time_zone
            .as_deref()
            .and_then(Zone::named)
            .unwrap_or_default();
        let (hour, day) = zone.hour_and_day(now);
        if hour != DIGEST_HOUR {
            continue;
        }
        let mut figures = store.digest_figures(reader.supplier_id.as_deref()).await?;
        figures["day"] = serde_json::json!(day);
        figures["path"] = serde_json::json!(if reader.supplier_id.is_some() {
            "/tasks"
        } else {
            "/"
        });
        written += i64::from(store.write_digest(&reader, &day, &figures).await?);
    }
    Ok(written)
}
