//! The operations page: the scheduler's jobs (last run, next run, what
//! it did, failures, which server runs it now) with "run now" for admins,
//! and notification deliveries by channel with the latest failures.

use super::flash::{self, Flash};
use super::posted::{Posted, checked};
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use crate::routes::jobs::{Deliveries, deliveries_now};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::Capability;
use orderhub_domain::notify::NoticeChannel;
use orderhub_domain::schedule::{Job, JobState};

#[derive(Template, WebTemplate)]
#[template(path = "operations.html")]
struct OperationsPage {
    layout: Layout,
    jobs: Vec<JobState>,
    deliveries: Deliveries,
    admin: bool,
}

impl OperationsPage {
    fn job_name(&self, j: &Job) -> &'static str {
        self.layout.t(&format!("job-{j}"))
    }

    fn kind_name(&self, k: &NoticeChannel) -> &'static str {
        self.layout.t(&format!("channel-{k}"))
    }

    fn last_run(&self, j: &JobState) -> String {
        match j.last_finished_at {
            Some(t) => self.layout.when(Some(t)),
            None => "—".into(),
        }
    }

    fn every(&self, j: &JobState) -> String {
        self.layout
            .fill("ops-every_minutes", "minutes", j.every_seconds / 60)
    }
}

pub async fn operations(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if p.require(Capability::ReadOperations).is_err() {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(OperationsPage {
        jobs: s.store.list_jobs().await?,
        deliveries: deliveries_now(&s).await?,
        admin: p.require(Capability::RunJobs).is_ok(),
        layout,
    }
    .into_response())
}

pub async fn run_now(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(name): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    checked(&s, &headers, &layout, posted)?;
    let (Ok(()), Some(job)) = (p.require(Capability::RunJobs), Job::parse(&name)) else {
        return Ok(Redirect::to("/operations").into_response());
    };
    s.store.run_job_now(job).await?;
    let done = Flash::done(format!(
        "{}: {}",
        layout.t(&format!("job-{job}")),
        layout.t("ops-queued")
    ));
    Ok(flash::redirect(&s, &layout, "/operations", done))
}
