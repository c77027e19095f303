//! WooCommerce: the REST API v3 order, as the `order.created` /
//! `order.updated` webhooks deliver it. Totals are text, a line's `price`
//! is a JSON number, times ending in `_gmt` carry no zone.

use crate::read::{At, Result, full_name, root, split};
use crate::{Upstream, UpstreamState};
use orderhub_domain::model::{Address, Customer, NewLine, NewOrder, NoTask, PaymentStatus};
use orderhub_domain::money;
use serde_json::Value;

pub(crate) fn order(payload: &Value) -> Result<Upstream> {
    let o = root(payload);
    let id = o.required_text("id")?;
    let billing = o.object("billing");
    let shipping = o.object("shipping").filter(|s| s.text("country").is_some());
    let person = |a: &Option<At<'_>>| {
        let a = a.as_ref()?;
        full_name(&[a.text("first_name"), a.text("last_name")]).or_else(|| a.text("company"))
    };
    let name = person(&shipping)
        .or_else(|| person(&billing))
        .or_else(|| billing.as_ref().and_then(|b| b.text("email")))
        .unwrap_or_else(|| "WooCommerce customer".to_owned());
    let state = match o.text("status").as_deref() {
        Some("cancelled") | Some("failed") | Some("trash") => UpstreamState::Cancelled,
        Some("refunded") => UpstreamState::Refunded,
        // not a core status: the one the common delivery plugins add
        Some("delivered") => UpstreamState::Delivered,
        _ => UpstreamState::Open,
    };
    // pending, on-hold and failed wait for the money; processing and
    // completed have it (`date_paid` is set when it arrives); a refund
    // short of the total leaves the order's status as it was
    let refunded = !o.items("refunds").is_empty();
    let payment_status = match o.text("status").as_deref() {
        Some("refunded") => PaymentStatus::Refunded,
        Some("processing" | "completed") if refunded => PaymentStatus::PartiallyRefunded,
        Some("processing" | "completed") => PaymentStatus::Paid,
        _ if o
            .text("date_paid_gmt")
            .or_else(|| o.text("date_paid"))
            .is_some() =>
        {
            PaymentStatus::Paid
        }
        _ => PaymentStatus::Unpaid,
    };
    let currency = o.required_text("currency")?;
    let mut lines = o.order_lines("line_items", "id", |l| line(l, &currency))?;
    lines.extend(o.order_lines("fee_lines", "id", fee)?);
    let (lines, line_paths, line_ids) = split(lines);
    let updated_at = o
        .time("date_modified_gmt")?
        .or(o.time("date_created_gmt")?)
        .ok_or_else(|| o.error("date_modified_gmt", "missing"))?;
    Ok(Upstream {
        order: NewOrder {
            tags: Vec::new(),
            note: None,
            platform: "woocommerce".into(),
            external_number: o.text("number").unwrap_or_else(|| id.clone()),
            currency,
            total_amount: o.decimal("total")?,
            placed_at: o.time("date_created_gmt")?,
            ship_by: None,
            status: None,
            payment_status: Some(payment_status),
            priority: None,
            customer: Customer {
                name,
                email: billing.as_ref().and_then(|b| b.text("email")),
                phone: billing
                    .as_ref()
                    .and_then(|b| b.text("phone"))
                    .or_else(|| shipping.as_ref().and_then(|s| s.text("phone"))),
                // 0 is a guest: no account, known by e-mail
                id: o.text("customer_id").filter(|c| c != "0"),
            },
            shipping_address: shipping.as_ref().or(billing.as_ref()).and_then(address),
            lines,
        },
        id,
        updated_at,
        state,
        line_paths,
        line_ids,
        refunds: o
            .items("refunds")
            .iter()
            .filter_map(|f| {
                Some(crate::UpstreamRefund {
                    id: f.text("id")?,
                    line_id: None,
                    quantity: None,
                    amount: f.decimal("total").ok().flatten().map(|t| t.abs()),
                    reason: f
                        .text("reason")
                        .unwrap_or_else(|| "refunded in WooCommerce".into()),
                })
            })
            .collect(),
    })
}

/// A fee line (gift wrap, rush handling…): money on the order, no task.
/// A negative fee is a discount the order's total already carries.
fn fee(l: &At<'_>) -> Result<Option<NewLine>> {
    let total = l.decimal("total")?.unwrap_or_default();
    if total.is_sign_negative() || total.is_zero() {
        return Ok(None);
    }
    Ok(Some(NewLine {
        no_task: Some(NoTask::Fee),
        line_total: None,
        title: decoded(&l.text("name").unwrap_or_else(|| "Fee".to_owned())),
        category: None,
        quantity: 1,
        unit_price: total,
        platform_sku: None,
        customization: None,
    }))
}

/// WooCommerce sends names as its HTML shows them (`Boots &ndash; Brown`).
fn decoded(text: &str) -> String {
    html_escape::decode_html_entities(text).trim().to_owned()
}

fn address(a: &At<'_>) -> Option<Address> {
    Some(Address {
        country: a.text("country")?,
        region: a.text("state"),
        city: a.text("city"),
        line1: a.text("address_1"),
        line2: a.text("address_2"),
        postal_code: a.text("postcode"),
    })
}

/// A line item. `price` is a float (total ÷ quantity: 32.40 / 3 =
/// 10.799999999999999); the line's `total` is exact text, after discounts:
/// it is kept as the line's total, and the unit price is derived from it
/// in the currency's precision (¥2,900 for 3: ¥966.67 each, ¥2,900 in all).
fn line(l: &At<'_>, currency: &str) -> Result<Option<NewLine>> {
    let quantity = l.quantity("quantity")?;
    let (unit_price, line_total) = match l.decimal("total")? {
        Some(total) => (money::unit_price(total, quantity, currency), Some(total)),
        None => (
            l.decimal("price")?
                .ok_or_else(|| l.error("price", "missing"))?,
            None,
        ),
    };
    // exact when it is exact: no separate total to keep
    let line_total =
        line_total.filter(|t| *t != unit_price * rust_decimal::Decimal::from(quantity));
    // meta data the shop shows (keys starting with `_` are internal)
    let shown: Vec<Value> = l
        .items("meta_data")
        .into_iter()
        .filter(|m| !m.text("key").is_some_and(|k| k.starts_with('_')))
        .map(|m| m.value.clone())
        .collect();
    Ok(Some(NewLine {
        no_task: None,
        line_total,
        title: decoded(&l.required_text("name")?),
        category: None,
        quantity,
        unit_price,
        platform_sku: l.text("sku"),
        customization: Some(Value::Array(shown))
            .filter(|v| v.as_array().is_some_and(|a| !a.is_empty())),
    }))
}
