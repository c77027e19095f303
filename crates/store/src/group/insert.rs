//! The rows a group of new orders writes: the orders, their lines, and
//! what a rule chose for a line.

use super::Fresh;
use crate::error::Result;
use crate::rows::{Arg, run_values, to_json, to_ms};
use orderhub_domain::model::{NewLine, NewOrder, PaymentStatus, Unrouted};
use orderhub_domain::release::{LineOutcome, Plan};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Inserts the new orders with the status the plan leaves them in;
/// returns how many were inserted (fewer when some were stored meanwhile).
pub(super) async fn insert_orders(
    conn: &mut AnyConnection,
    fresh: &[Fresh<'_>],
    plan: &Plan,
    channel: &str,
    now: i64,
) -> Result<usize> {
    if fresh.is_empty() {
        return Ok(0);
    }
    let rows = fresh
        .iter()
        .map(|f| {
            let o = f.new;
            vec![
                f.snapshot.id.as_str().into(),
                o.platform.as_str().into(),
                o.external_number.as_str().into(),
                plan.status_of(&f.snapshot).as_str().into(),
                o.currency.as_str().into(),
                o.total_amount.map(|a| a.to_string()).into(),
                o.placed_at.map(to_ms).into(),
                o.customer.name.as_str().into(),
                o.customer.email.clone().into(),
                o.customer.phone.clone().into(),
                o.shipping_address.as_ref().map(to_json).into(),
                search_text(o).into(),
                now.into(),
                now.into(),
                o.note.clone().into(),
                channel.into(),
                o.payment_status
                    .unwrap_or(PaymentStatus::Unpaid)
                    .as_str()
                    .into(),
                (!f.gate.hold.is_empty())
                    .then(|| to_json(&f.gate.hold))
                    .into(),
                f.gate.approval.map(|a| a.as_str().to_owned()).into(),
                f.gate.approval_rule_id.clone().into(),
                f.snapshot.priority.queue_key(&f.snapshot.id).into(),
                o.customer.id.clone().into(),
                o.ship_by.map(to_ms).into(),
                (!f.tags.is_empty()).then(|| to_json(&f.tags)).into(),
            ]
        })
        .collect();
    let inserted = run_values(
        conn,
        "INSERT INTO orders (id, platform, external_number, status, currency, total_amount, placed_at, \
         customer_name, customer_email, customer_phone, shipping_address, search_text, created_at, updated_at, note, \
         channel_key, payment_status, hold, approval, approval_rule_id, queue_key, buyer_id, ship_by, tags)",
        rows,
        "ON CONFLICT (platform, channel_key, external_number) DO NOTHING",
    )
    .await?;
    Ok(usize::try_from(inserted).unwrap_or(usize::MAX))
}

/// What an order's search finds it by.
pub(crate) fn search_text(o: &NewOrder) -> String {
    let mut parts = vec![o.external_number.as_str(), o.customer.name.as_str()];
    parts.extend(o.customer.email.as_deref());
    parts.extend(o.lines.iter().map(|l| l.title.as_str()));
    parts.extend(o.tags.iter().map(String::as_str));
    parts.join(" ").to_lowercase()
}

/// Keeps the supplier a rule prefers on each line, for a release later
/// (an order held for review).
pub(super) async fn prefer(conn: &mut AnyConnection, fresh: &[Fresh<'_>]) -> Result<()> {
    let lines = fresh.iter().flat_map(|f| &f.snapshot.lines);
    for line in lines.filter(|l| l.preferred.is_some()) {
        sqlx::query("UPDATE order_lines SET preferred_supplier_id = $2 WHERE id = $1")
            .bind(&line.id)
            .bind(&line.preferred)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Each new line with its category and reason as the plan decided them.
pub(super) async fn insert_lines(
    conn: &mut AnyConnection,
    fresh: &[Fresh<'_>],
    plan: &Plan,
) -> Result<()> {
    let outcomes: HashMap<&str, &LineOutcome> =
        plan.lines.iter().map(|l| (l.line_id.as_str(), l)).collect();
    let mut rows = Vec::new();
    for f in fresh {
        for (line, new) in f.snapshot.lines.iter().zip(&f.new.lines) {
            let outcome = outcomes.get(line.id.as_str());
            let category = outcome.map_or(line.category_id.clone(), |o| o.category_id.clone());
            let unrouted = outcome.and_then(|o| o.unrouted.as_ref());
            // a route script may have rewritten the title
            let renamed;
            let new = match line.title == new.title {
                true => new,
                false => {
                    renamed = NewLine {
                        title: line.title.clone(),
                        ..new.clone()
                    };
                    &renamed
                }
            };
            rows.push(line_row(
                (&line.id, &f.snapshot.id, line.line_no),
                new,
                category,
                unrouted,
            ));
        }
    }
    if rows.is_empty() {
        return Ok(());
    }
    run_values(conn, LINE_INSERT, rows, "").await?;
    Ok(())
}

/// The head of an insert of order lines; [`line_row`] makes each row.
pub(crate) const LINE_INSERT: &str = "INSERT INTO order_lines (id, order_id, line_no, title, category_ref, \
     category_id, quantity, unit_price, customization, unrouted_code, unrouted_detail, platform_sku, no_task, \
     line_total)";

/// One order line's row for [`LINE_INSERT`]: (line id, order id, line
/// number), the line as received, its category and why it routes
/// nowhere, once known.
pub(crate) fn line_row(
    (id, order_id, line_no): (&str, &str, i64),
    new: &NewLine,
    category_id: Option<String>,
    unrouted: Option<&Unrouted>,
) -> Vec<Arg> {
    vec![
        id.into(),
        order_id.into(),
        line_no.into(),
        new.title.as_str().into(),
        new.category.clone().into(),
        category_id.into(),
        new.quantity.into(),
        new.unit_price.to_string().into(),
        new.customization.as_ref().map(to_json).into(),
        unrouted.map(|u| u.code.as_str().to_owned()).into(),
        unrouted.map(|u| u.detail.clone()).into(),
        new.platform_sku.clone().into(),
        new.no_task.map(|k| k.as_str().to_owned()).into(),
        new.line_total.map(|t| t.to_string()).into(),
    ]
}
