//! Sold goods (by category and best sellers) and the amount bands of a
//! period, read from the kept sums.

use super::figures::{line_sums, sum};
use crate::db::Store;
use crate::error::Result;
use crate::rows::RowExt;
use orderhub_domain::stats::{Band, Bands, GoodsRow, LineSums, Rates, Span, from_milli};
use sqlx::any::AnyRow;
use std::collections::{BTreeMap, HashMap};

impl Store {
    pub(super) async fn names(&self, sql: &'static str) -> Result<HashMap<String, String>> {
        let rows = sqlx::query(sql).fetch_all(&self.read).await?;
        rows.iter()
            .map(|r| Ok((r.col("id")?, r.col("name")?)))
            .collect()
    }

    /// Sold goods by category, and the best sellers by sales and by units.
    pub(super) async fn goods(
        &self,
        spans: &[Span],
        rates: &Rates,
    ) -> Result<(Vec<GoodsRow>, Vec<GoodsRow>, Vec<GoodsRow>)> {
        let lines = format!(
            "{}, {}, {}, {}, {}",
            sum("lines"),
            sum("quantity"),
            sum("amount"),
            sum("cost"),
            sum("costed")
        );
        let group = |rows: &[AnyRow],
                     key: &str|
         -> Result<BTreeMap<(String, String), BTreeMap<String, LineSums>>> {
            let mut out: BTreeMap<(String, String), BTreeMap<String, LineSums>> = BTreeMap::new();
            for r in rows {
                let mut sums = line_sums(r)?;
                let currency: String = r.col("currency")?;
                let (shown, amount) = rates.fold(&currency, sums.amount);
                sums.amount = amount;
                sums.costed = rates.fold(&currency, sums.costed).1;
                let k = (r.col::<String>(key)?, shown);
                *out.entry(k)
                    .or_default()
                    .entry(r.col("cost_currency")?)
                    .or_default() += sums;
            }
            Ok(out)
        };
        let names = self.names("SELECT id, name FROM categories").await?;
        let rows = self
            .sums(
                "stat_lines",
                &format!("category_id, currency, cost_currency, {lines}"),
                spans,
                "",
                &[],
                "category_id, currency, cost_currency",
            )
            .await?;
        let mut categories: Vec<GoodsRow> = group(&rows, "category_id")?
            .iter()
            .map(|((k, c), by)| {
                GoodsRow::new(k, names.get(k).map_or("", String::as_str), c, by, rates)
            })
            .collect();
        categories.sort_by(|a, b| {
            b.reported_sales
                .cmp(&a.reported_sales)
                .then(b.quantity.cmp(&a.quantity))
        });
        let rows = self
            .sums(
                "stat_lines",
                &format!("product_key, currency, cost_currency, {lines}"),
                spans,
                "",
                &[],
                "product_key, currency, cost_currency",
            )
            .await?;
        let products: Vec<GoodsRow> = group(&rows, "product_key")?
            .iter()
            .map(|((k, c), by)| GoodsRow::new(k, "", c, by, rates))
            .collect();
        let top = |mut rows: Vec<GoodsRow>, by_units: bool| {
            rows.sort_by(|a, b| {
                match by_units {
                    true => b.quantity.cmp(&a.quantity).then(b.sales.cmp(&a.sales)),
                    false => b
                        .reported_sales
                        .cmp(&a.reported_sales)
                        .then(b.sales.cmp(&a.sales)),
                }
                .then(a.key.cmp(&b.key))
            });
            rows.truncate(20);
            rows
        };
        let mut by_sales = top(products.clone(), false);
        let mut by_units = top(products, true);
        self.label(&mut by_sales).await?;
        self.label(&mut by_units).await?;
        Ok((categories, by_sales, by_units))
    }

    /// Names the best sellers, in one query.
    async fn label(&self, rows: &mut [GoodsRow]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "SELECT product_key, label FROM stat_products WHERE product_key IN ({})",
            crate::rows::placeholders(1, rows.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in rows.iter() {
            q = q.bind(&row.key);
        }
        let labels: HashMap<String, String> = q
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| Ok((r.col("product_key")?, r.col("label")?)))
            .collect::<Result<_>>()?;
        for row in rows {
            row.label = labels.get(&row.key).cloned().unwrap_or_default();
        }
        Ok(())
    }

    /// Paid orders per band, per currency; in the reporting currency for
    /// those with a rate (each bucket converted: an order within a tenth
    /// of a band's edge may fall in the band beside).
    pub(super) async fn distribution(
        &self,
        spans: &[Span],
        bands: Option<&Bands>,
        rates: &Rates,
    ) -> Result<Vec<Band>> {
        let rows = self
            .sums(
                "stat_amounts",
                "currency, bucket, CAST(SUM(orders) AS BIGINT) AS orders",
                spans,
                "",
                &[],
                "currency, bucket",
            )
            .await?;
        let mut per: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
        for r in &rows {
            let currency: String = r.col("currency")?;
            let (shown, bucket) = rates.fold(&currency, r.col("bucket")?);
            per.entry(shown)
                .or_default()
                .push((bucket, r.col("orders")?));
        }
        let mut out = Vec::new();
        for (currency, buckets) in per {
            let bands = bands
                .cloned()
                .unwrap_or_else(|| Bands::default_for(&currency));
            for (from, to, orders) in bands.count(&buckets) {
                out.push(Band {
                    currency: currency.clone(),
                    from: from_milli(from),
                    to: to.map(from_milli),
                    orders,
                });
            }
        }
        Ok(out)
    }
}
