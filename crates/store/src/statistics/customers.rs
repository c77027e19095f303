//! Customers as records, and the days they ordered and paid on.

use super::restate::upsert;
use crate::error::Result;
use crate::rows::{Arg, RowExt, new_id, now_ms};
use orderhub_domain::model::Address;
use orderhub_domain::stats::{CustomerDay, Grain, identity, month_of};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// The customer an order's buyer is within its channel, made on first
/// sight; `None` when nothing identifies the buyer.
pub(super) async fn customer_for(
    conn: &mut AnyConnection,
    order: &AnyRow,
) -> Result<Option<String>> {
    let name: String = order.col("customer_name")?;
    let email: Option<String> = order.col("customer_email")?;
    let address: Option<Address> = order.opt_json("shipping_address").unwrap_or(None);
    let Some(identity) = identity(
        order.col::<Option<String>>("buyer_id")?.as_deref(),
        email.as_deref(),
        order.col::<Option<String>>("customer_phone")?.as_deref(),
        &name,
        address.as_ref().and_then(|a| a.postal_code.as_deref()),
    ) else {
        return Ok(None);
    };
    let platform: String = order.col("platform")?;
    let channel: String = order.col("channel_key")?;
    sqlx::query(
        "INSERT INTO customers (id, platform, channel_key, identity, name, email, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (platform, channel_key, identity) DO NOTHING",
    )
    .bind(new_id())
    .bind(&platform)
    .bind(&channel)
    .bind(&identity)
    .bind(&name)
    .bind(&email)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    let id = sqlx::query_scalar(
        "SELECT id FROM customers WHERE platform = $1 AND channel_key = $2 AND identity = $3",
    )
    .bind(platform)
    .bind(channel)
    .bind(identity)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some(id))
}

/// Moves customers' order counts per day by `changes`; where a day
/// appears or goes, moves the count of days by previous day that makes
/// distinct customers a sum ([`crate::statistics`]).
pub(super) async fn apply_customer_days(
    conn: &mut AnyConnection,
    changes: Vec<(CustomerDay, i64)>,
) -> Result<()> {
    let mut bumps: BTreeMap<(String, i64, i64), i64> = BTreeMap::new();
    let mut locked = None;
    for (d, n) in changes {
        if locked.as_ref() != Some(&d.customer) {
            // one customer's days change one transaction at a time, or
            // two would each see the other's day missing
            sqlx::query("UPDATE customers SET id = id WHERE id = $1")
                .bind(&d.customer)
                .execute(&mut *conn)
                .await?;
            locked = Some(d.customer.clone());
        }
        let kind = d.kind.as_str();
        let before: i64 = sqlx::query_scalar(
            "SELECT orders FROM customer_days WHERE customer_id = $1 AND kind = $2 AND day = $3",
        )
        .bind(&d.customer)
        .bind(kind)
        .bind(d.day)
        .fetch_optional(&mut *conn)
        .await?
        .unwrap_or(0);
        let after = (before + n).max(0);
        let sql = match (before > 0, after > 0) {
            (false, false) => continue,
            (true, false) => {
                "DELETE FROM customer_days WHERE customer_id = $1 AND kind = $2 AND day = $3"
            }
            (false, true) => {
                "INSERT INTO customer_days (customer_id, kind, day, orders) VALUES ($1, $2, $3, $4)"
            }
            (true, true) => {
                "UPDATE customer_days SET orders = $4 WHERE customer_id = $1 AND kind = $2 AND day = $3"
            }
        };
        let q = sqlx::query(sql).bind(&d.customer).bind(kind).bind(d.day);
        match after > 0 {
            true => q.bind(after).execute(&mut *conn).await?,
            false => q.execute(&mut *conn).await?,
        };
        if (before > 0) == (after > 0) {
            continue;
        }
        let sign = if after > 0 { 1 } else { -1 };
        let near = |sql: &'static str| {
            sqlx::query_scalar::<_, Option<i64>>(sql)
                .bind(d.customer.clone())
                .bind(kind)
                .bind(d.day)
        };
        let prev = near(
            "SELECT MAX(day) FROM customer_days WHERE customer_id = $1 AND kind = $2 AND day < $3",
        )
        .fetch_one(&mut *conn)
        .await?
        .unwrap_or(-1);
        let next = near(
            "SELECT MIN(day) FROM customer_days WHERE customer_id = $1 AND kind = $2 AND day > $3",
        )
        .fetch_one(&mut *conn)
        .await?;
        let mut bump = |day: i64, prev: i64, s: i64| {
            *bumps.entry((kind.to_owned(), day, prev)).or_default() += s;
        };
        bump(d.day, prev, sign);
        if let Some(next) = next {
            bump(next, prev, -sign);
            bump(next, d.day, sign);
        }
    }
    let mut rows = BTreeMap::new();
    for ((kind, day, prev), n) in bumps {
        for (grain, period) in [(Grain::Day, day), (Grain::Month, month_of(day))] {
            *rows.entry((kind.clone(), grain, period, prev)).or_insert(0) += n;
        }
    }
    let rows: Vec<Vec<Arg>> = rows
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|((kind, grain, period, prev), n)| {
            vec![
                kind.into(),
                grain.as_str().into(),
                period.into(),
                prev.into(),
                n.into(),
            ]
        })
        .collect();
    upsert(
        conn,
        "stat_customers (kind, grain, period, prev_day, n)",
        rows,
        4,
        &["n"],
    )
    .await
}
