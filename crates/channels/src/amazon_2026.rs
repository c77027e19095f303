//! Amazon Selling Partner API, Orders **v2026-01-01** (v0's replacement;
//! Amazon removes v0 on 27 March 2027): an `Order` as `searchOrders` lists
//! it or `getOrder` returns it (`{"order": …}`), asked with
//! `includedData=BUYER,RECIPIENT,FULFILLMENT,PROCEEDS`. Items come inline;
//! an item's `unitPrice` is per unit (v0's `ItemPrice` was for all units);
//! money is `{"amount": "12.50", "currencyCode"}`; keys are camelCase.
//! Field notes: FORMATS-etsy-amazon.md.

use crate::amazon::{marketplace_currency, ship_to};
use crate::read::{At, Result, root, split};
use crate::{Upstream, UpstreamState};
use orderhub_domain::model::{NewLine, NewOrder, PaymentStatus};
use rust_decimal::Decimal;
use serde_json::Value;

/// Whether a payload is a v2026-01-01 order (bare or as `getOrder` wraps it).
pub(crate) fn is_2026(payload: &Value) -> bool {
    payload.get("orderId").is_some()
        || payload
            .get("order")
            .is_some_and(|o| o.get("orderId").is_some())
}

pub(crate) fn order(payload: &Value) -> Result<Upstream> {
    let both = root(payload);
    let o = both.object("order").unwrap_or(both);
    let id = o.required_text("orderId")?;
    let recipient = o
        .object("recipient")
        .and_then(|r| r.object("deliveryAddress"));
    let buyer = o.object("buyer");
    let total = o.object("proceeds").and_then(|p| p.object("grandTotal"));
    let (lines, line_paths, line_ids) = split(o.order_lines("orderItems", "orderItemId", line)?);
    let currency = total
        .as_ref()
        .and_then(|t| t.text("currencyCode"))
        .or_else(|| {
            o.items("orderItems").iter().find_map(|i| {
                i.object("product")?
                    .object("price")?
                    .object("unitPrice")?
                    .text("currencyCode")
            })
        })
        .or_else(|| {
            let market = o.object("salesChannel")?.text("marketplaceId")?;
            marketplace_currency(&market).map(str::to_owned)
        })
        .ok_or_else(|| {
            o.error(
                "proceeds.grandTotal.currencyCode",
                "missing (ask with includedData=PROCEEDS)",
            )
        })?;
    let status = o
        .object("fulfillment")
        .and_then(|f| f.text("fulfillmentStatus"));
    let state = match status.as_deref() {
        Some("CANCELLED") => UpstreamState::Cancelled,
        _ => UpstreamState::Open,
    };
    // as v0's Pending: not paid until it is unshipped (or further)
    let payment_status = match status.as_deref() {
        Some("PENDING" | "PENDING_AVAILABILITY" | "CANCELLED") | None => PaymentStatus::Unpaid,
        Some(_) => PaymentStatus::Paid,
    };
    let updated_at = o
        .time("lastUpdatedTime")?
        .or(o.time("createdTime")?)
        .ok_or_else(|| o.error("lastUpdatedTime", "missing"))?;
    let (customer, shipping_address) = ship_to(recipient.as_ref(), buyer.as_ref(), true);
    Ok(Upstream {
        order: NewOrder {
            tags: Vec::new(),
            note: None,
            platform: "amazon".into(),
            external_number: id.clone(),
            currency,
            total_amount: match &total {
                Some(t) => t.decimal("amount")?,
                None => None,
            },
            placed_at: o.time("createdTime")?,
            ship_by: None,
            status: None,
            payment_status: Some(payment_status),
            priority: None,
            customer,
            shipping_address,
            lines,
        },
        id,
        updated_at,
        state,
        line_paths,
        line_ids,
        // Amazon's returns and refunds are not in the Orders API
        refunds: Vec::new(),
    })
}

/// An order item; `None` for one with nothing ordered.
fn line(i: &At<'_>) -> Result<Option<NewLine>> {
    let quantity = match i.integer("quantityOrdered")? {
        Some(0) | None => return Ok(None),
        Some(_) => i.quantity("quantityOrdered")?,
    };
    let product = i
        .object("product")
        .ok_or_else(|| i.error("product", "missing"))?;
    // per unit now; a pending order may have no price yet
    let unit_price = match product.object("price").and_then(|p| p.object("unitPrice")) {
        Some(u) => u.decimal("amount")?.unwrap_or(Decimal::ZERO),
        None => Decimal::ZERO,
    };
    // the item's share of the proceeds, when it is not unit × quantity
    let item_total = i
        .object("proceeds")
        .map(|p| p.items("breakdowns"))
        .unwrap_or_default()
        .into_iter()
        .find(|b| b.text("type").as_deref() == Some("ITEM"))
        .and_then(|b| b.object("subtotal"))
        .map(|s| s.decimal("amount"))
        .transpose()?
        .flatten();
    let line_total = item_total.filter(|t| *t != unit_price * Decimal::from(quantity));
    let customized = product
        .object("customization")
        .and_then(|c| c.text("customizedUrl"));
    Ok(Some(NewLine {
        no_task: None,
        line_total,
        title: product.required_text("title")?,
        category: None,
        quantity,
        unit_price,
        platform_sku: product.text("sellerSku"),
        customization: customized.map(|u| serde_json::json!({ "customizedUrl": u })),
    }))
}
