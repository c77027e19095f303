//! `/jobs`: the scheduler's jobs (last run, next run, failures) and
//! deliveries by channel, for the operations page; an admin may run a
//! job now.

use crate::AppState;
use crate::auth::Principal;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use orderhub_domain::notify::NoticeChannel;
use orderhub_domain::schedule::{Job, JobState};
use orderhub_domain::{Capability, ErrorCode, ValidationError};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_jobs))
        .routes(routes!(run_job))
        .routes(routes!(deliveries))
}

/// Every scheduled job's state.
#[utoipa::path(get, path = "/jobs", tag = "operations",
    responses((status = 200, body = Vec<JobState>), (status = 403, body = Problem)))]
async fn list_jobs(
    State(s): State<AppState>,
    p: Principal,
) -> Result<Json<Vec<JobState>>, ApiError> {
    p.require(Capability::ReadOperations)?;
    Ok(Json(s.store.list_jobs().await?))
}

/// Makes a job due now; a server runs it within a second.
#[utoipa::path(post, path = "/jobs/{name}/run", tag = "operations",
    responses((status = 202), (status = 403, body = Problem), (status = 404, body = Problem),
               (status = 422, body = Problem, description = "not a job")))]
async fn run_job(
    State(s): State<AppState>,
    p: Principal,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    p.require(Capability::RunJobs)?;
    let job = Job::parse(&name).ok_or_else(|| {
        ValidationError::new(
            "name",
            ErrorCode::InvalidValue,
            format!("{name:?} is not a job"),
        )
    })?;
    s.store.run_job_now(job).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Deliveries of one channel in one state.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryCount {
    pub channel: NoticeChannel,
    /// `pending`, `sent`, `failed`, `skipped` (e-mail with no mail
    /// server), `unread`, `read` (inbox).
    pub status: String,
    pub count: i64,
}

/// A delivery that failed or is being retried.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryFailure {
    pub id: String,
    pub channel: NoticeChannel,
    /// The e-mail address or robot's name.
    pub recipient: String,
    pub error: String,
}

/// Notification deliveries by channel and state, and the latest failures.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deliveries {
    pub counts: Vec<DeliveryCount>,
    pub failures: Vec<DeliveryFailure>,
}

#[utoipa::path(get, path = "/jobs/deliveries", tag = "operations",
    responses((status = 200, body = Deliveries), (status = 403, body = Problem)))]
async fn deliveries(State(s): State<AppState>, p: Principal) -> Result<Json<Deliveries>, ApiError> {
    p.require(Capability::ReadOperations)?;
    Ok(Json(deliveries_now(&s).await?))
}

pub(crate) async fn deliveries_now(s: &AppState) -> Result<Deliveries, ApiError> {
    let counts = s.store.notice_counts().await?;
    let failures = s.store.notice_failures(20).await?;
    Ok(Deliveries {
        counts: counts
            .into_iter()
            .map(|(channel, status, count)| DeliveryCount {
                channel,
                status,
                count,
            })
            .collect(),
        failures: failures
            .into_iter()
            .map(|(id, channel, recipient, error)| DeliveryFailure {
                id,
                channel,
                recipient,
                error,
            })
            .collect(),
    })
}
