//! The production plan page (排产): staff see every supplier's load
//! against capacity for three weeks (day by day) or a quarter (week by
//! week); a supplier sees its own, and its next three days task by task,
//! each task movable to another day.

use super::flash::{Flash, back_to};
use super::posted::{Posted, field, fields, keep};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use crate::routes::plan::PlanQuery;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::capacity::{PlanDay, PlanRow, PlanView, PlannedTask, Weekday};
use orderhub_domain::stats::iso;
use orderhub_domain::{Capability, Scope};

/// A column's heading: the weekday's key and the date.
struct Column {
    weekday: String,
    date: String,
}

/// One day of the day view: its load and its tasks.
struct DayTasks {
    date: String,
    weekday: String,
    booked: i64,
    capacity: Option<i64>,
    tasks: Vec<PlannedTask>,
}

#[derive(Template, WebTemplate)]
#[template(path = "plan.html")]
struct PlanPage {
    layout: Layout,
    view: &'static str,
    views: Vec<(&'static str, String, bool)>,
    staff: bool,
    supplier: String,
    suppliers: Vec<(String, String)>,
    from: String,
    earlier: String,
    later: String,
    columns: Vec<Column>,
    rows: Vec<PlanRow>,
    days: Vec<DayTasks>,
}

impl PlanPage {
    /// A cell's text: booked / capacity, or booked alone with no limit.
    fn cell(&self, d: &PlanDay) -> String {
        match d.capacity {
            Some(0) if d.booked == 0 => "—".to_owned(),
            Some(c) => format!("{} / {c}", d.booked),
            None => d.booked.to_string(),
        }
    }

    fn when(&self, t: &PlannedTask) -> String {
        self.layout.when(t.due_at)
    }
}

fn weekday_key(day: i64) -> String {
    format!("weekday_short-{}", Weekday::of(day).as_str())
}

pub async fn page(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(q): Query<PlanQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::PlanCapacity)?;
    let (view, from, to, span) = q.read()?;
    let staff = !matches!(p.scope, Scope::Supplier(_));
    let supplier = match &p.scope {
        Scope::Supplier(own) => own.clone(),
        _ => q.supplier.clone().unwrap_or_default(),
    };
    let asked = Some(supplier.as_str()).filter(|s| !s.is_empty());
    let Some(plan) = super::found(s.store.plan(&p.scope, asked, from, to, span).await)? else {
        return Ok(super::not_found(layout));
    };
    let mut days = Vec::new();
    if view == PlanView::Day && !supplier.is_empty() {
        let tasks = s.store.planned_tasks(&p.scope, &supplier, from, to).await?;
        for day in from..=to {
            let load = plan
                .rows
                .iter()
                .filter_map(|r| r.days.iter().find(|d| d.day == day));
            let (booked, capacity) = load.fold((0, Some(0)), |(b, c), d| {
                (b + d.booked, c.zip(d.capacity).map(|(a, b)| a + b))
            });
            days.push(DayTasks {
                date: iso(day),
                weekday: weekday_key(day),
                booked,
                capacity: capacity.filter(|_| !plan.rows.is_empty()),
                tasks: tasks.iter().filter(|t| t.day == day).cloned().collect(),
            });
        }
    }
    let suppliers = match staff {
        true => s
            .store
            .list_suppliers()
            .await?
            .into_iter()
            .filter(|x| x.active)
            .map(|x| (x.id, x.name))
            .collect(),
        false => Vec::new(),
    };
    let step = view.days_and_span().0;
    let columns = (from..=to)
        .step_by(span as usize)
        .map(|d| Column {
            weekday: weekday_key(d),
            date: iso(d)[5..].to_owned(),
        })
        .collect();
    Ok(PlanPage {
        view: view.as_str(),
        views: PlanView::ALL
            .iter()
            .map(|v| (v.as_str(), format!("plan-view_{}", v.as_str()), *v == view))
            .collect(),
        staff,
        supplier,
        suppliers,
        from: iso(from),
        earlier: iso(from - step),
        later: iso(from + step),
        columns,
        rows: plan.rows,
        days,
        layout,
    }
    .into_response())
}

/// Moves a task's plan from the day view's form.
pub async fn replan(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::PlanCapacity)?;
    let result = async {
        let start = orderhub_domain::validate::date("start", field(&form, "start"))?;
        let start = orderhub_domain::stats::day(start);
        Ok::<_, ApiError>(s.store.replan_task(&p.actor, &p.scope, &id, start).await?)
    }
    .await;
    let back = format!(
        "/plan?view=day&from={}&supplier={}",
        field(&form, "from"),
        field(&form, "supplier")
    );
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |days| {
            let first = days.first().map(|(d, _)| iso(*d)).unwrap_or_default();
            Flash::done(lang.fill("flash-replanned", &[("day", first.into())]))
        },
        |f| keep(f, &format!("plan-{id}"), &form),
    )
}
