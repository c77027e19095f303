//! The figures worked out again from the orders themselves, the slow
//! way, to prove the kept sums right (`orderhub stats check`, and the
//! tests after random intake, cancellations and refunds).

use crate::db::Store;
use crate::error::Result;
use crate::rows::RowExt;
use orderhub_domain::model::Address;
use orderhub_domain::stats::{DAY_MS, Range, SalesSums, WorkSums, bucket, milli};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

type Key = Vec<String>;

/// What both ways give, keyed alike, for comparison.
#[derive(Debug, Default, PartialEq, Eq)]
struct Figures {
    /// (platform, channel, country, region, currency) → sums.
    sales: BTreeMap<Key, [i64; 5]>,
    /// (category, product, currency, cost currency) → lines, quantity,
    /// amount, cost, costed.
    lines: BTreeMap<Key, [i64; 5]>,
    /// (currency, bucket) → paid orders.
    amounts: BTreeMap<Key, i64>,
    /// ordering, paying, new payers.
    customers: [i64; 3],
    /// (supplier, category) → assigned, accepted, accept ms, rejected,
    /// shipped, with due, on time, lead ms, cases.
    work: BTreeMap<Key, [i64; 9]>,
    /// (supplier, category, lead hours) → shipments.
    leads: BTreeMap<Key, i64>,
}

const PAID: &str = "('paid', 'partially_refunded', 'refunded')";

impl Store {
    /// Every difference between the kept sums of `range` and the same
    /// figures counted from the orders; empty when they agree.
    pub async fn check_statistics(&self, range: Range) -> Result<Vec<String>> {
        self.fold_statistics().await?;
        let kept = self.kept(range).await?;
        let counted = self.counted(range).await?;
        let mut out = Vec::new();
        let mut compare = |what: &str, a: &BTreeMap<Key, [i64; 5]>, b: &BTreeMap<Key, [i64; 5]>| {
            for k in a.keys().chain(b.keys()) {
                let (x, y) = (
                    a.get(k).copied().unwrap_or_default(),
                    b.get(k).copied().unwrap_or_default(),
                );
                if x != y {
                    out.push(format!("{what} {k:?}: kept {x:?}, counted {y:?}"));
                }
            }
        };
        compare("sales", &kept.sales, &counted.sales);
        compare("lines", &kept.lines, &counted.lines);
        let widen = |m: &BTreeMap<Key, i64>| {
            m.iter()
                .map(|(k, v)| (k.clone(), [*v, 0, 0, 0, 0]))
                .collect()
        };
        compare("amounts", &widen(&kept.amounts), &widen(&counted.amounts));
        let leads = |m: &BTreeMap<Key, i64>| {
            m.iter()
                .map(|(k, v)| (k.clone(), [*v, 0, 0, 0, 0]))
                .collect()
        };
        compare("leads", &leads(&kept.leads), &leads(&counted.leads));
        let mut work_diffs = Vec::new();
        for k in kept.work.keys().chain(counted.work.keys()) {
            let (x, y) = (kept.work.get(k), counted.work.get(k));
            if x != y {
                work_diffs.push(format!("work {k:?}: kept {x:?}, counted {y:?}"));
            }
        }
        out.extend(work_diffs);
        if kept.customers != counted.customers {
            out.push(format!(
                "customers: kept {:?}, counted {:?}",
                kept.customers, counted.customers
            ));
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    async fn kept(&self, range: Range) -> Result<Figures> {
        let spans = range.spans();
        let mut f = Figures::default();
        let sums = |cols: &[&str]| {
            cols.iter()
                .map(|c| format!("CAST(SUM({c}) AS BIGINT) AS {c}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let keys = ["platform", "channel_key", "country", "region", "currency"];
        let vals = ["orders", "paid", "cancelled", "amount", "refunded"];
        let select = format!("{}, {}", keys.join(", "), sums(&vals));
        for r in self
            .sums("stat_sales", &select, &spans, "", &[], &keys.join(", "))
            .await?
        {
            let k = keys.iter().map(|c| r.col(c)).collect::<Result<Key>>()?;
            let v = vals
                .iter()
                .map(|c| r.col(c))
                .collect::<Result<Vec<i64>>>()?;
            f.sales.insert(k, v.try_into().unwrap_or_default());
        }
        let keys = ["category_id", "product_key", "currency", "cost_currency"];
        let vals = ["lines", "quantity", "amount", "cost", "costed"];
        let select = format!("{}, {}", keys.join(", "), sums(&vals));
        for r in self
            .sums("stat_lines", &select, &spans, "", &[], &keys.join(", "))
            .await?
        {
            let k = keys.iter().map(|c| r.col(c)).collect::<Result<Key>>()?;
            let v = vals
                .iter()
                .map(|c| r.col(c))
                .collect::<Result<Vec<i64>>>()?;
            f.lines.insert(k, v.try_into().unwrap_or_default());
        }
        let select = format!("currency, bucket, {}", sums(&["orders"]));
        for r in self
            .sums("stat_amounts", &select, &spans, "", &[], "currency, bucket")
            .await?
        {
            f.amounts.insert(
                vec![r.col("currency")?, r.col::<i64>("bucket")?.to_string()],
                r.col("orders")?,
            );
        }
        let c = self.customers_in(range).await?;
        f.customers = [c.ordering, c.paying, c.new_payers];
        let select = format!("supplier_id, category_id, {}", sums(&WorkSums::COLUMNS));
        for r in self
            .sums(
                "stat_suppliers",
                &select,
                &spans,
                "",
                &[],
                "supplier_id, category_id",
            )
            .await?
        {
            let v = WorkSums::COLUMNS
                .iter()
                .map(|c| r.col(c))
                .collect::<Result<Vec<i64>>>()?;
            f.work.insert(
                vec![r.col("supplier_id")?, r.col("category_id")?],
                v.try_into().unwrap_or_default(),
            );
        }
        let select = "supplier_id, category_id, hours, CAST(SUM(n) AS BIGINT) AS n";
        for r in self
            .sums(
                "stat_lead",
                select,
                &spans,
                "",
                &[],
                "supplier_id, category_id, hours",
            )
            .await?
        {
            let k = vec![
                r.col("supplier_id")?,
                r.col("category_id")?,
                r.col::<i64>("hours")?.to_string(),
            ];
            f.leads.insert(k, r.col("n")?);
        }
        f.work.retain(|_, v| v.iter().any(|n| *n != 0));
        f.leads.retain(|_, v| *v != 0);
        f.sales.retain(|_, v| v.iter().any(|n| *n != 0));
        f.lines.retain(|_, v| v.iter().any(|n| *n != 0));
        f.amounts.retain(|_, v| *v != 0);
        Ok(f)
    }

    async fn counted(&self, range: Range) -> Result<Figures> {
        let (from, to) = (range.from * DAY_MS, (range.to + 1) * DAY_MS);
        let at = "COALESCE(o.placed_at, o.created_at)";
        let orders = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT o.id, o.platform, o.channel_key, o.currency, o.total_amount, o.status, o.shipping_address, \
             o.payment_status FROM orders o WHERE {at} >= $1 AND {at} < $2"
        )))
        .bind(from)
        .bind(to)
        .fetch_all(&self.read)
        .await?;
        let mut refunds: BTreeMap<String, Decimal> = BTreeMap::new();
        for r in sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT p.order_id, p.amount FROM payments p JOIN orders o ON o.id = p.order_id \
             WHERE p.kind = 'refund' AND {at} >= $1 AND {at} < $2"
        )))
        .bind(from)
        .bind(to)
        .fetch_all(&self.read)
        .await?
        {
            *refunds.entry(r.col("order_id")?).or_default() += r.decimal("amount")?;
        }
        let mut line_sum: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut f = Figures::default();
        for r in sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT o.id, o.currency, l.category_id, l.platform_sku, l.title, l.quantity, l.unit_price, l.line_total, \
             o.payment_status, p.id AS product_id, p.currency AS cost_currency, p.supplier_price \
             FROM order_lines l JOIN orders o ON o.id = l.order_id \
             LEFT JOIN products p ON p.id = (SELECT MIN(q.id) FROM products q WHERE q.code_key = LOWER(TRIM(l.platform_sku))) \
             WHERE l.removed_at IS NULL AND l.no_task IS NULL AND {at} >= $1 AND {at} < $2"
        )))
        .bind(from)
        .bind(to)
        .fetch_all(&self.read)
        .await?
        {
            let quantity: i64 = r.col("quantity")?;
            let amount = match r.opt_decimal("line_total")? {
                Some(t) => t,
                None => r.decimal("unit_price")? * Decimal::from(quantity),
            };
            *line_sum.entry(r.col("id")?).or_default() += amount;
            let status: String = r.col("payment_status")?;
            if !PAID.contains(&format!("'{status}'")) {
                continue;
            }
            let sku: Option<String> = r.col("platform_sku")?;
            let product = match (r.col::<Option<String>>("product_id")?, sku.map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty())) {
                (Some(id), _) => format!("p:{id}"),
                (None, Some(sku)) => format!("s:{sku}"),
                (None, None) => format!("t:{}", r.col::<String>("title")?.trim().to_lowercase()),
            };
            let cost_currency: Option<String> = r.col("cost_currency")?;
            let cost = match &cost_currency {
                Some(_) => milli(r.decimal("supplier_price")? * Decimal::from(quantity)),
                None => 0,
            };
            let key = vec![
                r.col::<Option<String>>("category_id")?.unwrap_or_default(),
                product,
                r.col("currency")?,
                cost_currency.clone().unwrap_or_default(),
            ];
            let v = f.lines.entry(key).or_default();
            let costed = if cost_currency.is_some() { milli(amount) } else { 0 };
            for (s, n) in v.iter_mut().zip([1, quantity, milli(amount), cost, costed]) {
                *s += n;
            }
        }
        for r in &orders {
            let id: String = r.col("id")?;
            let status: String = r.col("payment_status")?;
            let paid = PAID.contains(&format!("'{status}'"));
            let amount = r
                .opt_decimal("total_amount")?
                .unwrap_or_else(|| line_sum.get(&id).copied().unwrap_or_default());
            let refunded = match (status.as_str(), refunds.get(&id)) {
                (_, Some(r)) => *r,
                ("refunded", None) => amount,
                _ => Decimal::ZERO,
            };
            let address: Option<Address> = r.opt_json("shipping_address").unwrap_or(None);
            let up = |t: Option<&str>| t.map(|t| t.trim().to_uppercase()).unwrap_or_default();
            let currency: String = r.col("currency")?;
            let key = vec![
                r.col("platform")?,
                r.col("channel_key")?,
                up(address.as_ref().map(|a| a.country.as_str())),
                up(address.as_ref().and_then(|a| a.region.as_deref())),
                currency.clone(),
            ];
            let p = i64::from(paid);
            let s = SalesSums {
                orders: 1,
                paid: p,
                cancelled: i64::from(r.col::<String>("status")? == "cancelled"),
                amount: p * milli(amount),
                refunded: p * milli(refunded),
            };
            let v = f.sales.entry(key).or_default();
            for (x, n) in v
                .iter_mut()
                .zip([s.orders, s.paid, s.cancelled, s.amount, s.refunded])
            {
                *x += n;
            }
            if paid {
                *f.amounts
                    .entry(vec![currency, bucket(milli(amount)).to_string()])
                    .or_default() += 1;
            }
        }
        let distinct = |cond: &str| {
            format!(
                "SELECT COUNT(DISTINCT o.customer_id) FROM orders o WHERE o.customer_id IS NOT NULL {cond} AND {at} >= $1 AND {at} < $2"
            )
        };
        let count = |sql: String| async move {
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
                .bind(from)
                .bind(to)
                .fetch_one(&self.read)
                .await
        };
        let ordering = count(distinct("")).await?;
        let paying = count(distinct(&format!("AND o.payment_status IN {PAID}"))).await?;
        let new = count(format!(
            "SELECT COUNT(*) FROM (SELECT o.customer_id, MIN({at}) AS first FROM orders o \
             WHERE o.customer_id IS NOT NULL AND o.payment_status IN {PAID} GROUP BY o.customer_id) t \
             WHERE t.first >= $1 AND t.first < $2"
        ))
        .await?;
        f.customers = [ordering, paying, new];
        self.count_work(&mut f, from, to).await?;
        Ok(f)
    }

    /// Suppliers' work counted from the task events of `[from, to)`.
    async fn count_work(&self, f: &mut Figures, from: i64, to: i64) -> Result<()> {
        let rows = sqlx::query(
            "SELECT e.kind, e.to_status, e.created_at, t.supplier_id, t.category_id, t.created_at AS assigned, t.due_at \
             FROM events e JOIN tasks t ON t.id = e.task_id WHERE e.created_at >= $1 AND e.created_at < $2 \
             AND (e.kind IN ('task.routed', 'case.opened') \
                  OR (e.kind = 'task.status_changed' AND e.to_status IN ('accepted', 'rejected', 'shipped')))",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            let (kind, to_status): (String, Option<String>) = (r.col("kind")?, r.col("to_status")?);
            let (at, assigned, due): (i64, i64, Option<i64>) =
                (r.col("created_at")?, r.col("assigned")?, r.col("due_at")?);
            let key = vec![r.col("supplier_id")?, r.col("category_id")?];
            let since = (at - assigned).max(0);
            let v = f.work.entry(key.clone()).or_default();
            match (kind.as_str(), to_status.as_deref()) {
                ("task.routed", _) => v[0] += 1,
                ("case.opened", _) => v[8] += 1,
                (_, Some("accepted")) => (v[1], v[2]) = (v[1] + 1, v[2] + since),
                (_, Some("rejected")) => v[3] += 1,
                _ => {
                    (v[4], v[7]) = (v[4] + 1, v[7] + since);
                    if let Some(due) = due {
                        (v[5], v[6]) = (v[5] + 1, v[6] + i64::from(at <= due));
                    }
                    let mut k = key;
                    k.push(bucket(since / 3_600_000).to_string());
                    *f.leads.entry(k).or_default() += 1;
                }
            }
        }
        Ok(())
    }
}

impl Store {
    /// The headline of `range` counted from the orders table itself —
    /// orders, paid orders, distinct paying customers — as a page would
    /// without kept sums: what `orderhub bench stats` compares with.
    pub async fn headline_from_orders(&self, range: Range) -> Result<(i64, i64, i64)> {
        let (from, to) = (range.from * DAY_MS, (range.to + 1) * DAY_MS);
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS orders, \
             CAST(COALESCE(SUM(CASE WHEN payment_status IN {PAID} THEN 1 ELSE 0 END), 0) AS BIGINT) AS paid, \
             COUNT(DISTINCT CASE WHEN payment_status IN {PAID} THEN customer_id END) AS payers \
             FROM orders WHERE COALESCE(placed_at, created_at) >= $1 AND COALESCE(placed_at, created_at) < $2"
        )))
        .bind(from)
        .bind(to)
        .fetch_one(&self.read)
        .await?;
        Ok((row.col("orders")?, row.col("paid")?, row.col("payers")?))
    }
}
