//! Bulk actions on the orders list: release, cancel or export the ticked
//! orders, or every order the list's filter matches (up to
//! [`MAX_BULK`]). The form posts to `/orders/bulk?<the list's filter>`,
//! so "all matching" means exactly what the list shows. Moves go one
//! order per transaction ([`Tally`]); an export changes nothing and
//! answers with the file.

use super::bulk::{MAX_BULK, Tally};
use super::flash::{self, Flash};
use super::pages::OrdersQuery;
use super::{Session, check_post, found};
use crate::AppState;
use crate::export::{Format, order_sheet};
use crate::problem::ApiError;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use orderhub_domain::model::{Order, OrderTransition};
use orderhub_domain::{Capability, OrderStatus, Scope};

/// What the bulk form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrdersAction {
    /// To suppliers: a pending order released, or one needing attention
    /// routed again.
    Release,
    Cancel,
    Export(Format),
}

impl OrdersAction {
    /// Every action, with its form value and label key, in menu order.
    pub const ALL: [(OrdersAction, &'static str, &'static str); 4] = [
        (OrdersAction::Release, "release", "bulk-release"),
        (OrdersAction::Cancel, "cancel", "bulk-cancel"),
        (OrdersAction::Export(Format::Csv), "csv", "bulk-export_csv"),
        (
            OrdersAction::Export(Format::Xlsx),
            "xlsx",
            "bulk-export_xlsx",
        ),
    ];

    fn parse(v: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, value, _)| *value == v)
            .map(|(a, ..)| *a)
    }
}

/// The form as browsers send it: repeated `order` fields.
#[derive(Default)]
struct BulkOrdersForm {
    csrf: String,
    action: String,
    reason: String,
    orders: Vec<String>,
    /// Every order the list's filter matches, not only the ticked ones.
    all: bool,
    /// Cancelling is undone by nobody: it needs this box ticked.
    confirm: bool,
}

impl BulkOrdersForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut f = Self::default();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => f.csrf = v,
                "action" => f.action = v,
                "reason" => f.reason = v,
                "order" => f.orders.push(v),
                "all" => f.all = !v.is_empty(),
                "confirm" => f.confirm = !v.is_empty(),
                _ => {}
            }
        }
        f.orders.truncate(MAX_BULK);
        f
    }
}

/// Releases, cancels or exports the ticked orders (or all the filter
/// matches).
pub async fn bulk_orders(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Query(query): Query<OrdersQuery>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let form = BulkOrdersForm::from_pairs(pairs);
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::ManageOrders)?;
    let back = query.link("/orders");
    let lang = layout.lang;
    let Some(action) = OrdersAction::parse(&form.action) else {
        let flash = Flash::refused(layout.error_text("invalid_status"));
        return Ok(flash::redirect(&s, &layout, &back, flash));
    };
    if action == OrdersAction::Cancel && !form.confirm {
        let flash = Flash::refused(layout.t("bulk-confirm_first"));
        return Ok(flash::redirect(&s, &layout, &back, flash));
    }
    let ids = match form.all {
        true => match query.filter() {
            Ok(filter) => matching(&s, &p.scope, filter).await?,
            Err(e) => {
                let flash = Flash::refused(layout.error_text(e.code));
                return Ok(flash::redirect(&s, &layout, &back, flash));
            }
        },
        false => form.orders.clone(),
    };
    if ids.is_empty() {
        let flash = Flash::refused(layout.t("bulk-none_ticked_orders"));
        return Ok(flash::redirect(&s, &layout, &back, flash));
    }
    let to = match action {
        OrdersAction::Export(format) => {
            let mut orders = Vec::with_capacity(ids.len());
            for id in &ids {
                orders.extend(found(s.store.get_order(id, &p.scope).await)?);
            }
            return order_sheet(&orders).into_response(format);
        }
        OrdersAction::Release => OrderStatus::Purchasing,
        OrdersAction::Cancel => OrderStatus::Cancelled,
    };
    let reason = Some(form.reason.trim().to_owned()).filter(|r| !r.is_empty());
    let mut tally = Tally::default();
    for id in &ids {
        let req = OrderTransition {
            to,
            reason: reason.clone(),
        };
        match s.store.transition_order(&p.actor, id, req).await {
            // released, but a line still routes nowhere: not done
            Ok(o) if o.status == OrderStatus::NeedsAttention => {
                tally.note(o.external_number, layout.t("bulk-still_unrouted"))
            }
            Ok(_) => tally.moved += 1,
            Err(e) => {
                let name = found(s.store.get_order(id, &p.scope).await)?
                    .map_or_else(|| id.clone(), |o: Order| o.external_number);
                tally.refuse(lang, name, e.into())?;
            }
        }
    }
    let flash = tally.flash(lang, "bulk-orders_moved", to.as_str());
    Ok(flash::redirect(&s, &layout, &back, flash))
}

/// The ids of every order the filter matches, up to [`MAX_BULK`].
async fn matching(
    s: &AppState,
    scope: &Scope,
    mut filter: orderhub_store::OrderFilter,
) -> Result<Vec<String>, ApiError> {
    filter.limit = 100;
    super::bulk::up_to_max(|cursor| {
        let filter = orderhub_store::OrderFilter {
            cursor,
            ..filter.clone()
        };
        async move {
            let page = s.store.list_orders(&filter, scope).await?;
            Ok((
                page.items.into_iter().map(|o| o.id).collect(),
                page.next_cursor,
            ))
        }
    })
    .await
}
