//! After-sales cases in the web app: the list (staff all, a supplier its
//! own), one case with its timeline, photos and the forms of the steps
//! the reader may take, and opening a case from the order page.

use super::flash::{Flash, back_to};
use super::numbers::money;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::actions::proofs::{served, stored_names};
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::Capability;
use orderhub_domain::aftersales::{Case, CaseKind, CaseStep, NewCase, NewStep};
use orderhub_store::CaseFilter;
use std::collections::HashMap;
use std::str::FromStr;

/// A case as a row of a list.
pub(super) struct CaseRow {
    pub id: String,
    pub number: String,
    pub order_id: String,
    pub product: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub family: &'static str,
    pub quantity: i64,
    pub supplier: String,
    /// "Answer overdue" / "Overdue", or nothing.
    pub late: &'static str,
    pub opened: String,
}

pub(super) fn row(layout: &Layout, c: &Case, names: &HashMap<String, String>) -> CaseRow {
    let lang = layout.lang;
    CaseRow {
        id: c.id.clone(),
        number: c.number.clone(),
        order_id: c.order_id.clone(),
        product: format!("{} · #{}", c.title, c.line_no),
        kind: lang.t(&format!("case-kind-{}", c.kind.as_str())),
        status: lang.t(&format!("case-status-{}", c.status.as_str())),
        family: c.status.family().as_str(),
        quantity: c.quantity,
        supplier: names.get(&c.supplier_id).cloned().unwrap_or_default(),
        late: c
            .late
            .as_deref()
            .map_or("", |l| lang.t(&format!("case-late-{l}"))),
        opened: layout.when(Some(c.created_at)),
    }
}

/// The order page's after-sales card (staff): the order's cases, and the
/// lines a case may be opened on (those shipped): (line number, product).
pub(super) async fn order_card(
    s: &AppState,
    layout: &Layout,
    staff: bool,
    order: &orderhub_domain::model::Order,
) -> Result<(Vec<CaseRow>, Vec<(i64, String)>), ApiError> {
    if !staff {
        return Ok((Vec::new(), Vec::new()));
    }
    let filter = CaseFilter {
        order_id: Some(order.id.clone()),
        limit: 500,
        ..Default::default()
    };
    let cases = s
        .store
        .list_cases(&orderhub_domain::Scope::All, &filter)
        .await?;
    let names: HashMap<String, String> =
        super::pages::supplier_names(s, &orderhub_domain::Scope::All)
            .await?
            .into_iter()
            .collect();
    let shipped = |line: &str| {
        order.tasks.iter().any(|t| {
            t.line_id == line
                && matches!(
                    t.status,
                    orderhub_domain::TaskStatus::Shipped | orderhub_domain::TaskStatus::Completed
                )
        })
    };
    let lines = order
        .lines
        .iter()
        .filter(|l| shipped(&l.id))
        .map(|l| (l.line_no, format!("#{} {}", l.line_no, l.title)))
        .collect();
    Ok((
        cases.iter().map(|c| row(layout, c, &names)).collect(),
        lines,
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "cases.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<CaseRow>,
    all: bool,
    staff: bool,
}

#[derive(serde::Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    all: Option<String>,
}

pub async fn list(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::WorkTasks)?;
    let all = q.all.is_some();
    let filter = CaseFilter {
        open: !all,
        limit: 200,
        ..Default::default()
    };
    let cases = s.store.list_cases(&p.scope, &filter).await?;
    let names: HashMap<String, String> = super::pages::supplier_names(&s, &p.scope)
        .await?
        .into_iter()
        .collect();
    Ok(ListPage {
        rows: cases.iter().map(|c| row(&layout, c, &names)).collect(),
        all,
        staff: p.require(Capability::ManageOrders).is_ok(),
        layout,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "case.html")]
struct CasePage {
    layout: Layout,
    case: Case,
    row: CaseRow,
    /// (when, who, what) of the timeline.
    steps: Vec<(String, String, String)>,
    /// (step, label) the reader may take.
    actions: Vec<(&'static str, &'static str)>,
    /// Other suppliers a reshipment may go to: (id, name).
    suppliers: Vec<(String, String)>,
    refund: String,
    chargeback: String,
    /// The SLA clock, as the reader reads times.
    answer_by: String,
    resolve_by: String,
    csrf: String,
}

pub async fn page(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    p.require(Capability::WorkTasks)?;
    let Some(case) = super::found(s.store.get_case(&id, &p.scope).await)? else {
        return Ok(super::not_found(layout));
    };
    let lang = layout.lang;
    let names: HashMap<String, String> = super::pages::supplier_names(&s, &p.scope)
        .await?
        .into_iter()
        .collect();
    let steps = case
        .steps
        .iter()
        .map(|st| {
            let what = lang.t(&format!("case-step-{}", st.step));
            let said: Vec<String> = ["reason", "note", "carrier", "tracking_number", "amount"]
                .iter()
                .filter_map(|k| {
                    st.details
                        .get(*k)
                        .and_then(|v| v.as_str())
                        .map(str::to_owned)
                })
                .collect();
            let what = match said.is_empty() {
                true => what.to_owned(),
                false => format!("{what}: {}", said.join(" · ")),
            };
            (layout.when(Some(st.at)), st.actor.clone(), what)
        })
        .collect();
    let amount = |a: Option<rust_decimal::Decimal>| {
        a.map(|a| money(lang, a, &case.currency))
            .unwrap_or_default()
    };
    Ok(CasePage {
        row: row(&layout, &case, &names),
        steps,
        actions: case
            .next_steps
            .iter()
            .map(|s| (s.as_str(), lang.t(&format!("case-do-{}", s.as_str()))))
            .collect(),
        suppliers: names
            .into_iter()
            .filter(|(id, _)| *id != case.supplier_id)
            .collect(),
        refund: amount(case.refund_amount),
        answer_by: layout.when(Some(case.answer_by)),
        resolve_by: layout.when(Some(case.resolve_by)),
        chargeback: amount(case.chargeback_amount),
        case,
        csrf: layout.csrf(),
        layout,
    }
    .into_response())
}

#[derive(serde::Deserialize)]
pub struct StepForm {
    csrf: String,
    step: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    carrier: String,
    #[serde(default)]
    tracking_number: String,
    #[serde(default)]
    passed: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    supplier_id: String,
}

/// One step from the case page.
pub async fn step(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<StepForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::WorkTasks)?;
    let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let amount = match some(&form.amount).map(|a| rust_decimal::Decimal::from_str(&a)) {
        Some(Err(_)) => {
            return Ok(super::flash::refuse_value(
                &s,
                &layout,
                &format!("/cases/{id}"),
                "amount",
                orderhub_domain::ErrorCode::InvalidNumber,
            ));
        }
        Some(Ok(a)) => Some(a),
        None => None,
    };
    let new = NewStep {
        step: CaseStep::parse(&form.step),
        reason: some(&form.reason),
        carrier: some(&form.carrier),
        tracking_number: some(&form.tracking_number),
        passed: match form.passed.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        note: some(&form.note),
        amount,
        supplier_id: some(&form.supplier_id),
    };
    let result = s.store.case_step(&p.actor, &p.scope, &id, new).await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/cases/{id}"),
        result,
        |c: &Case| {
            let status = lang.t(&format!("case-status-{}", c.status.as_str()));
            Flash::done(lang.fill("flash-case_step", &[("status", status.into())]))
        },
        |f| f,
    )
}

/// Opens a case from the order page (a multipart form: line, kind,
/// quantity, reason, requested, photos); then its page.
pub async fn open(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(order): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    p.require(Capability::ManageOrders)?;
    let form = super::posted::upload(&s, &headers, &layout, form).await?;
    let back = format!("/orders/{order}");
    let number = |k: &str| form.text(k).parse::<i64>().ok();
    // units typed but not a number: said, not read as "all of it"
    if !form.text("quantity").is_empty() && number("quantity").is_none() {
        return Ok(super::flash::refuse_value(
            &s,
            &layout,
            &back,
            "quantity",
            orderhub_domain::ErrorCode::InvalidNumber,
        ));
    }
    let (Some(line_no), Some(kind)) = (number("line_no"), CaseKind::parse(&form.text("kind")))
    else {
        return Ok(super::flash::refuse_value(
            &s,
            &layout,
            &back,
            "kind",
            orderhub_domain::ErrorCode::Required,
        ));
    };
    let new = NewCase {
        line_no,
        kind,
        reason: form.text("reason"),
        requested: Some(form.text("requested")).filter(|r| !r.is_empty()),
        quantity: number("quantity"),
    };
    let has_files = !form.files.is_empty();
    let opened = async {
        s.store.get_order(&order, &p.scope).await?;
        let case = s.store.open_case(&p.actor, &order, new, None).await?;
        if has_files {
            let names = stored_names(&s, form, "a photo or document").await?;
            s.store
                .add_case_files(&p.actor, &p.scope, &case.id, &names)
                .await?;
        }
        Ok::<_, ApiError>(case)
    }
    .await;
    let lang = layout.lang;
    match opened {
        Ok(case) => Ok(super::flash::redirect(
            &s,
            &layout,
            &format!("/cases/{}", case.id),
            Flash::done(lang.fill("flash-case_opened", &[("number", case.number.into())])),
        )),
        Err(e) => back_to(
            &s,
            &layout,
            &back,
            Err::<(), _>(e),
            |_| Flash::done(String::new()),
            |f| f,
        ),
    }
}

/// A case's photo or document, for who may see the case.
pub async fn file(
    State(s): State<AppState>,
    Session(p, _layout): Session,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    p.require(Capability::WorkTasks)?;
    let (body, kind) = s.store.case_file(&p.scope, &id, &name).await?;
    Ok(served(body, kind))
}

/// More photos on a case (staff, or its supplier).
pub async fn add_files(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    p.require(Capability::WorkTasks)?;
    let form = super::posted::upload(&s, &headers, &layout, form).await?;
    let result = async {
        s.store.get_case(&id, &p.scope).await?;
        let names = stored_names(&s, form, "a photo or document").await?;
        Ok::<_, ApiError>(
            s.store
                .add_case_files(&p.actor, &p.scope, &id, &names)
                .await?,
        )
    }
    .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/cases/{id}"),
        result,
        |_| Flash::done(lang.t("flash-case_files").to_owned()),
        |f| f,
    )
}
