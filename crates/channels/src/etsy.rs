//! Etsy Open API v3: a `ShopReceipt` as `getShopReceipt` returns it. Money
//! is `{"amount", "divisor", "currency_code"}`; times are Unix seconds; a
//! buyer's personalisation is one of a transaction's `variations`.

use crate::read::{At, MappingError, Result, root, split, verbatim};
use crate::{Upstream, UpstreamState};
use orderhub_domain::model::{Address, Customer, NewLine, NewOrder, NoTask, PaymentStatus};
use rust_decimal::Decimal;
use serde_json::Value;

pub(crate) fn receipt(payload: &Value) -> Result<Upstream> {
    let r = root(payload);
    let id = r.required_text("receipt_id")?;
    let total = r.object("grandtotal").or_else(|| r.object("total_price"));
    let currency = match &total {
        Some(t) => t.required_text("currency_code")?,
        None => return Err(r.error("grandtotal", "missing")),
    };
    let state = match r.text("status").map(|s| s.to_lowercase()).as_deref() {
        Some("canceled") | Some("cancelled") => UpstreamState::Cancelled,
        Some("fully refunded") => UpstreamState::Refunded,
        _ => UpstreamState::Open,
    };
    // a receipt's `is_paid`; a full refund shows in its status
    let payment_status = match (&state, r.bool("is_paid")?) {
        (UpstreamState::Refunded, _) => PaymentStatus::Refunded,
        (_, Some(true)) => PaymentStatus::Paid,
        _ => PaymentStatus::Unpaid,
    };
    let placed_at = r
        .unix_time("created_timestamp")?
        .or(r.unix_time("create_timestamp")?);
    let updated_at = r
        .unix_time("updated_timestamp")?
        .or(r.unix_time("update_timestamp")?)
        .or(placed_at)
        .ok_or_else(|| r.error("updated_timestamp", "missing"))?;
    // each transaction has its own date; the order ships by the first
    let mut ship_by = None;
    for t in r.items("transactions") {
        if let Some(at) = t.unix_time("expected_ship_date")? {
            ship_by = Some(ship_by.map_or(at, |s: time::OffsetDateTime| s.min(at)));
        }
    }
    let (lines, line_paths, line_ids) =
        split(r.order_lines("transactions", "transaction_id", |t| line(t).map(Some))?);
    Ok(Upstream {
        order: NewOrder {
            tags: Vec::new(),
            note: None,
            platform: "etsy".into(),
            external_number: id.clone(),
            currency,
            total_amount: total.as_ref().map(money).transpose()?,
            placed_at,
            ship_by,
            status: None,
            payment_status: Some(payment_status),
            priority: None,
            customer: Customer {
                name: r
                    .text("name")
                    .or_else(|| r.text("buyer_email"))
                    .unwrap_or_else(|| "Etsy buyer".to_owned()),
                email: r.text("buyer_email"),
                phone: None,
                id: r.text("buyer_user_id"),
            },
            shipping_address: r.text("country_iso").map(|country| Address {
                country,
                region: r.text("state"),
                city: r.text("city"),
                line1: r.text("first_line"),
                line2: r.text("second_line"),
                postal_code: r.text("zip"),
            }),
            lines,
        },
        id,
        updated_at,
        state,
        line_paths,
        line_ids,
        refunds: refunds(&r)?,
    })
}

/// `amount / divisor`, e.g. 2450 / 100 = 24.50, 3200 / 1 = 3200 (JPY).
fn money(m: &At<'_>) -> Result<Decimal> {
    let amount = m
        .integer("amount")?
        .ok_or_else(|| m.error("amount", "missing"))?;
    let divisor = m.integer("divisor")?.unwrap_or(1);
    if divisor <= 0 {
        return Err(m.error("divisor", "must be positive"));
    }
    let scale = divisor.ilog10();
    if 10_i64.pow(scale) != divisor {
        return Ok(Decimal::from(amount) / Decimal::from(divisor));
    }
    Ok(Decimal::new(amount, scale))
}

fn line(t: &At<'_>) -> Result<NewLine> {
    let price = t
        .object("price")
        .ok_or_else(|| t.error("price", "missing"))?;
    Ok(NewLine {
        // a download is money, nothing to make
        no_task: (t.get("is_digital").and_then(Value::as_bool) == Some(true))
            .then_some(NoTask::Digital),
        line_total: None,
        title: t.required_text("title")?,
        category: None,
        quantity: t.quantity("quantity")?,
        unit_price: money(&price).map_err(|e| MappingError { ..e })?,
        platform_sku: t.text("sku"),
        customization: verbatim(t.get("variations")),
    })
}

/// The receipt's refunds, of the whole order (Etsy names no line); each by
/// when it was made.
fn refunds(r: &At<'_>) -> Result<Vec<crate::UpstreamRefund>> {
    let mut out = Vec::new();
    for (i, f) in r.items("refunds").into_iter().enumerate() {
        let amount = f.object("amount");
        let money = match amount {
            Some(a) => match (a.integer("amount")?, a.integer("divisor")?) {
                (Some(v), Some(d)) if d > 0 => {
                    Some(rust_decimal::Decimal::from(v) / rust_decimal::Decimal::from(d))
                }
                _ => None,
            },
            None => None,
        };
        let reason = [f.text("reason"), f.text("note_from_issuer")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(": ");
        out.push(crate::UpstreamRefund {
            id: format!(
                "etsy-{}-{i}",
                f.text("created_timestamp").unwrap_or_default()
            ),
            line_id: None,
            quantity: None,
            amount: money,
            reason: if reason.is_empty() {
                "refunded on Etsy".into()
            } else {
                reason
            },
        });
    }
    Ok(out)
}
