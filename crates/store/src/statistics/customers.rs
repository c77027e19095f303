//! Customers as records, and the days they ordered and paid on — both
//! written for a whole group of orders in a few statements, as intake
//! writes orders.

use super::restate::upsert;
use crate::error::Result;
use crate::rows::{Arg, RowExt, new_id, now_ms, run_values, select_in};
use orderhub_domain::model::Address;
use orderhub_domain::stats::{CustomerDay, Grain, identity, month_of};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Who a customer is: (platform, channel, identity).
type Who = (String, String, String);

fn who(order: &AnyRow) -> Result<Option<(Who, String, Option<String>)>> {
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
    Ok(Some((
        (order.col("platform")?, order.col("channel_key")?, identity),
        name,
        email,
    )))
}

/// The customer each order's buyer is within its channel (by order id),
/// made on first sight; orders whose buyer nothing identifies are left out.
pub(super) async fn customers_for(
    conn: &mut AnyConnection,
    orders: &[&AnyRow],
) -> Result<HashMap<String, String>> {
    let mut wanted: Vec<(String, Who)> = Vec::new();
    let mut fresh: BTreeMap<Who, (String, Option<String>)> = BTreeMap::new();
    for o in orders {
        if let Some((key, name, email)) = who(o)? {
            wanted.push((o.col("id")?, key.clone()));
            fresh.entry(key).or_insert((name, email));
        }
    }
    if fresh.is_empty() {
        return Ok(HashMap::new());
    }
    let now = now_ms();
    let rows: Vec<Vec<Arg>> = fresh
        .iter()
        .map(|((platform, channel, identity), (name, email))| {
            vec![
                new_id().into(),
                platform.as_str().into(),
                channel.as_str().into(),
                identity.as_str().into(),
                name.as_str().into(),
                email.clone().into(),
                now.into(),
            ]
        })
        .collect();
    run_values(
        conn,
        "INSERT INTO customers (id, platform, channel_key, identity, name, email, created_at)",
        rows,
        "ON CONFLICT (platform, channel_key, identity) DO NOTHING",
    )
    .await?;
    // per platform and channel: an `identity IN (…)` list under the
    // unique index's first two columns (SQLite scans the whole table for a
    // three-column row-value IN)
    let mut by_channel: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for (p, c, i) in fresh.keys() {
        by_channel.entry((p, c)).or_default().push(i.clone());
    }
    let mut ids: HashMap<Who, String> = HashMap::new();
    for ((platform, channel), keys) in by_channel {
        let head = format!(
            "SELECT id, identity FROM customers WHERE platform = '{}' AND channel_key = '{}' AND identity IN (",
            platform.replace('\'', "''"),
            channel.replace('\'', "''")
        );
        for r in &select_in(conn, &head, &keys, "").await? {
            ids.insert(
                (platform.to_owned(), channel.to_owned(), r.col("identity")?),
                r.col("id")?,
            );
        }
    }
    Ok(wanted
        .into_iter()
        .filter_map(|(order, key)| ids.get(&key).map(|c| (order, c.clone())))
        .collect())
}

/// Moves customers' order counts per day by `changes`; where a day
/// appears or goes, moves the count of days by previous day that makes
/// distinct customers a sum ([`crate::statistics`]).
pub(super) async fn apply_customer_days(
    conn: &mut AnyConnection,
    changes: Vec<(CustomerDay, i64)>,
) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let customers: BTreeSet<&str> = changes.iter().map(|(d, _)| d.customer.as_str()).collect();
    let keys: Vec<String> = customers.iter().map(|c| (*c).to_owned()).collect();
    // one customer's days change one transaction at a time, or two would
    // each see the other's day missing; locked in id order, never crossed
    if conn.backend_name() != "SQLite" {
        let head = "SELECT id FROM customers WHERE id IN (";
        select_in(conn, head, &keys, " ORDER BY id FOR UPDATE").await?;
    }
    let head = "SELECT customer_id, kind, day, orders FROM customer_days WHERE customer_id IN (";
    let rows = select_in(conn, head, &keys, "").await?;
    let mut days: HashMap<(String, String), BTreeMap<i64, i64>> = HashMap::new();
    for r in &rows {
        days.entry((r.col("customer_id")?, r.col("kind")?))
            .or_default()
            .insert(r.col("day")?, r.col("orders")?);
    }
    let mut written: BTreeMap<(String, String, i64), i64> = BTreeMap::new();
    let mut bumps: BTreeMap<(String, i64, i64), i64> = BTreeMap::new();
    for (d, n) in changes {
        let kind = d.kind.as_str().to_owned();
        let list = days.entry((d.customer.clone(), kind.clone())).or_default();
        let before = list.get(&d.day).copied().unwrap_or(0);
        let after = (before + n).max(0);
        match after {
            0 => list.remove(&d.day),
            _ => list.insert(d.day, after),
        };
        written.insert((d.customer.clone(), kind.clone(), d.day), after);
        if (before > 0) == (after > 0) {
            continue;
        }
        let sign = if after > 0 { 1 } else { -1 };
        let prev = list.range(..d.day).next_back().map_or(-1, |(day, _)| *day);
        let next = list.range(d.day + 1..).next().map(|(day, _)| *day);
        let mut bump = |day: i64, prev: i64, s: i64| {
            *bumps.entry((kind.clone(), day, prev)).or_default() += s;
        };
        bump(d.day, prev, sign);
        if let Some(next) = next {
            bump(next, prev, -sign);
            bump(next, d.day, sign);
        }
    }
    write_days(conn, written).await?;
    let mut rows = BTreeMap::new();
    for ((kind, day, prev), n) in bumps {
        for (grain, period) in [(Grain::Day, day), (Grain::Month, month_of(day))] {
            *rows.entry((grain, period, kind.clone(), prev)).or_insert(0) += n;
        }
    }
    let rows: Vec<Vec<Arg>> = rows
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|((grain, period, kind, prev), n)| {
            vec![
                grain.as_str().into(),
                period.into(),
                kind.into(),
                prev.into(),
                n.into(),
            ]
        })
        .collect();
    upsert(
        conn,
        "stat_customers (grain, period, kind, prev_day, n)",
        rows,
        4,
        &["n"],
    )
    .await
}

/// Writes each customer day's final count: gone at 0, else set.
async fn write_days(
    conn: &mut AnyConnection,
    written: BTreeMap<(String, String, i64), i64>,
) -> Result<()> {
    let (mut gone, mut kept) = (Vec::new(), Vec::new());
    for ((customer, kind, day), n) in written {
        let key: Vec<Arg> = vec![customer.into(), kind.into(), day.into()];
        match n {
            0 => gone.push(key),
            _ => kept.push(key.into_iter().chain([Arg::from(n)]).collect()),
        }
    }
    if !gone.is_empty() {
        run_values(
            conn,
            "DELETE FROM customer_days WHERE (customer_id, kind, day) IN (",
            gone,
            ")",
        )
        .await?;
    }
    if !kept.is_empty() {
        run_values(
            conn,
            "INSERT INTO customer_days (customer_id, kind, day, orders)",
            kept,
            "ON CONFLICT (customer_id, kind, day) DO UPDATE SET orders = excluded.orders",
        )
        .await?;
    }
    Ok(())
}
