//! Keeping the sums true: every change to an order restates it here, in
//! the change's own transaction, which queues what the sums move by
//! ([`super::queue`]).

use super::customers::{apply_customer_days, customers_for};
use crate::error::{Result, StoreError};
use crate::rows::{Arg, RowExt, run_values, select_in, to_json};
use orderhub_domain::OrderStatus;
use orderhub_domain::model::{Address, PaymentStatus};
use orderhub_domain::stats::{Delta, Deltas, LineView, OrderFacts, OrderView, diff};
use rust_decimal::Decimal;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::HashMap;

/// How the orders to restate are held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Held {
    /// Written or locked by this transaction already (a fresh insert, a
    /// change that locked the order first): read them as they are.
    Already,
    /// Lock each first, so that two restatements of one order run one
    /// after the other and neither takes back facts the other replaced.
    Lock,
}

const ORDER_COLUMNS: &str = "id, platform, channel_key, currency, total_amount, placed_at, created_at, \
     status, payment_status, customer_name, customer_email, customer_phone, buyer_id, shipping_address, \
     customer_id, stat_facts";

/// Restates orders `ids`: works out what each adds to the figures now,
/// and moves the stored sums by the difference from what it added before.
pub(crate) async fn restate(conn: &mut AnyConnection, ids: &[String], held: Held) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    let rows = match held {
        Held::Already => {
            let head = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id IN (");
            select_in(conn, &head, &ids, "").await?
        }
        Held::Lock => {
            let mut rows = Vec::with_capacity(ids.len());
            for id in &ids {
                let sql = format!(
                    "UPDATE orders SET stat_facts = stat_facts WHERE id = $1 RETURNING {ORDER_COLUMNS}"
                );
                rows.extend(
                    sqlx::query(sqlx::AssertSqlSafe(sql))
                        .bind(id)
                        .fetch_optional(&mut *conn)
                        .await?,
                );
            }
            rows
        }
    };
    let lines = lines_of(conn, &ids).await?;
    let refunds = refunds_of(conn, &ids).await?;
    let unknown: Vec<&AnyRow> = rows
        .iter()
        .filter(|r| {
            r.col::<Option<String>>("customer_id")
                .ok()
                .flatten()
                .is_none()
        })
        .collect();
    let found = customers_for(conn, &unknown).await?;
    let mut all = Deltas::default();
    let mut facts_rows = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: String = row.col("id")?;
        let customer = match row.col::<Option<String>>("customer_id")? {
            Some(c) => Some(c),
            None => found.get(&id).cloned(),
        };
        let view = order_view(row, customer, &lines, &refunds)?;
        let before: Option<OrderFacts> = row
            .col::<Option<String>>("stat_facts")?
            .and_then(|t| serde_json::from_str(&t).ok());
        let after = view.facts();
        let d = diff(before.as_ref(), Some(&after));
        for (k, v) in d.sums {
            let slot = all.sums.entry(k).or_default();
            for (s, n) in slot.iter_mut().zip(v) {
                *s += n;
            }
        }
        all.labels.extend(d.labels);
        facts_rows.push(vec![
            Arg::from(id),
            Arg::from(to_json(&after)),
            Arg::from(view.customer),
        ]);
    }
    // both backends name a VALUES list's columns column1, column2, …
    run_values(
        conn,
        "UPDATE orders SET stat_facts = v.column2, customer_id = v.column3 FROM (",
        facts_rows,
        ") AS v WHERE orders.id = v.column1",
    )
    .await?;
    let queued = super::queue::Queued::sales(all.settle());
    super::queue::enqueue(conn, queued).await
}

/// The product lines of `ids`, per order, each with the catalogue product
/// its SKU names (the first by id when two suppliers list one code).
async fn lines_of(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<HashMap<String, Vec<LineView>>> {
    let rows = select_in(
        conn,
        "SELECT order_id, title, platform_sku, category_id, quantity, unit_price, line_total \
         FROM order_lines WHERE removed_at IS NULL AND no_task IS NULL AND order_id IN (",
        ids,
        " ORDER BY order_id, line_no",
    )
    .await?;
    let products = products_by_code(conn, &rows).await?;
    let mut out: HashMap<String, Vec<LineView>> = HashMap::new();
    for r in &rows {
        let quantity: i64 = r.col("quantity")?;
        let amount = orderhub_domain::money::line_amount(
            Some(r.decimal("unit_price")?),
            quantity,
            r.opt_decimal("line_total")?,
        )
        .unwrap_or_default();
        let sku: Option<String> = r.col("platform_sku")?;
        let product = sku
            .map(|s| s.trim().to_lowercase())
            .and_then(|code| products.get(&code).cloned());
        out.entry(r.col("order_id")?).or_default().push(LineView {
            title: r.col("title")?,
            platform_sku: r.col("platform_sku")?,
            category_id: r.col("category_id")?,
            quantity,
            amount,
            product,
        });
    }
    Ok(out)
}

/// A catalogue product per product code (lower case) the lines name:
/// (id, title, currency, supplier price), the first by id when two
/// suppliers list one code. Read apart from the lines, so neither backend
/// joins every line to every product.
async fn products_by_code(
    conn: &mut AnyConnection,
    lines: &[AnyRow],
) -> Result<HashMap<String, (String, String, String, Decimal)>> {
    let mut codes = std::collections::BTreeSet::new();
    for r in lines {
        if let Some(sku) = r.col::<Option<String>>("platform_sku")? {
            codes.insert(sku.trim().to_lowercase());
        }
    }
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    let codes: Vec<String> = codes.into_iter().collect();
    let rows = select_in(
        conn,
        "SELECT id, code_key, title, currency, supplier_price FROM products WHERE code_key IN (",
        &codes,
        " ORDER BY id",
    )
    .await?;
    let mut out = HashMap::new();
    for r in &rows {
        let code: String = r.col("code_key")?;
        if let std::collections::hash_map::Entry::Vacant(slot) = out.entry(code) {
            slot.insert((
                r.col("id")?,
                r.col("title")?,
                r.col("currency")?,
                r.decimal("supplier_price")?,
            ));
        }
    }
    Ok(out)
}

/// What refunds recorded on each of `ids` add up to.
async fn refunds_of(conn: &mut AnyConnection, ids: &[String]) -> Result<HashMap<String, Decimal>> {
    let rows = select_in(
        conn,
        "SELECT order_id, amount FROM payments WHERE kind = 'refund' AND order_id IN (",
        ids,
        "",
    )
    .await?;
    let mut out: HashMap<String, Decimal> = HashMap::new();
    for r in &rows {
        *out.entry(r.col("order_id")?).or_default() += r.decimal("amount")?;
    }
    Ok(out)
}

fn order_view(
    row: &AnyRow,
    customer: Option<String>,
    lines: &HashMap<String, Vec<LineView>>,
    refunds: &HashMap<String, Decimal>,
) -> Result<OrderView> {
    let id: String = row.col("id")?;
    let address: Option<Address> = row.opt_json("shipping_address").unwrap_or(None);
    Ok(OrderView {
        at_ms: row
            .col::<Option<i64>>("placed_at")?
            .unwrap_or(row.col("created_at")?),
        platform: row.col("platform")?,
        channel: row.col("channel_key")?,
        currency: row.col("currency")?,
        country: address.as_ref().map(|a| a.country.clone()),
        region: address.and_then(|a| a.region),
        status: row.parsed("status", OrderStatus::parse)?,
        payment: row.parsed("payment_status", PaymentStatus::parse)?,
        total: row.opt_decimal("total_amount")?,
        refunds: refunds.get(&id).copied().unwrap_or_default(),
        customer,
        lines: lines.get(&id).cloned().unwrap_or_default(),
    })
}

/// Moves the stored sums, table by table and key by key in order (only
/// the folder does, [`super::queue`]).
pub(super) async fn apply(conn: &mut AnyConnection, d: Deltas) -> Result<()> {
    let mut customers = Vec::new();
    let (mut amounts, mut lines, mut sales) = (Vec::new(), Vec::new(), Vec::new());
    for (key, v) in d.sums {
        match key {
            Delta::Amount(grain, period, currency, bucket) => amounts.push(vec![
                grain.as_str().into(),
                period.into(),
                currency.into(),
                bucket.into(),
                v[0].into(),
            ]),
            Delta::Line(grain, period, k) => {
                let mut row: Vec<Arg> = vec![
                    grain.as_str().into(),
                    period.into(),
                    k.category.into(),
                    k.product.into(),
                    k.currency.into(),
                    k.cost_currency.into(),
                ];
                row.extend(v.iter().map(|n| Arg::from(*n)));
                lines.push(row);
            }
            Delta::Sales(grain, period, k) => {
                let mut row: Vec<Arg> = vec![
                    grain.as_str().into(),
                    period.into(),
                    k.platform.into(),
                    k.channel.into(),
                    k.country.into(),
                    k.region.into(),
                    k.currency.into(),
                ];
                row.extend(v.iter().map(|n| Arg::from(*n)));
                sales.push(row);
            }
            Delta::Customer(day) => customers.push((day, v[0])),
        }
    }
    upsert(
        conn,
        "stat_amounts (grain, period, currency, bucket, orders)",
        amounts,
        4,
        &["orders"],
    )
    .await?;
    apply_customer_days(conn, customers).await?;
    upsert(
        conn,
        "stat_lines (grain, period, category_id, product_key, currency, cost_currency, lines, quantity, amount, cost, costed)",
        lines,
        6,
        &["lines", "quantity", "amount", "cost", "costed"],
    )
    .await?;
    if !d.labels.is_empty() {
        let rows = d
            .labels
            .into_iter()
            .map(|(k, l)| vec![Arg::from(k), Arg::from(l)])
            .collect();
        run_values(
            conn,
            "INSERT INTO stat_products (product_key, label)",
            rows,
            "ON CONFLICT (product_key) DO UPDATE SET label = excluded.label",
        )
        .await?;
    }
    upsert(
        conn,
        "stat_sales (grain, period, platform, channel_key, country, region, currency, orders, paid, cancelled, amount, refunded)",
        sales,
        7,
        &["orders", "paid", "cancelled", "amount", "refunded"],
    )
    .await
}

/// Adds each row's sums to the stored row with its key (its first `keys`
/// columns), creating it at zero first.
pub(super) async fn upsert(
    conn: &mut AnyConnection,
    table: &str,
    rows: Vec<Vec<Arg>>,
    keys: usize,
    sums: &[&str],
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let name = table.split_whitespace().next().unwrap_or_default();
    let columns: Vec<&str> = table
        .split_once('(')
        .map(|(_, c)| c.trim_end_matches(')'))
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .collect();
    if columns.len() != keys + sums.len() {
        return Err(StoreError::Corrupt(format!("upsert into {name}: columns")));
    }
    let set = sums
        .iter()
        .map(|c| format!("{c} = {name}.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let tail = format!(
        "ON CONFLICT ({}) DO UPDATE SET {set}",
        columns[..keys].join(", ")
    );
    // rows are sorted and unique by key: one statement may not touch a
    // row twice (PostgreSQL refuses), which sorted unique keys guarantee
    run_values(conn, &format!("INSERT INTO {table}"), rows, &tail).await?;
    Ok(())
}
