//! The operator's orders: the list with filters, sort and keyset pages,
//! one order with its lines, tasks and timeline, and the order moves.

use super::i18n::Lang;
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::model::{Order, Sort};
use orderhub_domain::review::Awaiting;
use orderhub_domain::{OrderStatus, Role};
use orderhub_store::OrderFilter;

pub(super) fn status_label(lang: Lang, status: &str) -> &'static str {
    lang.t(&format!("status-{status}"))
}

/// A status filter's options: (value, label, selected).
pub(super) fn status_options<S: Copy + PartialEq>(
    all: &[S],
    name: fn(S) -> &'static str,
    selected: Option<S>,
    lang: Lang,
) -> Vec<(&'static str, &'static str, bool)> {
    all.iter()
        .map(|st| {
            (
                name(*st),
                status_label(lang, name(*st)),
                Some(*st) == selected,
            )
        })
        .collect()
}

/// One row of the orders table.
pub(super) struct OrderRow {
    pub(super) id: String,
    pub(super) number: String,
    pub(super) platform: String,
    pub(super) customer: String,
    pub(super) status: &'static str,
    /// The status's family, the chip's colour (`StatusFamily`).
    pub(super) family: &'static str,
    /// The payment state in words, and its chip's family.
    pub(super) payment: (&'static str, &'static str),
    pub(super) total: String,
    pub(super) received: String,
    /// The marketplace's own id and its admin link (staff only).
    pub(super) upstream: Option<(String, Option<String>)>,
    /// Urgent orders wear a chip and sort first.
    pub(super) urgent: bool,
    /// Its tags (staff).
    pub(super) tags: Vec<String>,
    /// Something on it needs a person (staff; the order page says what).
    pub(super) needs_person: bool,
    /// Some of its suppliers shipped, some not yet.
    pub(super) partly_shipped: bool,
    /// Where a pending order stands with the review, in words: waiting
    /// for an approval, or held by a failed check (staff).
    pub(super) review: Option<&'static str>,
}

/// An order as a list or its page shows it. Staff read the order's own
/// status; a supplier or a buyer reads it in its own words
/// (`labels::order_label`, set by the scoped read).
pub(super) fn order_row(
    lang: Lang,
    zone: &super::zone::Zone,
    o: &Order,
    scope: &orderhub_domain::Scope,
) -> OrderRow {
    OrderRow {
        id: o.id.clone(),
        number: o.external_number.clone(),
        platform: platform_label(lang, &o.platform),
        customer: o.customer.name.clone(),
        status: match scope.is_all() {
            true => status_label(lang, o.status.as_str()),
            false => lang.t(&format!("label-{}", o.status_label.as_str())),
        },
        family: o.status.family().as_str(),
        payment: payment_chip(lang, o.payment_status),
        total: o
            .total_amount
            .map(|a| super::numbers::money(lang, a, &o.currency))
            .unwrap_or_default(),
        received: zone.day(o.created_at),
        upstream: o.upstream_id.clone().map(|id| (id, o.upstream_url.clone())),
        urgent: o.priority == orderhub_domain::model::Priority::Urgent,
        tags: match scope.is_all() {
            true => o.tags.clone(),
            false => Vec::new(),
        },
        // the status says it already when it is `needs_attention`
        needs_person: !o.attention.is_empty() && o.status != OrderStatus::NeedsAttention,
        partly_shipped: o.fulfilment
            == orderhub_domain::supplier_order::Fulfilment::PartiallyShipped,
        review: match (o.status, o.approval) {
            (OrderStatus::Pending, Some(orderhub_domain::review::ApprovalState::Required)) => {
                Some(lang.t("review-awaiting_approval"))
            }
            (OrderStatus::Pending, _) if !o.hold.is_empty() => Some(lang.t("review-held")),
            _ => None,
        },
    }
}

/// The web lists' order: urgent first unless the user picked another.
fn web_sort(picked: &str) -> Sort {
    Sort::parse(picked).unwrap_or(Sort::Urgent)
}

/// The orders page's filters, as typed (kept when one is refused).
#[derive(serde::Deserialize, Default)]
pub struct OrdersQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    platform: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    supplier: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    q: String,
    /// `held` or `approval`: the review queue's filters.
    #[serde(default)]
    pub(super) awaiting: String,
    #[serde(default)]
    cursor: String,
    /// Where this page starts in the list (for "51–100 of …").
    #[serde(default)]
    at: String,
}

impl OrdersQuery {
    /// The filter this query asks for, or the refused field and its code.
    pub(super) fn filter(&self) -> Result<OrderFilter, orderhub_domain::ValidationError> {
        let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let date = |field, v: &str| {
            text(v)
                .map(|v| orderhub_domain::validate::date(field, &v))
                .transpose()
        };
        Ok(OrderFilter {
            status: OrderStatus::parse(&self.status),
            platform: text(&self.platform),
            category_id: text(&self.category),
            supplier_id: text(&self.supplier),
            received_from: date("from", &self.from)?,
            received_to: date("to", &self.to)?,
            awaiting: Awaiting::parse(&self.awaiting),
            sort: web_sort(&self.sort),
            q: text(&self.q),
            limit: 50,
            cursor: text(&self.cursor),
        })
    }

    /// The filters as query pairs, named as this page names them
    /// (`category`) or as the API does (`category_id`).
    fn pairs(&self, api: bool) -> Vec<(&'static str, &str)> {
        let (category, supplier) = match api {
            true => ("category_id", "supplier_id"),
            false => ("category", "supplier"),
        };
        vec![
            ("status", &self.status),
            ("platform", &self.platform),
            (category, &self.category),
            (supplier, &self.supplier),
            ("from", &self.from),
            ("to", &self.to),
            ("sort", &self.sort),
            ("q", &self.q),
            ("awaiting", &self.awaiting),
        ]
    }

    /// The same orders as a file: `/api/v1/orders/export/{format}` with
    /// these filters (the API reads the session cookie too).
    /// This list's address: where a bulk action comes back to, and (with
    /// `/bulk`) where its form posts, so the action sees the same filter.
    pub(super) fn link(&self, path: &str) -> String {
        format!("{path}?{}", query_string(&self.pairs(false)))
    }

    fn export_link(&self, format: &str) -> String {
        let query = query_string(&self.pairs(true));
        format!("/api/v1/orders/export/{format}?{query}")
    }

    /// This query's link with another cursor (the next page, starting at
    /// row `at`).
    fn with_cursor(&self, cursor: &str, at: usize) -> String {
        let at = at.to_string();
        let mut pairs = self.pairs(false);
        pairs.push(("cursor", cursor));
        pairs.push(("at", &at));
        format!("/orders?{}", query_string(&pairs))
    }
}

/// Platforms offered in the filter (any other can be typed).
const PLATFORMS: &[&str] = &["amazon", "etsy", "shopify", "woocommerce", "manual", "csv"];

#[derive(Template, WebTemplate)]
#[template(path = "orders.html")]
struct OrdersPage {
    layout: Layout,
    /// "1–50 of 12,340".
    range: String,
    views: super::views::ViewsBar,
    rows: Vec<OrderRow>,
    statuses: Vec<(&'static str, &'static str, bool)>,
    platforms: &'static [&'static str],
    /// (id, name, selected)
    categories: Vec<(String, String, bool)>,
    suppliers: Vec<(String, String, bool)>,
    sorts: Vec<(&'static str, &'static str, bool)>,
    query: OrdersQuery,
    /// (field, message) when a filter was refused.
    error: Option<(String, String)>,
    next: Option<String>,
    /// Ticking rows for a bulk action (staff who manage orders).
    bulk: bool,
    /// (form value, label) of each bulk action.
    bulk_actions: Vec<(&'static str, &'static str)>,
    bulk_limit: usize,
}

impl OrdersPage {
    /// The date range inputs: (name, label key, value as typed).
    fn date_fields(&self) -> Vec<(&'static str, &'static str, &str)> {
        vec![
            ("from", "filter-from", self.query.from.as_str()),
            ("to", "filter-to", self.query.to.as_str()),
        ]
    }

    fn error_for(&self, field: &str) -> Option<&str> {
        super::message_for(&self.error, field)
    }
}

/// (id, name, selected) options of a pick-list.
pub(super) fn options(
    items: impl Iterator<Item = (String, String)>,
    chosen: &str,
) -> Vec<(String, String, bool)> {
    items
        .map(|(id, name)| {
            let selected = id == chosen;
            (id, name, selected)
        })
        .collect()
}

pub async fn orders(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(query): Query<OrdersQuery>,
) -> Result<Response, ApiError> {
    if p.role == Role::Supplier {
        return Ok(Redirect::to("/tasks").into_response());
    }
    let lang = layout.lang;
    use super::counts::{COUNT_CAP, Total, at_of, of_status, range_text, total};
    use orderhub_store::Dashboard;
    // the list and its count may come from a replica, a moment behind
    let reports = s.store.for_reports();
    let (page, count, error): (_, Option<Total>, _) = match query.filter() {
        Ok(filter) => (
            Some(reports.list_orders(&filter, &p.scope).await?),
            match reports.count_orders(&filter, &p.scope, COUNT_CAP).await? {
                Some(count) => {
                    // the dashboard knows all orders by status, no other filter
                    let by_status = p.scope.is_all() && filter.only_status();
                    let status = filter.status.map(|st| st.as_str());
                    let about =
                        |d: &Dashboard| by_status.then(|| of_status(&d.orders_by_status, status));
                    Some(total(&s, count, about).await)
                }
                None => None,
            },
            None,
        ),
        Err(e) => (
            None,
            None,
            Some((e.field.clone(), layout.error_text(e.code))),
        ),
    };
    let at = at_of(&query.at);
    let mut range = range_text(lang, at, page.as_ref().map_or(0, |p| p.items.len()), count);
    if let Some(note) = super::replica::note(&s, &layout).await {
        range = format!("{range} · {note}");
    }
    // the filters name suppliers and categories: staff only (a purchaser
    // gets 403 for them from the API too)
    let (categories, suppliers) = match p.scope.is_all() {
        true => (
            s.store.list_categories().await?,
            s.store.list_suppliers().await?,
        ),
        false => (Vec::new(), Vec::new()),
    };
    let (rows, next) = match page {
        Some(page) => (
            page.items
                .iter()
                .map(|o| order_row(lang, &layout.zone, o, &p.scope))
                .collect(),
            page.next_cursor
                .map(|c| query.with_cursor(&c, at + page.items.len())),
        ),
        None => (Vec::new(), None),
    };
    let rows_empty = rows.is_empty();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let sort = web_sort(&query.sort);
    let views = super::views::bar(
        &s,
        &p,
        orderhub_domain::model::ViewPage::Orders,
        &query.pairs(false),
    )
    .await?;
    let page = OrdersPage {
        views,
        range,
        rows,
        statuses: status_options(
            OrderStatus::ALL,
            |st| st.as_str(),
            OrderStatus::parse(&query.status),
            lang,
        ),
        platforms: PLATFORMS,
        categories: options(
            categories.into_iter().map(|c| (c.id, c.name)),
            &query.category,
        ),
        suppliers: options(
            suppliers.into_iter().map(|x| (x.id, x.name)),
            &query.supplier,
        ),
        sorts: Sort::ALL
            .iter()
            .map(|x| {
                (
                    x.as_str(),
                    lang.t(&format!("sort-{}", x.as_str())),
                    *x == sort,
                )
            })
            .collect(),
        query,
        error,
        next,
        bulk: p.require(orderhub_domain::Capability::ManageOrders).is_ok() && !rows_empty,
        bulk_actions: super::bulk_orders::OrdersAction::ALL
            .iter()
            .map(|(_, value, key)| (*value, lang.t(key)))
            .collect(),
        bulk_limit: super::bulk::MAX_BULK,
        layout,
    };
    Ok((status, page).into_response())
}

/// Every supplier's (id, name) for staff, who see who holds what; none
/// for a supplier (it is the holder) or a buyer.
pub(super) async fn supplier_names(
    s: &AppState,
    scope: &orderhub_domain::Scope,
) -> Result<Vec<(String, String)>, ApiError> {
    Ok(match scope.is_all() {
        true => s
            .store
            .list_suppliers()
            .await?
            .into_iter()
            .map(|x| (x.id, x.name))
            .collect(),
        false => Vec::new(),
    })
}

/// A line's personalisation alone (the task page's line).
pub(super) struct Personalised {
    pub(super) customization: Vec<(String, String)>,
}

/// A line's personalisation as (field, value) pairs, as the platform sent
/// it: an object's members, an array's items, or one value.
pub(crate) fn customization(value: Option<&serde_json::Value>) -> Vec<(String, String)> {
    use serde_json::Value;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), text(v))).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| ((i + 1).to_string(), text(v)))
            .collect(),
        Some(other) => vec![(String::new(), text(other))],
    }
}

/// An order's payment state as a chip: its words, and its family (paid
/// is done, unpaid waits, a refund is a problem).
pub(super) fn payment_chip(
    lang: Lang,
    p: orderhub_domain::model::PaymentStatus,
) -> (&'static str, &'static str) {
    use orderhub_domain::StatusFamily;
    use orderhub_domain::model::PaymentStatus::*;
    let family = match p {
        Unpaid => StatusFamily::Waiting,
        Authorized | Paid => StatusFamily::Done,
        PartiallyRefunded | Refunded => StatusFamily::Problem,
    };
    (lang.t(&format!("payment-{}", p.as_str())), family.as_str())
}

/// A platform as the reader knows it: "Amazon", "淘宝", "Entered by
/// hand"; a platform orderhub has no name for (typed on an import) as
/// stored.
pub(super) fn platform_label(lang: Lang, platform: &str) -> String {
    lang.lookup(&format!("platform-{platform}"))
        .unwrap_or(platform)
        .to_owned()
}

/// `k=v&…` of the pairs with a value, percent-encoded.
pub(super) fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", orderhub_channels::percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_page_keeps_every_filter() {
        let q = OrdersQuery {
            status: "purchasing".into(),
            supplier: "s-1".into(),
            from: "2026-11-01".into(),
            sort: "oldest".into(),
            q: "马克 & co".into(),
            ..Default::default()
        };
        assert_eq!(
            q.with_cursor("abc", 50),
            "/orders?status=purchasing&supplier=s-1&from=2026-11-01&sort=oldest&\
             q=%E9%A9%AC%E5%85%8B%20%26%20co&cursor=abc&at=50"
        );
        let filter = q.filter().unwrap();
        assert_eq!(filter.sort, Sort::Oldest);
        assert_eq!(filter.received_from.unwrap().to_string(), "2026-11-01");
        assert_eq!(filter.cursor, None);
    }
}
