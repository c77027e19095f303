//! Shopify: the REST Admin API `Order`, as the `orders/create` and
//! `orders/updated` webhooks deliver it (and as `GET orders/{id}.json`
//! returns it under `"order"`). Money is text in the shop's currency.

use crate::read::{At, Result, full_name, root, split, verbatim};
use crate::{Upstream, UpstreamState};
use orderhub_domain::model::tags;
use orderhub_domain::model::{Address, Customer, NewLine, NewOrder, NoTask, PaymentStatus};
use serde_json::Value;

pub(crate) fn order(payload: &Value) -> Result<Upstream> {
    // the API wraps it as {"order": …}; the webhook sends it bare
    let o = root(payload.get("order").unwrap_or(payload));
    let id = o.required_text("id")?;
    let shipping = o.object("shipping_address");
    let billing = o.object("billing_address");
    let customer = o.object("customer");
    let name = full_name(&[shipping.as_ref().and_then(|a| a.text("name"))])
        .or_else(|| billing.as_ref().and_then(|a| a.text("name")))
        .or_else(|| {
            let c = customer.as_ref()?;
            full_name(&[c.text("first_name"), c.text("last_name")])
        })
        .or_else(|| o.text("email"))
        .unwrap_or_else(|| "Shopify customer".to_owned());
    let email = o
        .text("email")
        .or_else(|| o.text("contact_email"))
        .or_else(|| customer.as_ref().and_then(|c| c.text("email")));
    let phone = o
        .text("phone")
        .or_else(|| shipping.as_ref().and_then(|a| a.text("phone")))
        .or_else(|| customer.as_ref().and_then(|c| c.text("phone")));
    let cancelled = o.text("cancelled_at").is_some();
    let (lines, line_paths, line_ids) =
        split(o.order_lines("line_items", "id", |l| line(l, cancelled))?);
    let state = if cancelled {
        UpstreamState::Cancelled
    } else if o.text("financial_status").as_deref() == Some("refunded") {
        UpstreamState::Refunded
    } else if delivered(&o) {
        UpstreamState::Delivered
    } else {
        UpstreamState::Open
    };
    // https://shopify.dev/docs/api/admin-rest/latest/resources/order:
    // pending, authorized, partially_paid, paid, partially_refunded,
    // refunded, voided
    let payment_status = match o.text("financial_status").as_deref() {
        Some("paid") => PaymentStatus::Paid,
        Some("authorized") => PaymentStatus::Authorized,
        Some("partially_refunded") => PaymentStatus::PartiallyRefunded,
        Some("refunded") => PaymentStatus::Refunded,
        _ => PaymentStatus::Unpaid,
    };
    let updated_at = o
        .time("updated_at")?
        .or(o.time("created_at")?)
        .ok_or_else(|| o.error("updated_at", "missing"))?;
    Ok(Upstream {
        order: NewOrder {
            note: None,
            platform: "shopify".into(),
            // `name` is what the shop shows ("#1001")
            external_number: o
                .text("name")
                .map_or_else(|| o.required_text("order_number"), Ok)?,
            currency: o.required_text("currency")?,
            total_amount: o.decimal("total_price")?,
            placed_at: o.time("created_at")?,
            ship_by: None,
            status: None,
            payment_status: Some(payment_status),
            priority: None,
            customer: Customer {
                name,
                email,
                phone,
                id: customer.as_ref().and_then(|c| c.text("id")),
            },
            shipping_address: shipping.as_ref().and_then(address),
            lines,
            // the order's tags and the customer's ("VIP, wholesale")
            tags: tags::what_fits(
                [Some(&o), customer.as_ref()]
                    .into_iter()
                    .flatten()
                    .flat_map(|at| tags::split(&at.text("tags").unwrap_or_default()))
                    .collect(),
            ),
        },
        id,
        updated_at,
        state,
        line_paths,
        line_ids,
        refunds: refunds(&o)?,
    })
}

fn address(a: &At<'_>) -> Option<Address> {
    Some(Address {
        country: a.text("country_code")?,
        region: a.text("province_code").or_else(|| a.text("province")),
        city: a.text("city"),
        line1: a.text("address1"),
        line2: a.text("address2"),
        postal_code: a.text("zip"),
    })
}

/// A line item; `None` for one removed by an order edit (its
/// `current_quantity` is 0). An open order's lines count
/// `current_quantity`; a cancelled order's are all 0 there, so its lines
/// keep what was ordered. A quantity below 1 otherwise refuses the order.
fn line(l: &At<'_>, cancelled: bool) -> Result<Option<NewLine>> {
    let ordered = l.quantity("quantity")?;
    let quantity = match l.integer("current_quantity")? {
        Some(0) if !cancelled => return Ok(None),
        Some(current) if !cancelled && current < 0 => {
            return Err(l.error("current_quantity", format!("{current} is not a quantity")));
        }
        Some(current) if !cancelled => current,
        _ => ordered,
    };
    let title = l.required_text("title")?;
    let title = match l.text("variant_title") {
        Some(v) if v != "Default Title" => format!("{title} — {v}"),
        _ => title,
    };
    let unit_price = l
        .decimal("price")?
        .ok_or_else(|| l.error("price", "missing"))?;
    // the line after its share of the order's discounts, exactly
    let discounts: rust_decimal::Decimal = l
        .items("discount_allocations")
        .iter()
        .map(|d| d.decimal("amount"))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .sum();
    let line_total = (!discounts.is_zero()).then(|| {
        (unit_price * rust_decimal::Decimal::from(quantity) - discounts)
            .max(rust_decimal::Decimal::ZERO)
    });
    Ok(Some(NewLine {
        no_task: no_task(l),
        line_total,
        title,
        category: None,
        quantity,
        unit_price,
        platform_sku: l.text("sku"),
        customization: properties(l),
    }))
}

/// Lines that are money but nothing to make: a tip (Shopify marks a tip
/// line with `tip_payment_gateway`), a gift card, and anything that needs
/// no shipping (shipping protection, services, digital items).
fn no_task(l: &At<'_>) -> Option<NoTask> {
    if l.value.get("tip_payment_gateway").is_some() {
        Some(NoTask::Tip)
    } else if l.get("gift_card").and_then(Value::as_bool) == Some(true) {
        Some(NoTask::GiftCard)
    } else if l.get("requires_shipping").and_then(Value::as_bool) == Some(false) {
        Some(NoTask::NotShipped)
    } else {
        None
    }
}

/// A line item's properties — the buyer's personalisation — as sent,
/// without the private ones (a name starting with `_`: apps' own data,
/// hidden from the buyer at checkout).
fn properties(l: &At<'_>) -> Option<Value> {
    let shown: Vec<Value> = l
        .items("properties")
        .into_iter()
        .filter(|p| !p.text("name").is_some_and(|n| n.starts_with('_')))
        .map(|p| p.value.clone())
        .collect();
    verbatim(Some(&Value::Array(shown)))
}

/// Every item fulfilled and every fulfillment's carrier says delivered
/// (https://shopify.dev/docs/api/admin-rest/latest/resources/fulfillment:
/// `shipment_status` … `delivered`, from the carrier's tracking).
fn delivered(o: &At<'_>) -> bool {
    let fulfillments = o.items("fulfillments");
    o.text("fulfillment_status").as_deref() == Some("fulfilled")
        && !fulfillments.is_empty()
        && fulfillments
            .iter()
            .filter(|f| f.text("status").as_deref() != Some("cancelled"))
            .all(|f| f.text("shipment_status").as_deref() == Some("delivered"))
}

/// Each refunded line item of each refund
/// (https://shopify.dev/docs/api/admin-rest/latest/resources/refund).
fn refunds(o: &At<'_>) -> Result<Vec<crate::UpstreamRefund>> {
    let mut out = Vec::new();
    for r in o.items("refunds") {
        let Some(id) = r.text("id") else { continue };
        let reason = r
            .text("note")
            .unwrap_or_else(|| "refunded on Shopify".into());
        for item in r.items("refund_line_items") {
            out.push(crate::UpstreamRefund {
                id: format!("{id}:{}", item.text("id").unwrap_or_default()),
                line_id: item.text("line_item_id"),
                quantity: item.integer("quantity")?,
                amount: item.decimal("subtotal")?,
                reason: reason.clone(),
            });
        }
    }
    Ok(out)
}
