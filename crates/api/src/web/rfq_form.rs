//! The purchaser's side of starting a request: the published catalogue
//! (`/catalogue`) and the request form (`/rfqs/new`), which takes a
//! catalogue product or free-text items and the suppliers to ask.

use super::flash::{Flash, back_to};
use super::numbers::money;
use super::posted::{Posted, field, fields, keep, number, text, ticked};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::Capability;
use orderhub_domain::b2b::{CatalogueItem, NewRfq, NewRfqLine, Rfq};
use orderhub_store::CatalogueFilter;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Free-text rows the form offers.
const ROWS: i64 = 5;
const FORM: &str = "rfq";

pub(super) struct ItemView {
    pub id: String,
    pub title: String,
    pub specs: String,
    pub supplier: String,
    pub category: String,
    pub price: String,
    pub moq: i64,
    pub image: Option<String>,
}

fn item(layout: &Layout, i: &CatalogueItem) -> ItemView {
    ItemView {
        id: i.id.clone(),
        title: i.title.clone(),
        specs: i.specs.clone().unwrap_or_default(),
        supplier: i.supplier_name.clone(),
        category: i.category.clone(),
        price: i.price.map_or_else(
            || layout.t("catalogue-on_request").to_owned(),
            |p| money(layout.lang, p, &i.currency),
        ),
        moq: i.min_order_qty,
        image: i
            .images
            .first()
            .map(|n| format!("/api/v1/catalogue/{}/images/{n}", i.id)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct CatalogueQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    product: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalogue_b2b.html")]
struct CataloguePage {
    layout: Layout,
    q: String,
    items: Vec<ItemView>,
}

/// `/catalogue`: the published products, searchable.
pub async fn catalogue(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(query): Query<CatalogueQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::BrowseCatalogue)?;
    let filter = CatalogueFilter {
        q: Some(query.q.trim().to_owned()).filter(|q| !q.is_empty()),
        limit: 100,
        ..Default::default()
    };
    let items = s
        .store
        .catalogue(&filter)
        .await?
        .items
        .iter()
        .map(|i| item(&layout, i))
        .collect();
    Ok(CataloguePage {
        q: query.q,
        items,
        layout,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "rfq_new.html")]
struct NewPage {
    layout: Layout,
    product: Option<ItemView>,
    /// (id, name, ticked) of each supplier with published products.
    suppliers: Vec<(String, String, bool)>,
    rows: Vec<RowTyped>,
    today: String,
}

/// A free-text row of the form with what was typed in it.
pub(super) struct RowTyped {
    pub n: i64,
    pub title: String,
    pub specs: String,
    pub quantity: String,
    pub quality: String,
    pub target: String,
}

/// `/rfqs/new`: the request form (with `?product=` from the catalogue).
pub async fn new_form(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(query): Query<CatalogueQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::Purchase)?;
    let product = match query.product.trim() {
        "" => None,
        id => super::found(s.store.catalogue_item(id).await)?.map(|i| item(&layout, &i)),
    };
    let listed = s
        .store
        .catalogue(&CatalogueFilter {
            limit: 200,
            ..Default::default()
        })
        .await?;
    let mut suppliers: Vec<(String, String, bool)> = Vec::new();
    for i in &listed.items {
        if !suppliers.iter().any(|(id, _, _)| *id == i.supplier_id) {
            let ticked = layout.typed(FORM, &format!("supplier_{}", i.supplier_id)) == "on";
            suppliers.push((i.supplier_id.clone(), i.supplier_name.clone(), ticked));
        }
    }
    suppliers.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(NewPage {
        product,
        suppliers,
        rows: (1..=ROWS)
            .map(|n| {
                let typed = |f: &str| layout.typed(FORM, &format!("{f}_{n}")).to_owned();
                RowTyped {
                    n,
                    title: typed("title"),
                    specs: typed("specs"),
                    quantity: typed("quantity"),
                    quality: typed("quality"),
                    target: typed("target"),
                }
            })
            .collect(),
        today: time::OffsetDateTime::now_utc().date().to_string(),
        layout,
    }
    .into_response())
}

fn request_of(form: &HashMap<String, String>) -> Result<NewRfq, ApiError> {
    let mut lines = Vec::new();
    if let Some(product) = text(form, "product") {
        lines.push(NewRfqLine {
            product_id: Some(product),
            quantity: number(form, "product_quantity")?.unwrap_or(0),
            quality: text(form, "product_quality"),
            target_price: number::<Decimal>(form, "product_target")?,
            ..Default::default()
        });
    }
    for n in 1..=ROWS {
        let Some(title) = text(form, &format!("title_{n}")) else {
            continue;
        };
        lines.push(NewRfqLine {
            title: Some(title),
            specs: text(form, &format!("specs_{n}")),
            quantity: number(form, &format!("quantity_{n}"))?.unwrap_or(0),
            quality: text(form, &format!("quality_{n}")),
            target_price: number::<Decimal>(form, &format!("target_{n}"))?,
            ..Default::default()
        });
    }
    let suppliers = ticked(form, "supplier_");
    Ok(NewRfq {
        title: text(form, "title"),
        currency: None,
        needed_by: text(form, "needed_by").unwrap_or_default(),
        delivery_address: None,
        note: text(form, "note"),
        lines,
        suppliers,
    })
}

/// Sends the request; back to the form with what was typed on a refusal.
pub async fn create(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::Purchase)?;
    let approver = p.is_approver();
    let result = match request_of(&form) {
        Ok(new) => s
            .store
            .create_rfq(&p.actor, &p.scope, approver, new)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    let lang = layout.lang;
    let back = match (&result, text(&form, "product")) {
        (Ok(r), _) => format!("/rfqs/{}", r.id),
        (Err(_), Some(product)) => format!("/rfqs/new?product={product}"),
        (Err(_), None) => "/rfqs/new".to_owned(),
    };
    back_to(
        &s,
        &layout,
        &back,
        result,
        |r: &Rfq| Flash::done(lang.fill("rfq-done_sent", &[("number", r.number.as_str().into())])),
        |f| keep(f, FORM, &form),
    )
}
