//! Changing an order from its page (订单修改): the buyer, the address,
//! the note, the priority and the lines, in one form sent as one
//! `PATCH /orders/{id}` ([`orderhub_store::Store::edit_order`]). The form
//! carries the version it was read at, so of two people editing at once
//! the second is told rather than overwriting the first. Before release
//! the lines change as typed; after, each line's task decides
//! ([`orderhub_domain::amend`]): a started task's supplier is asked.

use super::catalog::{message, unless_staff};
use super::flash::Flash;
use super::{Layout, Session, check_post, found, not_found};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orderhub_domain::model::{Address, Customer, Line, NewLine, Order, OrderPatch, Priority};
use orderhub_domain::{OrderStatus, Scope};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Blank rows offered for new lines.
const NEW_ROWS: usize = 2;

/// The address fields, by input name.
pub(super) const ADDRESS_FIELDS: [(&str, &str); 6] = [
    ("country", "field-country"),
    ("region", "field-region"),
    ("city", "field-city"),
    ("line1", "field-line1"),
    ("line2", "field-line2"),
    ("postal_code", "field-postal_code"),
];

#[derive(Template, WebTemplate)]
#[template(path = "order_edit.html")]
struct EditPage {
    layout: Layout,
    id: String,
    number: String,
    /// Released: a line change may need its supplier's answer.
    released: bool,
    form: Typed,
    /// Row numbers: the stored lines', then the blank ones.
    rows: Vec<usize>,
    stored_rows: usize,
    address_fields: [(&'static str, &'static str); 6],
}

impl EditPage {
    /// A refusal no field of the form shows (the order is closed…).
    fn other_error(&self) -> Option<&str> {
        let (field, text) = self.form.error.as_ref()?;
        let shown = field == "version"
            || field.starts_with("lines[")
            || self.form.values.contains_key(field.as_str());
        (!shown).then_some(text.as_str())
    }
}

/// An order form's fields as typed, by input name, and the refusal to
/// show beside its field (line fields by their row).
pub(super) struct Typed {
    pub(super) values: HashMap<String, String>,
    pub(super) error: Option<(String, String)>,
}

impl Typed {
    pub(super) fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    pub(super) fn line_value(&self, row: &usize, field: &str) -> &str {
        self.value(&format!("{field}_{row}"))
    }

    pub(super) fn error_for(&self, field: &str) -> Option<&str> {
        super::message_for(&self.error, field)
    }

    pub(super) fn line_error(&self, row: &usize) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f.starts_with(&format!("lines[{row}]")))
            .map(|(_, m)| m.as_str())
    }
}

/// The stored order as the form's fields.
fn values_of(o: &Order) -> HashMap<String, String> {
    let mut v = HashMap::new();
    let mut put = |k: String, val: Option<&str>| {
        v.insert(k, val.unwrap_or_default().to_owned());
    };
    put("version".into(), Some(&o.version.to_string()));
    put("customer_name".into(), Some(&o.customer.name));
    put("customer_email".into(), o.customer.email.as_deref());
    put("customer_phone".into(), o.customer.phone.as_deref());
    put("note".into(), o.note.as_deref());
    put("priority".into(), Some(o.priority.as_str()));
    if let Some(a) = &o.shipping_address {
        put("country".into(), Some(&a.country));
        put("region".into(), a.region.as_deref());
        put("city".into(), a.city.as_deref());
        put("line1".into(), a.line1.as_deref());
        put("line2".into(), a.line2.as_deref());
        put("postal_code".into(), a.postal_code.as_deref());
    }
    for (row, l) in live_lines(o).enumerate() {
        put(format!("title_{row}"), Some(&l.title));
        put(format!("quantity_{row}"), Some(&l.quantity.to_string()));
        let price = l.unit_price.map(|p| p.to_string());
        put(format!("unit_price_{row}"), price.as_deref());
        put(
            format!("custom_{row}"),
            Some(&customization_text(l.customization.as_ref())),
        );
    }
    v
}

fn live_lines(o: &Order) -> impl Iterator<Item = &Line> {
    o.lines.iter().filter(|l| !l.removed)
}

/// A personalisation as lines of `key: value` when it is a flat object
/// (the common case: engraving, font, colour), else as JSON.
fn customization_text(c: Option<&Value>) -> String {
    match c {
        None => String::new(),
        Some(Value::Object(m)) if m.values().all(|v| !v.is_object() && !v.is_array()) => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// The personalisation typed: JSON when it starts like JSON, else
/// `key: value` lines (a line without a colon is a `note`). `Err` when
/// JSON does not parse.
fn customization_from(text: &str) -> Result<Option<Value>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.starts_with('{') || text.starts_with('[') {
        return serde_json::from_str(text).map(Some).map_err(|_| ());
    }
    let mut map = Map::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (k, v) = line.split_once(':').unwrap_or(("note", line));
        map.insert(k.trim().to_owned(), Value::String(v.trim().to_owned()));
    }
    Ok(Some(Value::Object(map)))
}

async fn order_of(s: &AppState, id: &str) -> Result<Option<Order>, ApiError> {
    found(s.store.get_order(id, &Scope::All).await)
}

fn page(
    layout: Layout,
    o: &Order,
    values: HashMap<String, String>,
    error: Option<(String, String)>,
) -> EditPage {
    let stored_rows = live_lines(o).count();
    EditPage {
        layout,
        id: o.id.clone(),
        number: o.external_number.clone(),
        released: o.status != OrderStatus::Pending,
        form: Typed { values, error },
        rows: (0..stored_rows + NEW_ROWS).collect(),
        stored_rows,
        address_fields: ADDRESS_FIELDS,
    }
}

/// `GET /orders/{id}/edit`.
pub async fn edit_form(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    p.require(orderhub_domain::Capability::ManageOrders)?;
    let Some(o) = order_of(&s, &id).await? else {
        return Ok(not_found(layout));
    };
    let values = values_of(&o);
    Ok(page(layout, &o, values, None).into_response())
}

/// `POST /orders/{id}/edit`.
pub async fn save_edit(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    p.require(orderhub_domain::Capability::ManageOrders)?;
    let values: HashMap<String, String> = pairs.into_iter().collect();
    check_post(&s, &headers, &layout, get(&values, "csrf"))?;
    let Some(o) = order_of(&s, &id).await? else {
        return Ok(not_found(layout));
    };
    let lang = layout.lang;
    let patch = match patch_of(&o, &values) {
        Ok(patch) => patch,
        Err(field) => {
            let error = Some((field, lang.t("error-invalid_number").to_owned()));
            let page = page(layout, &o, values, error);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    match s.store.edit_order(&p.actor, &id, patch).await {
        Ok(order) => {
            let what = format!("{} {}", lang.t("order-order"), order.external_number);
            let done = Flash::done(lang.fill("flash-saved", &[("name", (&what).into())]));
            Ok(super::flash::redirect(
                &s,
                &layout,
                &format!("/orders/{id}"),
                done,
            ))
        }
        Err(e) => {
            let (status, error) = refusal(lang, e)?;
            let page = page(layout, &o, values, Some(error));
            Ok((status, page).into_response())
        }
    }
}

/// The address typed, when a country is (the API names what else is
/// missing).
pub(super) fn address_of(values: &HashMap<String, String>) -> Option<Address> {
    let opt = |k: &str| Some(get(values, k).to_owned()).filter(|v| !v.is_empty());
    opt("country").map(|country| Address {
        country,
        region: opt("region"),
        city: opt("city"),
        line1: opt("line1"),
        line2: opt("line2"),
        postal_code: opt("postal_code"),
    })
}

/// A store's refusal of an order form, as its status and the (field,
/// sentence) the form shows beside the field; a server error stays one.
pub(super) fn refusal(
    lang: super::i18n::Lang,
    e: orderhub_store::StoreError,
) -> Result<(StatusCode, (String, String)), ApiError> {
    let e = ApiError::from(e);
    if e.status.is_server_error() {
        return Err(e);
    }
    let (_, text) = message(lang, &e);
    let field = form_field(e.problem.field.as_deref().unwrap_or_default());
    Ok((e.status, (field, text)))
}

/// The form's name of a field the API names (`customer.name` is
/// `customer_name`, `shipping_address.city` is `city`).
fn form_field(api: &str) -> String {
    match api.split_once('.') {
        Some(("customer", f)) => format!("customer_{f}"),
        Some(("shipping_address", f)) => f.to_owned(),
        _ => api.to_owned(),
    }
}

fn get<'a>(values: &'a HashMap<String, String>, k: &str) -> &'a str {
    values.get(k).map_or("", |v| v.trim())
}

/// The patch the form asks for, or the field that does not read.
fn patch_of(o: &Order, values: &HashMap<String, String>) -> Result<OrderPatch, String> {
    let get = |k: &str| get(values, k);
    let opt = |k: &str| Some(get(k).to_owned()).filter(|v| !v.is_empty());
    let version = get("version").parse().map_err(|_| "version".to_owned())?;
    let shipping_address = address_of(values);
    let stored: Vec<&Line> = live_lines(o).collect();
    let mut lines = Vec::new();
    for row in 0..stored.len() + NEW_ROWS {
        let line = |f: &str| get(&format!("{f}_{row}"));
        let kept = stored.get(row).copied();
        if line("remove") == "on" || (kept.is_none() && line("title").is_empty()) {
            continue;
        }
        let field = |f: &str| format!("lines[{}].{f}", lines.len());
        let quantity = line("quantity")
            .parse::<i64>()
            .map_err(|_| field("quantity"))?;
        let unit_price = line("unit_price")
            .parse()
            .map_err(|_| field("unit_price"))?;
        let typed = line("custom");
        let customization = match kept {
            // untouched: kept exactly (numbers stay numbers)
            Some(k) if typed == customization_text(k.customization.as_ref()).trim() => {
                k.customization.clone()
            }
            _ => customization_from(typed).map_err(|()| field("customization"))?,
        };
        let mut new = kept.map_or_else(blank_line, Line::as_new);
        if new.quantity != quantity || new.unit_price != unit_price {
            // a line total no longer matches what was typed
            new.line_total = None;
        }
        new.title = line("title").to_owned();
        new.quantity = quantity;
        new.unit_price = unit_price;
        new.customization = customization;
        lines.push(new);
    }
    Ok(OrderPatch {
        version,
        customer: Some(Customer {
            name: get("customer_name").to_owned(),
            email: opt("customer_email"),
            phone: opt("customer_phone"),
            id: None,
        }),
        shipping_address,
        note: Some(get("note").to_owned()),
        total_amount: None,
        lines: Some(lines),
        priority: Some(if get("priority") == "urgent" {
            Priority::Urgent
        } else {
            Priority::Normal
        }),
    })
}

fn blank_line() -> NewLine {
    NewLine {
        title: String::new(),
        category: None,
        quantity: 1,
        unit_price: Default::default(),
        platform_sku: None,
        customization: None,
        no_task: None,
        line_total: None,
    }
}

#[cfg(test)]
mod tests {
    use super::{customization_from, customization_text};
    use serde_json::json;

    #[test]
    fn a_flat_personalisation_reads_as_lines_and_back() {
        let c = json!({ "engraving": "For Ada", "font": "Script" });
        let text = customization_text(Some(&c));
        assert_eq!(text, "engraving: For Ada\nfont: Script");
        assert_eq!(customization_from(&text), Ok(Some(c)));
        assert_eq!(
            customization_from("Gold please"),
            Ok(Some(json!({ "note": "Gold please" })))
        );
        assert_eq!(customization_from("  "), Ok(None));
        assert!(customization_from("{ broken").is_err());
        let nested = json!({ "photo": { "url": "https://x" } });
        assert_eq!(
            customization_from(&customization_text(Some(&nested))),
            Ok(Some(nested))
        );
    }
}
