//! Entering an order by hand: up to five lines; blank lines are ignored.
//! A refused form comes back as typed, with the reason next to the field
//! (line fields by their row), in the user's language.

use super::catalog::unless_staff;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orderhub_domain::OrderStatus;
use orderhub_domain::model::{Customer, NewLine, NewOrder, PaymentStatus, Priority};
use std::collections::HashMap;

/// Rows of lines the form offers.
const ROWS: usize = 5;

#[derive(Template, WebTemplate)]
#[template(path = "order_form.html")]
struct OrderFormPage {
    layout: Layout,
    form: super::order_edit::Typed,
    categories: Vec<(String, String)>,
    rows: Vec<usize>,
    address_fields: [(&'static str, &'static str); 6],
}

async fn form_page(
    s: &AppState,
    layout: Layout,
    values: HashMap<String, String>,
    error: Option<(String, String)>,
) -> Result<OrderFormPage, ApiError> {
    let categories = s
        .store
        .list_categories()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(OrderFormPage {
        layout,
        form: super::order_edit::Typed { values, error },
        categories,
        rows: (0..ROWS).collect(),
        address_fields: super::order_edit::ADDRESS_FIELDS,
    })
}

pub async fn new_order(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let values = [
        ("platform", "manual"),
        ("currency", "USD"),
        ("status", "purchasing"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    Ok(form_page(&s, layout, values, None).await?.into_response())
}

pub async fn create_order(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let values: HashMap<String, String> = pairs.into_iter().collect();
    let get = |k: &str| values.get(k).map_or("", |v| v.trim());
    check_post(&s, &headers, &layout, get("csrf"))?;
    let lang = layout.lang;
    let mut lines = Vec::new();
    for row in 0..ROWS {
        let line = |f: &str| get(&format!("{f}_{row}")).to_owned();
        if line("title").is_empty() && line("unit_price").is_empty() {
            continue;
        }
        let field = format!("lines[{}]", lines.len());
        let refuse = |what: &str| {
            Some((
                format!("{field}.{what}"),
                lang.t("error-out_of_range").to_owned(),
            ))
        };
        let Ok(quantity) = line("quantity").parse::<i64>() else {
            let page = form_page(&s, layout, values.clone(), refuse("quantity")).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        };
        let Ok(unit_price) = line("unit_price").parse() else {
            let page = form_page(&s, layout, values.clone(), refuse("unit_price")).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        };
        lines.push(NewLine {
            no_task: None,
            line_total: None,
            title: line("title"),
            category: Some(line("category")).filter(|c| !c.is_empty()),
            quantity,
            unit_price,
            platform_sku: None,
            customization: Some(line("note"))
                .filter(|n| !n.is_empty())
                .map(|n| serde_json::json!({ "note": n })),
        });
    }
    let total: rust_decimal::Decimal = lines
        .iter()
        .map(|l| l.unit_price * rust_decimal::Decimal::from(l.quantity))
        .sum();
    let new = NewOrder {
        tags: Vec::new(),
        note: None,
        platform: get("platform").to_owned(),
        external_number: get("external_number").to_owned(),
        currency: get("currency").to_owned(),
        total_amount: Some(total).filter(|_| !lines.is_empty()),
        placed_at: None,
        ship_by: None,
        status: Some(if get("status") == "pending" {
            OrderStatus::Pending
        } else {
            OrderStatus::Purchasing
        }),
        payment_status: PaymentStatus::parse(get("payment_status")),
        priority: Some(if get("priority") == "urgent" {
            Priority::Urgent
        } else {
            Priority::Normal
        }),
        customer: Customer {
            name: get("customer_name").to_owned(),
            email: Some(get("customer_email").to_owned()).filter(|e| !e.is_empty()),
            phone: None,
            id: None,
        },
        shipping_address: super::order_edit::address_of(&values),
        lines,
    };
    match s.store.create_order(&p.actor, new).await {
        Ok((order, created)) => {
            if created {
                crate::metrics::orders_created(&order.platform, crate::metrics::Intake::Web, 1);
            }
            let key = if created {
                "flash-created"
            } else {
                "flash-saved"
            };
            let what = format!("{} {}", lang.t("order-order"), order.external_number);
            let done = super::flash::Flash::done(lang.fill(key, &[("name", (&what).into())]));
            Ok(super::flash::redirect(
                &s,
                &layout,
                &format!("/orders/{}", order.id),
                done,
            ))
        }
        Err(e) => {
            let (status, error) = super::order_edit::refusal(lang, e)?;
            let page = form_page(&s, layout, values, Some(error)).await?;
            Ok((status, page).into_response())
        }
    }
}
