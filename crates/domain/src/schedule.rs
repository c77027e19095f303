//! Scheduled work: what orderhub does by itself on a timetable. Every
//! server runs the scheduler; each run of a job is claimed in the
//! database, so one instance runs it and the others skip it.

use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

vocabulary!(
    /// A scheduled job.
    Job {
        /// Tasks not accepted within their category's time move to the
        /// next supplier (接单时限).
        UnacceptedTasks => "unaccepted_tasks",
        /// Reminders: tasks not accepted after a while, tasks past their
        /// due date and not shipped.
        Reminders => "reminders",
        /// Orders unpaid too long are cancelled (待支付超时自动取消), when
        /// set up.
        UnpaidOrders => "unpaid_orders",
        /// Shipped orders nobody confirmed complete (自动确认收货), when
        /// set up.
        ConfirmReceipt => "confirm_receipt",
        /// Each person's daily digest, at 08:00 in their time zone.
        Digest => "digest",
        /// Stored files no row names any more (replaced pictures, uploads
        /// whose transaction failed), removed after a grace period.
        SweepFiles => "sweep_files",
    }
);

/// A job as the operations page shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobState {
    pub name: Job,
    /// Seconds between two runs.
    pub every_seconds: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub next_run_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_started_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_finished_at: Option<OffsetDateTime>,
    /// What the last run did (orders cancelled, reminders written…).
    pub last_count: Option<i64>,
    /// Why the last run failed, if it did.
    pub last_error: Option<String>,
    /// Failed runs in a row.
    pub failures: i64,
    pub runs: i64,
    /// Which server runs it now, if one does.
    pub running_on: Option<String>,
}
