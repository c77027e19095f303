//! A task's page: its product and personalisation, order, times, the
//! parcel's journey, amendment and proof, its moves, and the form for its
//! production times and note.

use super::tasks::{TaskRow, task_row};
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use orderhub_domain::Role;

#[derive(Template, WebTemplate)]
#[template(path = "task.html")]
struct TaskPage {
    layout: Layout,
    task: TaskRow,
    product: String,
    /// The line's personalisation, for the customization include.
    line: super::pages::Personalised,
    order_number: String,
    reject_reason: String,
    /// (label key, value) of the task's times.
    times: Vec<(&'static str, String)>,
    /// The editable times: (field, label key, value for a datetime-local input).
    editable: Vec<(&'static str, &'static str, String)>,
    /// The parcel's scans: (when, status, where, what), oldest first.
    scans: Vec<(String, &'static str, String, String)>,
    back: String,
    csrf: String,
}

/// One task with its product, times, note and moves; an edit form for the
/// production times (and, for staff, the due date) and the note.
pub async fn task(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let Some(t) = super::found(s.store.get_task(&id, &p.scope).await)? else {
        return Ok(super::not_found(layout));
    };
    let order = s.store.get_order(&t.order_id, &p.scope).await;
    let line = order
        .as_ref()
        .ok()
        .and_then(|o| o.lines.iter().find(|l| l.id == t.line_id));
    // a supplier no longer sees the order of a task it rejected
    let order_number = order
        .as_ref()
        .map(|o| o.external_number.clone())
        .unwrap_or_default();
    let product = line.map(|l| l.title.clone()).unwrap_or_default();
    let customization = super::pages::customization(line.and_then(|l| l.customization.as_ref()));
    let mut editable = vec![
        (
            "production_started_at",
            "task-started",
            t.production_started_at
                .map(|t| layout.zone.input(t))
                .unwrap_or_default(),
        ),
        (
            "produced_at",
            "task-produced",
            t.produced_at
                .map(|t| layout.zone.input(t))
                .unwrap_or_default(),
        ),
    ];
    if p.role != Role::Supplier {
        editable.insert(
            0,
            (
                "due_at",
                "task-due",
                t.due_at.map(|t| layout.zone.input(t)).unwrap_or_default(),
            ),
        );
    }
    Ok(TaskPage {
        times: vec![
            ("task-assigned_at", layout.when(Some(t.created_at))),
            ("task-due", layout.when(t.due_at)),
            ("task-started", layout.when(t.production_started_at)),
            ("task-produced", layout.when(t.produced_at)),
            ("task-delivered", layout.when(t.delivered_at)),
        ],
        scans: s
            .store
            .tracking_events(&t.id)
            .await?
            .into_iter()
            .map(|e| {
                let status = layout.lang.t(&format!("tracking-{}", e.status.as_str()));
                (
                    layout.when(Some(e.at)),
                    status,
                    e.location.unwrap_or_default(),
                    e.description,
                )
            })
            .collect(),
        editable,
        product,
        line: super::pages::Personalised { customization },
        order_number,
        reject_reason: t.reject_reason.clone().unwrap_or_default(),
        task: task_row(&layout, &t, p.role),
        back: format!("/tasks/{id}"),
        csrf: layout.csrf(),
        layout,
    }
    .into_response())
}
