//! Tasks: the board (a column per status, filtered by supplier and
//! category), one status as a paginated list, a task's page with its
//! production times and note, and the moves the task lifecycle allows the
//! caller now. For a supplier this is "My tasks": the store's scope shows
//! only its own.

use super::i18n::Lang;
use super::pages::{
    back_to, customization, options, query_string, status_label, status_options, with_error,
};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::lifecycle::Need;
use orderhub_domain::lifecycle::Trigger;
use orderhub_domain::model::{Category, Supplier, Task, TaskPatch, TaskTransition};
use orderhub_domain::{Role, Scope, TASK_LIFECYCLE, TaskStatus, validate};
use orderhub_store::{TaskFilter, TaskWork};
use std::collections::HashMap;
use time::OffsetDateTime;

/// Carriers offered in the ship form (free text is accepted too).
pub(super) const CARRIERS: &[&str] = &[
    "DHL",
    "FedEx",
    "UPS",
    "USPS",
    "SF Express",
    "China Post",
    "YunExpress",
    "4PX",
    "Cainiao",
    "EMS",
];

/// Tasks shown per board column (the column links to all of them).
const COLUMN: i64 = 10;

/// One task as the pages show it, with the moves allowed now.
pub(super) struct TaskRow {
    pub(super) id: String,
    pub(super) order_id: String,
    pub(super) sku: String,
    pub(super) quantity: i64,
    pub(super) status: &'static str,
    /// The status's family, the chip's colour (`StatusFamily`).
    pub(super) family: &'static str,
    pub(super) carrier: String,
    pub(super) tracking: String,
    pub(super) due: String,
    /// "late" or "due today" beside the due date, while the task is open.
    pub(super) due_mark: &'static str,
    pub(super) late: bool,
    /// What to make: the line's product, its personalisation's first
    /// entry, and all of it (shown on demand when there is more).
    pub(super) product: String,
    pub(super) personal: String,
    pub(super) personal_all: Vec<(String, String)>,
    /// Who holds it (staff only; empty for a supplier, who is the holder).
    pub(super) supplier: String,
    pub(super) note: String,
    pub(super) moves: Vec<Move>,
    /// Suppliers an operator may give the task to now: (id, name).
    pub(super) reassign_to: Vec<(String, String)>,
}

/// A move a page offers, with the fields the lifecycle says it needs (so
/// the form asks for them, and a page never offers a move the server
/// refuses for want of one).
pub(super) struct Move {
    pub(super) to: &'static str,
    pub(super) label: &'static str,
    /// It stops the task (reject, cancel): behind a disclosure, confirmed.
    pub(super) stops: bool,
    pub(super) reason: bool,
    pub(super) carrier: bool,
    pub(super) tracking: bool,
}

impl TaskRow {
    /// Whether a move that stops the task (reject, cancel) is allowed now:
    /// those sit behind a disclosure, each asking for a confirmation.
    pub(super) fn has_stop(&self) -> bool {
        self.moves.iter().any(|m| m.stops)
    }
}

/// `YYYY-MM-DD HH:MM` (UTC), or empty.
fn when(t: Option<OffsetDateTime>) -> String {
    t.map(|t| {
        let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
        t.format(f).unwrap_or_default()
    })
    .unwrap_or_default()
}

/// The text key of an open task's due marker at `now`: past due, or due
/// later today (UTC until users have time zones).
fn due_mark(t: &Task, now: OffsetDateTime) -> Option<&'static str> {
    let due = t.due_at.filter(|_| t.status.is_open())?;
    if due < now {
        Some("task.late")
    } else if due.date() == now.date() {
        Some("task.due_today")
    } else {
        None
    }
}

impl TaskRow {
    /// Fills in what the task's line asks for and, for staff, who holds
    /// it: what a supplier needs on the card to do the work.
    pub(super) fn with_work(
        mut self,
        t: &Task,
        work: &HashMap<String, TaskWork>,
        holders: &HashMap<String, String>,
    ) -> Self {
        if let Some(w) = work.get(&t.line_id) {
            self.product = w.title.clone();
            self.personal_all = customization(w.customization.as_ref());
            self.personal = match self.personal_all.first() {
                Some((k, v)) if k.is_empty() || k.parse::<usize>().is_ok() => v.clone(),
                Some((k, v)) => format!("{k}: {v}"),
                None => String::new(),
            };
        }
        self.supplier = holders.get(&t.supplier_id).cloned().unwrap_or_default();
        self
    }
}

/// The moves `role` may make on a task in `status` now, with their labels.
fn task_moves(lang: Lang, status: TaskStatus, role: Role) -> Vec<Move> {
    let party = role.party();
    TASK_LIFECYCLE
        .transitions
        .iter()
        .filter(|tr| tr.from == status && tr.by != Trigger::Automatic)
        .filter(|tr| TASK_LIFECYCLE.forbidden_for(status, tr.to, party).is_none())
        .filter(|tr| TASK_LIFECYCLE.check(status, tr.to, party).is_ok())
        .map(|tr| Move {
            to: tr.to.as_str(),
            label: lang.t(&format!("move.{}", tr.to.as_str())),
            stops: !tr.to.is_live(),
            reason: tr.needs.contains(&Need::Reason),
            carrier: tr.needs.contains(&Need::Carrier),
            tracking: tr.needs.contains(&Need::TrackingNumber),
        })
        .collect()
}

pub(super) fn task_row(lang: Lang, t: &Task, role: Role) -> TaskRow {
    TaskRow {
        id: t.id.clone(),
        order_id: t.order_id.clone(),
        sku: t.sku.clone(),
        quantity: t.quantity,
        status: status_label(lang, t.status.as_str()),
        family: t.status.family().as_str(),
        carrier: t.carrier.clone().unwrap_or_default(),
        tracking: t.tracking_number.clone().unwrap_or_default(),
        due: when(t.due_at),
        due_mark: due_mark(t, OffsetDateTime::now_utc()).map_or("", |k| lang.t(k)),
        late: due_mark(t, OffsetDateTime::now_utc()) == Some("task.late"),
        product: String::new(),
        personal: String::new(),
        personal_all: Vec::new(),
        supplier: String::new(),
        note: t.note.clone().unwrap_or_default(),
        moves: task_moves(lang, t.status, role),
        reassign_to: Vec::new(),
    }
}

/// The suppliers a task may be given to: active ones of its category other
/// than its holder, when the task can still be cancelled by an operator.
pub(super) fn reassign_options(
    t: &Task,
    categories: &[Category],
    suppliers: &[Supplier],
) -> Vec<(String, String)> {
    let operator = orderhub_domain::lifecycle::Party::Operator;
    if TASK_LIFECYCLE
        .check(t.status, TaskStatus::Cancelled, operator)
        .is_err()
    {
        return Vec::new();
    }
    let Some(category) = categories.iter().find(|c| c.id == t.category_id) else {
        return Vec::new();
    };
    category
        .supplier_ids
        .iter()
        .filter(|id| **id != t.supplier_id)
        .filter_map(|id| suppliers.iter().find(|x| &x.id == id && x.active))
        .map(|x| (x.id.clone(), x.name.clone()))
        .collect()
}

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
    back_to(&back, result)
}

/// A form's `back` when it is a path of this site, else the tasks page.
/// Browsers read a backslash as `/`, so `/\evil.example` would leave the
/// site as `//evil.example` does; controls and spaces are never ours.
fn local_path(back: &str) -> String {
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
    #[serde(default)]
    error: String,
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

    /// The link to this query with `status` and `cursor` (empty: none).
    fn link(&self, status: &str, cursor: &str) -> String {
        let pairs = [
            ("status", status),
            ("supplier", self.supplier.as_str()),
            ("category", self.category.as_str()),
            ("cursor", cursor),
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
    error: String,
    csrf: String,
    carriers: &'static [&'static str],
    /// The same tasks as CSV and XLSX.
    exports: (String, String),
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
    match status {
        Some(status) => {
            let page = s
                .store
                .list_tasks(&query.filter(Some(status), 50), &p.scope)
                .await?;
            let next = page.next_cursor.map(|c| query.link(status.as_str(), &c));
            pages.push((status, page.items, next));
        }
        None => {
            for st in TaskStatus::ALL {
                let page = s
                    .store
                    .list_tasks(&query.filter(Some(*st), COLUMN), &p.scope)
                    .await?;
                let more = page.next_cursor.map(|_| query.link(st.as_str(), ""));
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
    let rows = |tasks: &[Task]| -> Vec<TaskRow> {
        tasks
            .iter()
            .map(|t| task_row(lang, t, p.role).with_work(t, &work, &holders))
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
    Ok(TasksPage {
        title: lang.t(if staff { "tasks.title" } else { "tasks.mine" }),
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
        back: query.link(&query.status, &query.cursor),
        exports: (query.export_link("csv"), query.export_link("xlsx")),
        error: query.error,
        csrf: layout.csrf(),
        carriers: CARRIERS,
        layout,
    }
    .into_response())
}

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
    back: String,
    error: String,
    csrf: String,
    carriers: &'static [&'static str],
}

/// `YYYY-MM-DDTHH:MM` for a datetime-local input, or empty.
fn input_value(t: Option<OffsetDateTime>) -> String {
    when(t).replacen(' ', "T", 1)
}

/// One task with its product, times, note and moves; an edit form for the
/// production times (and, for staff, the due date) and the note.
pub async fn task(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
    Query(query): Query<TasksQuery>,
) -> Result<Response, ApiError> {
    let lang = layout.lang;
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
            "task.started",
            input_value(t.production_started_at),
        ),
        ("produced_at", "task.produced", input_value(t.produced_at)),
    ];
    if p.role != Role::Supplier {
        editable.insert(0, ("due_at", "task.due", input_value(t.due_at)));
    }
    Ok(TaskPage {
        times: vec![
            ("task.assigned_at", when(Some(t.created_at))),
            ("task.due", when(t.due_at)),
            ("task.started", when(t.production_started_at)),
            ("task.produced", when(t.produced_at)),
        ],
        editable,
        product,
        line: super::pages::Personalised { customization },
        order_number,
        reject_reason: t.reject_reason.clone().unwrap_or_default(),
        task: task_row(lang, &t, p.role),
        back: format!("/tasks/{id}"),
        error: query.error,
        csrf: layout.csrf(),
        carriers: CARRIERS,
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
    let time = |field, v: &str| match v.trim() {
        "" => Ok(None),
        v => validate::date_time(field, v).map(Some),
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
    let patch = match patch {
        Ok(patch) => patch,
        Err(e) => return back_to(&back, Err::<(), _>(e)),
    };
    back_to(
        &back,
        s.store.update_task(&p.actor, &p.scope, &id, patch).await,
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
        return Ok(Redirect::to(&with_error(&back, "invalid_status")).into_response());
    };
    let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let req = TaskTransition {
        to,
        reason: some(&form.reason),
        carrier: some(&form.carrier),
        tracking_number: some(&form.tracking_number),
    };
    back_to(
        &back,
        s.store.transition_task(&p.actor, &p.scope, &id, req).await,
    )
}
