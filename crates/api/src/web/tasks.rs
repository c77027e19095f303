//! Tasks: the board (a column per status, filtered by supplier and
//! category), one status as a paginated list, edits of a task's
//! production times and note, and the moves the task lifecycle allows the
//! caller now (the task's page is [`super::task_page`]). For a supplier this is "My tasks": the store's scope shows
//! only its own.

use super::flash::Flash;
use super::flash::back_to;
use super::pages::{options, query_string, status_label, status_options};
pub(super) use super::task_card::{TaskRow, reassign_options, task_row};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::model::{Task, TaskPatch, TaskTransition};
use orderhub_domain::{Scope, TaskStatus, validate};
use orderhub_store::TaskFilter;
use std::collections::HashMap;

/// Tasks shown per board column (the column links to all of them).
const COLUMN: i64 = 10;

#[derive(serde::Deserialize)]
pub struct ReassignForm {
    csrf: String,
    supplier_id: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    back: String,
}

/// An operator gives a task to another supplier; back to the order, with
/// the refusal's code when refused.
pub async fn reassign_task(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<ReassignForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(orderhub_domain::Capability::ManageOrders)?;
    let back = local_path(&form.back);
    let reason = Some(form.reason.trim().to_owned()).filter(|r| !r.is_empty());
    let result = s
        .store
        .reassign_task(&p.actor, &id, &form.supplier_id, reason)
        .await;
    let supplier = match &result {
        Ok(t) => super::found(s.store.get_supplier(&t.supplier_id).await)?
            .map(|s| s.name)
            .unwrap_or_else(|| t.supplier_id.clone()),
        Err(_) => String::new(),
    };
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |t| {
            Flash::done(lang.fill(
                "flash-task_reassigned",
                &[("sku", (&t.sku).into()), ("supplier", (&supplier).into())],
            ))
        },
        |f| {
            f.keeping(
                &super::move_form(&id, "reassign"),
                [("reason", form.reason.as_str())],
            )
        },
    )
}

/// A form's `back` when it is a path of this site, else the tasks page.
/// Browsers read a backslash as `/`, so `/\evil.example` would leave the
/// site as `//evil.example` does; controls and spaces are never ours.
pub(super) fn local_path(back: &str) -> String {
    let mut chars = back.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !back.contains('\\')
        && !back.chars().any(|c| c.is_control() || c.is_whitespace());
    match local {
        true => back.to_owned(),
        false => "/tasks".to_owned(),
    }
}

#[cfg(test)]
mod back_tests {
    #[test]
    fn only_paths_of_this_site() {
        for ok in ["/tasks", "/tasks/abc?status=shipped", "/orders/1"] {
            assert_eq!(super::local_path(ok), ok);
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "https://evil.example",
            "/\tevil",
            "/x\\y",
            "",
        ] {
            assert_eq!(super::local_path(bad), "/tasks", "{bad:?}");
        }
    }
}

/// The tasks page's filters, as typed.
#[derive(serde::Deserialize, Default)]
pub struct TasksQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    supplier: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    cursor: String,
    /// Where this page starts in the list (for "51–100 of …").
    #[serde(default)]
    at: String,
}

impl TasksQuery {
    fn filter(&self, status: Option<TaskStatus>, limit: i64) -> TaskFilter {
        let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        TaskFilter {
            status,
            supplier_id: text(&self.supplier),
            order_id: None,
            category_id: text(&self.category),
            limit,
            cursor: text(&self.cursor),
        }
    }

    /// The same tasks as a file (`/api/v1/tasks/export/{format}`).
    fn export_link(&self, format: &str) -> String {
        let pairs = [
            ("status", self.status.as_str()),
            ("supplier_id", self.supplier.as_str()),
            ("category_id", self.category.as_str()),
        ];
        format!("/api/v1/tasks/export/{format}?{}", query_string(&pairs))
    }

    /// The link to this query with `status` and `cursor` (empty: none),
    /// its page starting at row `at`.
    fn link(&self, status: &str, cursor: &str, at: usize) -> String {
        let at = if at > 0 {
            at.to_string()
        } else {
            String::new()
        };
        let pairs = [
            ("status", status),
            ("supplier", self.supplier.as_str()),
            ("category", self.category.as_str()),
            ("cursor", cursor),
            ("at", at.as_str()),
        ];
        match query_string(&pairs) {
            query if query.is_empty() => "/tasks".to_owned(),
            query => format!("/tasks?{query}"),
        }
    }
}

/// A board column: the status, its label, its first tasks, and the link to
/// all of them when there are more.
struct Column {
    label: &'static str,
    tasks: Vec<TaskRow>,
    more: Option<String>,
    /// A status no move leaves (completed, cancelled, rejected): folded
    /// into the board's last column, so the working ones fit a laptop.
    closed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "tasks.html")]
struct TasksPage {
    layout: Layout,
    title: &'static str,
    /// The board (no status chosen) …
    columns: Vec<Column>,
    /// … or one status's tasks, a page at a time.
    tasks: Vec<TaskRow>,
    board: bool,
    statuses: Vec<(&'static str, &'static str, bool)>,
    /// Pick-lists for staff; suppliers see only their own tasks anyway.
    suppliers: Vec<(String, String, bool)>,
    categories: Vec<(String, String, bool)>,
    next: Option<String>,
    /// Where task moves come back to.
    back: String,
    csrf: String,
    /// The same tasks as CSV and XLSX.
    exports: (String, String),
    /// On one status's list: the moves that can be made on many tasks at
    /// once (those needing no carrier or tracking number).
    bulk_moves: Vec<super::task_card::Move>,
    /// Ticking rows for a bulk move.
    bulk: bool,
    /// The filter, for "every task it matches".
    filter: (String, String, String),
    /// "1–50 of 12,340" on one status's list.
    range: String,
    views: super::views::ViewsBar,
    bulk_limit: usize,
}

pub async fn tasks(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(query): Query<TasksQuery>,
) -> Result<Response, ApiError> {
    let lang = layout.lang;
    let status = TaskStatus::parse(&query.status);
    // (status, its tasks, the link to more) per column, or one status's page
    let mut pages = Vec::new();
    let at = super::counts::at_of(&query.at);
    let mut range = String::new();
    match status {
        Some(status) => {
            let filter = query.filter(Some(status), 50);
            let page = s.store.list_tasks(&filter, &p.scope).await?;
            let count = s
                .store
                .count_tasks(&filter, &p.scope, super::counts::COUNT_CAP)
                .await?;
            // the dashboard knows every task by status, not a supplier's
            let by_status =
                p.scope.is_all() && query.supplier.is_empty() && query.category.is_empty();
            let about = |d: &orderhub_store::Dashboard| {
                by_status
                    .then(|| super::counts::of_status(&d.tasks_by_status, Some(status.as_str())))
            };
            let total = super::counts::total(&s, count, about).await;
            range = super::counts::range_text(lang, at, page.items.len(), Some(total));
            let next_at = at + page.items.len();
            let next = page
                .next_cursor
                .map(|c| query.link(status.as_str(), &c, next_at));
            pages.push((status, page.items, next));
        }
        None => {
            for st in TaskStatus::ALL {
                let page = s
                    .store
                    .list_tasks(&query.filter(Some(*st), COLUMN), &p.scope)
                    .await?;
                let more = page.next_cursor.map(|_| query.link(st.as_str(), "", 0));
                pages.push((*st, page.items, more));
            }
        }
    }
    let shown: Vec<Task> = pages
        .iter()
        .flat_map(|(_, t, _)| t.iter().cloned())
        .collect();
    let work = s.store.task_work(&shown, &p.scope).await?;
    let staff = p.scope.is_all();
    let suppliers = super::pages::supplier_names(&s, &p.scope).await?;
    let holders: HashMap<String, String> = suppliers.iter().cloned().collect();
    // a supplier's lines of one order waiting to be confirmed: on the
    // board, each card offers to confirm them all (its supplier order)
    let mut waiting: HashMap<(&str, &str), usize> = HashMap::new();
    for t in shown.iter().filter(|t| t.status == TaskStatus::Assigned) {
        *waiting.entry((&t.order_id, &t.supplier_id)).or_default() += 1;
    }
    let rows = |tasks: &[Task]| -> Vec<TaskRow> {
        tasks
            .iter()
            .map(|t| {
                let mut row = task_row(&layout, t, p.role).with_work(t, &work, &holders);
                let n = waiting.get(&(t.order_id.as_str(), t.supplier_id.as_str()));
                if let Some(n) = n.filter(|n| **n > 1 && t.status == TaskStatus::Assigned) {
                    row.confirm_all = Some((
                        format!("/orders/{}/suppliers/{}/confirm", t.order_id, t.supplier_id),
                        lang.fill("share-confirm_order", &[("n", (*n).into())]),
                    ));
                }
                row
            })
            .collect()
    };
    let (columns, tasks, next) = match status {
        Some(_) => {
            let (_, items, next) = pages
                .pop()
                .unwrap_or((TaskStatus::Assigned, Vec::new(), None));
            (Vec::new(), rows(&items), next)
        }
        None => {
            let columns = pages
                .iter()
                .map(|(st, items, more)| Column {
                    label: status_label(lang, st.as_str()),
                    tasks: rows(items),
                    more: more.clone(),
                    closed: orderhub_domain::TASK_LIFECYCLE.is_terminal(*st),
                })
                .collect();
            (columns, Vec::new(), None)
        }
    };
    // suppliers see their own categories' names only; others none
    let categories = match &p.scope {
        Scope::All => s.store.list_categories().await?,
        Scope::Supplier(own) => {
            let mine = s.store.get_supplier(own).await?.categories;
            let all = s.store.list_categories().await?;
            all.into_iter().filter(|c| mine.contains(&c.id)).collect()
        }
        Scope::Buyer(_) => Vec::new(),
    };
    let bulk_moves: Vec<_> = match status {
        Some(st) => super::task_card::task_moves(lang, st, p.role)
            .into_iter()
            .filter(|m| !m.carrier && !m.tracking)
            .collect(),
        None => Vec::new(),
    };
    let filters = [
        ("status", query.status.as_str()),
        ("supplier", query.supplier.as_str()),
        ("category", query.category.as_str()),
    ];
    let views =
        super::views::bar(&s, &p, orderhub_domain::model::ViewPage::Tasks, &filters).await?;
    Ok(TasksPage {
        views,
        bulk: !bulk_moves.is_empty() && !tasks.is_empty(),
        bulk_moves,
        filter: (
            query.status.clone(),
            query.supplier.clone(),
            query.category.clone(),
        ),
        bulk_limit: super::bulk::MAX_BULK,
        title: lang.t(if staff { "tasks-title" } else { "tasks-mine" }),
        board: status.is_none(),
        columns,
        tasks,
        statuses: status_options(TaskStatus::ALL, |st| st.as_str(), status, lang),
        suppliers: options(suppliers.into_iter(), &query.supplier),
        categories: options(
            categories.into_iter().map(|c| (c.id, c.name)),
            &query.category,
        ),
        next,
        back: query.link(&query.status, &query.cursor, at),
        range,
        exports: (query.export_link("csv"), query.export_link("xlsx")),
        csrf: layout.csrf(),
        layout,
    }
    .into_response())
}

#[derive(serde::Deserialize)]
pub struct EditForm {
    csrf: String,
    #[serde(default)]
    due_at: String,
    #[serde(default)]
    production_started_at: String,
    #[serde(default)]
    produced_at: String,
    #[serde(default)]
    note: String,
}

/// Saves a task's times and note; back to the task, with the refusal's
/// code when refused. An empty time leaves it as it was.
pub async fn edit_task(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<EditForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    let back = format!("/tasks/{id}");
    // a datetime-local value is the reader's wall clock; a full timestamp
    // (with its offset) is taken as it is
    let time = |field, v: &str| match v.trim() {
        "" => Ok(None),
        v => match layout.zone.parse_input(v) {
            Some(t) => Ok(Some(t)),
            None => validate::date_time(field, v).map(Some),
        },
    };
    let patch = (|| {
        Ok::<_, orderhub_domain::ValidationError>(TaskPatch {
            due_at: time("due_at", &form.due_at)?,
            production_started_at: time("production_started_at", &form.production_started_at)?,
            produced_at: time("produced_at", &form.produced_at)?,
            note: Some(form.note.clone()),
            ..TaskPatch::default()
        })
    })();
    let typed = |f: Flash| {
        f.keeping(
            "edit",
            [
                ("due_at", form.due_at.as_str()),
                ("production_started_at", &form.production_started_at),
                ("produced_at", &form.produced_at),
                ("note", &form.note),
            ],
        )
    };
    let result = match patch {
        Ok(patch) => s.store.update_task(&p.actor, &p.scope, &id, patch).await,
        Err(e) => Err(e.into()),
    };
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |t| Flash::done(lang.fill("flash-task_saved", &[("sku", (&t.sku).into())])),
        typed,
    )
}

#[derive(serde::Deserialize)]
pub struct MoveForm {
    csrf: String,
    to: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    carrier: String,
    #[serde(default)]
    tracking_number: String,
    #[serde(default)]
    back: String,
}

/// A task move from a form; back to the page it came from, with the
/// refusal's code when the lifecycle or a rule refused it.
pub async fn move_task(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<MoveForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    let back = local_path(&form.back);
    let Some(to) = TaskStatus::parse(&form.to) else {
        let code = orderhub_domain::ErrorCode::InvalidStatus;
        return Ok(super::flash::refuse_value(&s, &layout, &back, "to", code));
    };
    let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let req = TaskTransition {
        to,
        reason: some(&form.reason),
        carrier: some(&form.carrier),
        tracking_number: some(&form.tracking_number),
    };
    let result = s.store.transition_task(&p.actor, &p.scope, &id, req).await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |t| {
            let status = status_label(lang, t.status.as_str());
            Flash::done(lang.fill(
                "flash-task_moved",
                &[("sku", (&t.sku).into()), ("status", status.into())],
            ))
        },
        |f| {
            f.keeping(
                &super::move_form(&id, &form.to),
                [
                    ("carrier", form.carrier.as_str()),
                    ("tracking_number", &form.tracking_number),
                    ("reason", &form.reason),
                ],
            )
        },
    )
}
