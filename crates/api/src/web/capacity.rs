//! A supplier's calendar and capacity, as a page: working days, holidays
//! and clock, and per category its units per day, lead time and cut-off.
//! Staff reach it from the supplier's page; a supplier keeps its own
//! (`/capacity` in its menu).

use super::flash::{Flash, back_to};
use super::posted::{Posted, field, fields, keep, number};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::capacity::{CategoryCapacity, SupplierCapacity, Weekday, WorkCalendar};
use orderhub_domain::{Capability, Scope};
use std::collections::HashMap;

/// One category's row of the form.
struct Row {
    i: usize,
    id: String,
    name: String,
    units: String,
    lead: String,
    cut_off: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "capacity.html")]
struct CapacityPage {
    layout: Layout,
    id: String,
    supplier: String,
    staff: bool,
    /// (value, label key, worked).
    days: Vec<(&'static str, String, bool)>,
    holidays: String,
    offset: String,
    rows: Vec<Row>,
}

/// `/capacity`: a supplier's own page; staff pick a supplier first.
pub async fn own(Session(p, _): Session) -> Response {
    match &p.scope {
        Scope::Supplier(id) => Redirect::to(&format!("/suppliers/{id}/capacity")).into_response(),
        _ => Redirect::to("/suppliers").into_response(),
    }
}

pub async fn page(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    p.require(Capability::PlanCapacity)?;
    let Some(cap) = super::found(s.store.supplier_capacity(&id, &p.scope).await)? else {
        return Ok(super::not_found(layout));
    };
    let supplier = s.store.get_supplier(&id).await?;
    let names: HashMap<String, String> = s
        .store
        .list_categories()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let typed = |f: &str, stored: String| {
        let kept = layout.typed_or("capacity", f, "");
        if kept.is_empty() {
            stored
        } else {
            kept.to_owned()
        }
    };
    let worked = &cap.calendar.work_days;
    let days = Weekday::ALL
        .iter()
        .map(|d| {
            (
                d.as_str(),
                format!("weekday-{}", d.as_str()),
                worked.contains(d),
            )
        })
        .collect();
    let rows = cap
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| Row {
            i,
            name: names.get(&c.category_id).cloned().unwrap_or_default(),
            units: typed(&format!("units_{i}"), shown(c.units_per_day)),
            lead: typed(&format!("lead_{i}"), shown(c.lead_days)),
            cut_off: typed(
                &format!("cut_off_{i}"),
                c.cut_off.clone().unwrap_or_default(),
            ),
            id: c.category_id.clone(),
        })
        .collect();
    Ok(CapacityPage {
        holidays: typed("holidays", cap.calendar.holidays.join("\n")),
        offset: typed("utc_offset", cap.calendar.utc_offset.clone()),
        staff: !matches!(p.scope, Scope::Supplier(_)),
        supplier: supplier.name,
        id,
        days,
        rows,
        layout,
    }
    .into_response())
}

fn shown(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The form as the API's body: ticked days, one holiday per line (or
/// comma), and a row per category.
fn read(form: &HashMap<String, String>) -> Result<SupplierCapacity, ApiError> {
    let work_days = Weekday::ALL
        .iter()
        .copied()
        .filter(|d| field(form, &format!("day_{}", d.as_str())) == "on")
        .collect();
    let holidays = field(form, "holidays")
        .split(['\n', ',', '，', ' '])
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_owned)
        .collect();
    let mut categories = Vec::new();
    for i in 0.. {
        let Some(id) = form.get(&format!("category_{i}")) else {
            break;
        };
        let named = |f: &str| format!("categories[{i}].{f}");
        let with_field = |e: ApiError, f: &str| e.field(named(f));
        categories.push(CategoryCapacity {
            category_id: id.clone(),
            units_per_day: number(form, &format!("units_{i}"))
                .map_err(|e| with_field(e, "units_per_day"))?,
            lead_days: number(form, &format!("lead_{i}"))
                .map_err(|e| with_field(e, "lead_days"))?,
            cut_off: Some(field(form, &format!("cut_off_{i}")).to_owned())
                .filter(|c| !c.is_empty()),
        });
    }
    Ok(SupplierCapacity {
        calendar: WorkCalendar {
            work_days,
            holidays,
            utc_offset: field(form, "utc_offset").to_owned(),
        },
        categories,
    })
}

pub async fn save(
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
        let new = read(&form)?;
        s.store
            .set_supplier_capacity(&p.actor, &id, &p.scope, new)
            .await?;
        Ok::<_, ApiError>(())
    }
    .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/suppliers/{id}/capacity"),
        result,
        |_| Flash::done(lang.t("flash-capacity_saved").to_owned()),
        |f| keep(f, "capacity", &form),
    )
}
