//! Inventory as pages (`/stock`): what is on hand, reserved and available
//! by SKU and location, the low ones flagged; forms to receive (入库),
//! issue (出库), transfer, count (盘点) and add locations; and each item's
//! page with its threshold, reservations and movement history. Staff only.

use super::flash::{Flash, back_to};
use super::posted::{Posted, checked, field, keep, number, sku_lines, text};
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orderhub_domain::inventory::{
    Count, Location, LocationPatch, MAX_COUNT_LINES, Movement, MovementKind, NewIssue, NewLocation,
    NewReceipt, NewStocktake, NewTransfer, Reservation, SetThreshold, StockItem,
};
use orderhub_domain::{Capability, ErrorCode};
use orderhub_store::{MovementFilter, StockFilter};
use serde::Deserialize;
use std::collections::HashMap;

/// `/stock?q=&location=&low=on&cursor=`.
#[derive(Debug, Default, Deserialize)]
pub struct StockQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    low: String,
    #[serde(default)]
    cursor: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "stock.html")]
struct StockPage {
    layout: Layout,
    q: String,
    location: String,
    low: bool,
    items: Vec<StockItem>,
    next: Option<String>,
    locations: Vec<Location>,
    /// Every supplier (id, name): who may keep a location.
    suppliers: Vec<(String, String)>,
    /// The form a refusal came back to, to open it.
    open: String,
}

impl StockPage {
    /// Whether supplier `id` keeps location `l`.
    fn keeps(&self, l: &Location, id: &str) -> bool {
        l.supplier_id.as_deref() == Some(id)
    }

    /// What was typed in `form`'s `name` before a refusal.
    fn typed(&self, form: &str, name: &str) -> &str {
        self.layout.typed(&format!("stock-{form}"), name)
    }
}

pub async fn page(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(q): Query<StockQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::ManageStock)?;
    let filter = StockFilter {
        q: Some(q.q.trim().to_owned()).filter(|v| !v.is_empty()),
        location: Some(q.location.clone()).filter(|v| !v.is_empty()),
        low: q.low == "on",
        limit: 100,
        cursor: Some(q.cursor.clone()).filter(|v| !v.is_empty()),
    };
    let page = s.store.stock_items(&filter).await?;
    let open = layout
        .flash
        .as_ref()
        .and_then(|f| f.form.strip_prefix("stock-"))
        .unwrap_or_default()
        .to_owned();
    Ok(StockPage {
        q: q.q,
        location: q.location,
        low: filter.low,
        items: page.items,
        next: page.next_cursor,
        locations: s.store.stock_locations().await?,
        suppliers: s
            .store
            .list_suppliers()
            .await?
            .into_iter()
            .map(|x| (x.id, x.name))
            .collect(),
        open,
        layout,
    }
    .into_response())
}

/// A count typed `SKU count` per line.
fn counts(typed: &str) -> Result<Vec<Count>, ApiError> {
    let lines = sku_lines(typed, MAX_COUNT_LINES, "counts", "MUG-11 12")?;
    Ok(lines
        .into_iter()
        .map(|(sku, counted)| Count { sku, counted })
        .collect())
}

/// The quantity field, required.
fn quantity(form: &HashMap<String, String>) -> Result<i64, ApiError> {
    Ok(number(form, "quantity")?.unwrap_or(0))
}

/// `POST /stock/{action}`: one of the page's forms.
pub async fn act(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(action): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    p.require(Capability::ManageStock)?;
    let (st, a) = (&s.store, &p.actor);
    let owned = |n: &str| field(&form, n).to_owned();
    let result: Result<String, ApiError> = async {
        let done = match action.as_str() {
            "receipts" => {
                let new = NewReceipt {
                    sku: owned("sku"),
                    location: owned("location"),
                    quantity: quantity(&form)?,
                    title: text(&form, "title"),
                    reference: text(&form, "reference"),
                };
                let item = st.receive_stock(a, new).await?;
                format!("{} · {}", item.sku, item.on_hand)
            }
            "issues" => {
                let new = NewIssue {
                    sku: owned("sku"),
                    location: owned("location"),
                    quantity: quantity(&form)?,
                    reason: owned("reason"),
                    reference: text(&form, "reference"),
                };
                let item = st.issue_stock(a, new).await?;
                format!("{} · {}", item.sku, item.on_hand)
            }
            "transfers" => {
                let new = NewTransfer {
                    sku: owned("sku"),
                    from: owned("from"),
                    to: owned("to"),
                    quantity: quantity(&form)?,
                    reference: text(&form, "reference"),
                };
                let (from, to) = st.transfer_stock(a, new).await?;
                format!(
                    "{} · {} → {}",
                    from.sku, from.location_code, to.location_code
                )
            }
            "stocktakes" => {
                let new = NewStocktake {
                    location: owned("location"),
                    counts: counts(field(&form, "counts"))?,
                    reason: owned("reason"),
                };
                let done = st.count_stock(a, new).await?;
                let changed = done.lines.iter().filter(|l| l.difference != 0).count();
                format!("{} · {}/{}", done.location, changed, done.lines.len())
            }
            "locations" => {
                let new = NewLocation {
                    code: owned("code"),
                    name: owned("name"),
                    supplier_id: text(&form, "supplier_id"),
                };
                st.create_stock_location(a, new).await?.code
            }
            _ => {
                let e = ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, "no such form");
                return Err(e);
            }
        };
        Ok(done)
    }
    .await;
    let lang = layout.lang;
    let key = format!("stock-{action}");
    back_to(
        &s,
        &layout,
        "/stock",
        result,
        |what| Flash::done(format!("{} {what}", lang.t(&format!("flash-{key}")))),
        |f| keep(f, &key, &form),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "stock_item.html")]
struct ItemPage {
    layout: Layout,
    item: StockItem,
    reservations: Vec<Reservation>,
    movements: Vec<Movement>,
    next: Option<String>,
}

impl ItemPage {
    fn kind(&self, k: &MovementKind) -> &'static str {
        self.layout.t(&format!("stock-kind-{}", k.as_str()))
    }

    fn at(&self, t: &time::OffsetDateTime) -> String {
        self.layout.when(Some(*t))
    }

    fn threshold(&self) -> String {
        let stored = self.item.low_at.map(|t| t.to_string()).unwrap_or_default();
        self.layout
            .typed_or("threshold", "low_at", &stored)
            .to_owned()
    }
}

/// `/stock/items/{id}?cursor=`.
#[derive(Debug, Default, Deserialize)]
pub struct ItemQuery {
    #[serde(default)]
    cursor: String,
}

pub async fn item(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
    Query(q): Query<ItemQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::ManageStock)?;
    let Some(item) = super::found(s.store.stock_item(&id).await)? else {
        return Ok(super::not_found(layout));
    };
    let history = MovementFilter {
        item_id: Some(id.clone()),
        limit: 50,
        cursor: Some(q.cursor).filter(|c| !c.is_empty()),
        ..MovementFilter::default()
    };
    let history = s.store.stock_movements(&history).await?;
    Ok(ItemPage {
        reservations: s.store.stock_reservations(Some(&id), None, false).await?,
        movements: history.items,
        next: history.next_cursor,
        item,
        layout,
    }
    .into_response())
}

/// `POST /stock/locations/{id}`: who picks and ships from a location.
pub async fn keeper(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    p.require(Capability::ManageStock)?;
    let patch = LocationPatch {
        name: None,
        supplier_id: Some(field(&form, "supplier_id").to_owned()),
    };
    let result = s.store.update_stock_location(&p.actor, &id, patch).await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        "/stock",
        result,
        |l| Flash::done(format!("{} {}", lang.t("flash-stock-keeper"), l.code)),
        |f| f,
    )
}

/// `POST /stock/items/{id}/threshold`.
pub async fn threshold(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    p.require(Capability::ManageStock)?;
    let result = async {
        let set = SetThreshold {
            low_at: number(&form, "low_at")?,
        };
        Ok::<_, ApiError>(s.store.set_stock_threshold(&id, set).await?)
    }
    .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/stock/items/{id}"),
        result,
        |_| Flash::done(lang.t("flash-stock-threshold").to_owned()),
        |f| keep(f, "threshold", &form),
    )
}

/// `POST /stock/reservations/{id}/{release|ship}`.
pub async fn close(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, how)): Path<(String, String)>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    p.require(Capability::ManageStock)?;
    let kind = match how.as_str() {
        "ship" => MovementKind::Shipment,
        _ => MovementKind::Release,
    };
    let result = s.store.close_reservation(&p.actor, &id, kind).await;
    let item = match &result {
        Ok(r) => r.item_id.clone(),
        Err(_) => field(&form, "item").to_owned(),
    };
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/stock/items/{item}"),
        result,
        |_| Flash::done(lang.t(&format!("flash-stock-{how}")).to_owned()),
        |f| f,
    )
}
