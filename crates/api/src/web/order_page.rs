//! One order's page: what was bought and by whom, where it goes, the
//! money, each line's supplier and task, the tasks with their moves, the
//! timeline, and the order moves the lifecycle allows now.

use super::flash::{self, Flash, back_to, refused};
use super::i18n::Lang;
use super::numbers::money;
use super::pages::{OrderRow, customization, order_row, status_label};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::ErrorCode;
use orderhub_domain::lifecycle::Trigger;
use orderhub_domain::model::{Order, OrderTransition};
use orderhub_domain::{ORDER_LIFECYCLE, OrderStatus, Role};
use std::collections::HashMap;

#[derive(Template, WebTemplate)]
#[template(path = "order.html")]
struct OrderPage {
    layout: Layout,
    order: OrderRow,
    lines: Vec<LineRow>,
    tasks: Vec<super::tasks::TaskRow>,
    events: Vec<(String, String, String)>,
    /// The review gate's card (staff, pending orders).
    review: Option<super::review::ReviewCard>,
    /// Never reached a supplier: may be deleted rather than cancelled.
    deletable: bool,
    /// Staff who manage orders may change it while it is open.
    editable: bool,
    /// What needs a person now, with the fixes (staff).
    attention: Vec<super::attention::AttentionRow>,
    /// Each supplier's share, when there are several or one to confirm.
    shares: Vec<super::shares::ShareRow>,
    csrf: String,
    /// Where task moves come back to.
    back: String,
    /// The order moves the lifecycle allows the caller now.
    order_moves: Vec<(&'static str, &'static str)>,
    /// Task rows here have no bulk tick boxes (they mix statuses).
    bulk: bool,
    /// Where it goes: the customer's name, contact and address lines.
    ship_to: Vec<String>,
    /// The order has no shipping address yet (said, not left blank).
    no_address: bool,
    /// (label key, amount) — items, fees, the rest (shipping, tax…), total;
    /// empty for a supplier, who sees no prices.
    money: Vec<(&'static str, String)>,
    note: String,
    /// Payments received and refunded, with the form to record one
    /// (staff who manage orders).
    payments: Option<super::payments::PaymentsCard>,
    /// Shipments as reported to the marketplace (staff).
    fulfilments: Vec<super::fulfilments::FulfilmentRow>,
    /// After-sales cases, and the lines one may be opened on (staff).
    cases: Vec<super::cases::CaseRow>,
    case_lines: Vec<(i64, String)>,
}

/// The order moves an operator may make now: release or retry (to
/// purchasing) and cancel, as `ORDER_LIFECYCLE` allows from `status`.
fn order_moves(lang: Lang, status: OrderStatus, role: Role) -> Vec<(&'static str, &'static str)> {
    if !matches!(role, Role::Admin | Role::Operator) {
        return Vec::new();
    }
    ORDER_LIFECYCLE
        .transitions
        .iter()
        .filter(|t| t.from == status && t.by == Trigger::Operator)
        .map(|t| {
            let key = match (t.from, t.to) {
                (OrderStatus::Pending, OrderStatus::Purchasing) => "order-release",
                (_, OrderStatus::Purchasing) => "order-retry",
                (_, OrderStatus::Completed) => "order-confirm_receipt",
                _ => "order-cancel",
            };
            (t.to.as_str(), lang.t(key))
        })
        .collect()
}

/// One line of an order as its page shows it.
struct LineRow {
    no: i64,
    title: String,
    quantity: i64,
    price: String,
    /// The personalisation, verbatim: (field, value) pairs.
    customization: Vec<(String, String)>,
    unrouted: String,
    /// Who makes it (staff) and how far its task is: (supplier, status
    /// label, status family).
    task: Option<(String, &'static str, &'static str)>,
    /// Staff: the suggestions and the form that file a line lacking a
    /// category.
    filing: Option<super::classifier::FilingBox>,
}

pub async fn order(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let lang = layout.lang;
    let Some(order) = super::found(s.store.get_order(&id, &p.scope).await)? else {
        return Ok(super::not_found(layout));
    };
    let events = s.store.order_events(&id, &p.scope).await?;
    let review = super::review::card(&s, lang, p.role, &order).await?;
    let mut order_moves = order_moves(lang, order.status, p.role);
    if let Some(rv) = &review {
        // a missing approval is given with its own buttons; failed checks
        // are released past knowingly
        order_moves.retain(|(to, _)| !(rv.awaits_approval && *to == "purchasing"));
        for (to, label) in &mut order_moves {
            if rv.failed && *to == "purchasing" {
                *label = lang.t("order-release_anyway");
            }
        }
    }
    let names: HashMap<String, String> = super::pages::supplier_names(&s, &p.scope)
        .await?
        .into_iter()
        .collect();
    let staff = p.require(orderhub_domain::Capability::ManageOrders).is_ok();
    let fulfilments = super::fulfilments::rows(&s, &layout, staff, &id).await?;
    let (cases, case_lines) = super::cases::order_card(&s, &layout, staff, &order).await?;
    let mut filing = super::classifier::boxes(&s, &layout, staff, &order).await?;
    Ok(OrderPage {
        fulfilments,
        cases,
        case_lines,
        ship_to: ship_to(&order),
        no_address: order.shipping_address.is_none(),
        money: totals(lang, &order),
        note: order.note.clone().unwrap_or_default(),
        lines: order
            .lines
            .iter()
            .map(|l| {
                let price = match (l.unit_price, l.line_total) {
                    (Some(p), Some(t)) => lang.fill(
                        "order-line_price",
                        &[
                            ("unit", money(lang, p, &order.currency).into()),
                            ("total", money(lang, t, &order.currency).into()),
                        ],
                    ),
                    (Some(p), None) => money(lang, p, &order.currency),
                    _ => String::new(),
                };
                let no_task = l.no_task.map(|k| {
                    format!(
                        "{}: {}",
                        lang.t("order-no_task"),
                        lang.t(&format!("no_task-{}", k.as_str()))
                    )
                });
                let unrouted = l
                    .unrouted
                    .as_ref()
                    .map(|u| format!("{}: {}", lang.t("order-unrouted"), unrouted_why(lang, u)))
                    .or(no_task)
                    .unwrap_or_default();
                let unrouted = match l.removed {
                    true => lang.t("order-line_removed").to_owned(),
                    false => unrouted,
                };
                LineRow {
                    no: l.line_no,
                    title: l.title.clone(),
                    quantity: l.quantity,
                    price,
                    customization: customization(l.customization.as_ref()),
                    unrouted,
                    task: line_task(lang, &order, &l.id, &names),
                    filing: filing.remove(&l.id),
                }
            })
            .collect(),
        tasks: {
            let mut rows = Vec::new();
            let staff = p.require(orderhub_domain::Capability::ManageOrders).is_ok();
            let (categories, suppliers) = match staff {
                true => (
                    s.store.list_categories().await?,
                    s.store.list_suppliers().await?,
                ),
                false => (Vec::new(), Vec::new()),
            };
            let work = s.store.task_work(&order.tasks, &p.scope).await?;
            let holders: HashMap<String, String> = suppliers
                .iter()
                .map(|x| (x.id.clone(), x.name.clone()))
                .collect();
            for t in &order.tasks {
                let mut row =
                    super::tasks::task_row(&layout, t, p.role).with_work(t, &work, &holders);
                row.reassign_to = super::tasks::reassign_options(t, &categories, &suppliers);
                rows.push(row);
            }
            rows
        },
        events: events
            .iter()
            .map(|e| {
                let change = match (&e.from_status, &e.to_status) {
                    (Some(f), Some(t)) => {
                        format!(" ({} → {})", status_label(lang, f), status_label(lang, t))
                    }
                    (None, Some(t)) => format!(" ({})", status_label(lang, t)),
                    _ => String::new(),
                };
                (
                    layout.zone.show_seconds(e.created_at),
                    e.actor.clone(),
                    format!("{}{change}", event_label(lang, e.kind)),
                )
            })
            .collect(),
        deletable: p.role.is_staff()
            && order.status == OrderStatus::Pending
            && order.tasks.is_empty()
            && order.channel_id.is_none(),
        attention: super::attention::rows(&layout, &order),
        shares: super::shares::rows(&layout, &order, p.role, &names),
        editable: p.require(orderhub_domain::Capability::ManageOrders).is_ok()
            && !matches!(
                order.status,
                OrderStatus::Completed | OrderStatus::Cancelled
            ),
        order_moves,
        review,
        payments: super::payments::card(
            &s,
            &layout,
            p.require(orderhub_domain::Capability::ManageOrders).is_ok(),
            &order,
        )
        .await?,
        bulk: false,
        order: order_row(lang, &layout.zone, &order, &p.scope),
        back: format!("/orders/{id}"),
        csrf: layout.csrf(),
        layout,
    }
    .into_response())
}

/// An event's kind in `lang` (the kind itself when it has no text).
fn event_label(lang: Lang, kind: orderhub_domain::model::EventKind) -> String {
    let key = format!("event-{}", kind.as_str().replace('.', "_"));
    lang.lookup(&key)
        .map_or_else(|| kind.as_str().to_owned(), str::to_owned)
}

/// The task a line has now — its live one, else its latest — with the
/// supplier's name (staff) and its status.
fn line_task(
    lang: Lang,
    order: &Order,
    line_id: &str,
    names: &HashMap<String, String>,
) -> Option<(String, &'static str, &'static str)> {
    let tasks = order.tasks.iter().filter(|t| t.line_id == line_id);
    let task = tasks
        .clone()
        .filter(|t| t.status.is_live())
        .max_by_key(|t| t.created_at)
        .or_else(|| tasks.max_by_key(|t| t.created_at))?;
    Some((
        names.get(&task.supplier_id).cloned().unwrap_or_default(),
        status_label(lang, task.status.as_str()),
        task.status.family().as_str(),
    ))
}

/// The customer and where the goods go, a line each.
fn ship_to(o: &Order) -> Vec<String> {
    let mut out = vec![o.customer.name.clone()];
    out.extend(o.customer.email.clone());
    out.extend(o.customer.phone.clone());
    if let Some(a) = &o.shipping_address {
        out.extend(a.lines());
    }
    out.retain(|l| !l.trim().is_empty());
    out
}

/// The order's money as its lines and total say: the items, the lines that
/// are money but nothing to make (fees, tips, gift cards), what the total
/// holds beyond them (shipping, tax, discounts), and the total. Nothing when
/// the caller sees no prices.
fn totals(lang: Lang, o: &Order) -> Vec<(&'static str, String)> {
    use orderhub_domain::money::line_amount;
    let amounts: Vec<_> = o
        .lines
        .iter()
        .map(|l| {
            (
                l.no_task.is_some(),
                line_amount(l.unit_price, l.quantity, l.line_total),
            )
        })
        .collect();
    if amounts.iter().all(|(_, a)| a.is_none()) && o.total_amount.is_none() {
        return Vec::new();
    }
    let sum = |extra: bool| -> rust_decimal::Decimal {
        amounts
            .iter()
            .filter(|(e, _)| *e == extra)
            .filter_map(|(_, a)| *a)
            .sum()
    };
    let (items, extras) = (sum(false), sum(true));
    let show = |a| money(lang, a, &o.currency);
    let mut rows = vec![("order-items", show(items))];
    if !extras.is_zero() {
        rows.push(("order-extras", show(extras)));
    }
    match o.total_amount {
        Some(total) => {
            let rest = total - items - extras;
            if !rest.is_zero() {
                rows.push(("order-rest", show(rest)));
            }
            rows.push(("order-total", show(total)));
        }
        None => rows.push(("order-total_computed", show(items + extras))),
    }
    rows
}

#[derive(serde::Deserialize)]
pub struct OrderMoveForm {
    csrf: String,
    to: String,
    #[serde(default)]
    reason: String,
}

/// An operator's order move (release, retry routing, cancel) from the
/// order page; back to it, with the refusal's code if refused.
pub async fn move_order(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<OrderMoveForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(orderhub_domain::Capability::ManageOrders)?;
    let back = format!("/orders/{id}");
    let Some(to) = OrderStatus::parse(&form.to) else {
        let code = ErrorCode::InvalidStatus;
        return Ok(flash::refuse_value(&s, &layout, &back, "to", code));
    };
    let reason = Some(form.reason.trim().to_owned()).filter(|r| !r.is_empty());
    let result = s
        .store
        .transition_order(&p.actor, &id, OrderTransition { to, reason })
        .await;
    let lang = layout.lang;
    back_to(&s, &layout, &back, result, |o| moved(lang, o), |f| f)
}

/// The delete button's form.
#[derive(serde::Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    csrf: String,
}

/// Deletes an order that never reached a supplier; back to the list.
pub async fn delete_order(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<DeleteForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(orderhub_domain::Capability::ManageOrders)?;
    let lang = layout.lang;
    match s.store.delete_order(&p.actor, &id).await {
        Ok(()) => Ok(flash::redirect(
            &s,
            &layout,
            "/orders",
            Flash::done(lang.t("flash-order_deleted").to_owned()),
        )),
        Err(e) => {
            let e = ApiError::from(e);
            if e.status.is_server_error() {
                return Err(e);
            }
            let back = format!("/orders/{id}");
            Ok(flash::redirect(&s, &layout, &back, refused(&layout, &e)))
        }
    }
}

/// What an order move did: its new status, or — when a retry left it
/// needing attention — why each line still routes nowhere.
fn moved(lang: Lang, o: &Order) -> Flash {
    let number = o.external_number.as_str();
    if o.status != OrderStatus::NeedsAttention {
        let status = status_label(lang, o.status.as_str());
        return Flash::done(lang.fill(
            "flash-order_moved",
            &[("number", number.into()), ("status", status.into())],
        ));
    }
    let why: Vec<String> = o
        .lines
        .iter()
        .filter_map(|l| {
            let why = unrouted_why(lang, l.unrouted.as_ref()?);
            Some(lang.fill(
                "flash-line_why",
                &[("no", l.line_no.into()), ("why", (&why).into())],
            ))
        })
        .collect();
    Flash::warning(lang.fill(
        "flash-still_unrouted",
        &[("number", number.into()), ("why", (&why.join(" ")).into())],
    ))
}

/// Why a line has no supplier, in the reader's language: the English
/// detail names the categories involved; other languages say the reason.
pub(super) fn unrouted_why(lang: Lang, u: &orderhub_domain::model::Unrouted) -> String {
    match lang {
        Lang::En => u.detail.clone(),
        Lang::Zh => lang.t(&format!("error-{}", u.code.as_str())).to_owned(),
    }
}
