//! Reading the figures of a period from the stored sums.

use crate::db::Store;
use crate::error::Result;
use crate::rows::{RowExt, now_ms};
use orderhub_domain::stats::{
    Bands, Customers, Grain, LineSums, Period, Point, Range, Rates, Report, SalesKey, SalesRow,
    SalesSums, Span, Summary, from_milli, iso, largest_first, month_of, month_start,
};
use rust_decimal::Decimal;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;

/// Longest period shown day by day; longer ones by month.
const DAILY_UP_TO: i64 = 92;

/// `(grain = … AND period BETWEEN … AND …) OR …` for `spans`, with its
/// placeholders numbered from `$1`.
fn within(spans: &[Span]) -> (String, Vec<(String, i64, i64)>) {
    let sql = (0..spans.len())
        .map(|i| {
            format!(
                "(grain = ${} AND period BETWEEN ${} AND ${})",
                3 * i + 1,
                3 * i + 2,
                3 * i + 3
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    let binds = spans
        .iter()
        .map(|s| (s.grain.as_str().to_owned(), s.from, s.to))
        .collect();
    (format!("({sql})"), binds)
}

pub(super) fn sum(col: &str) -> String {
    format!("CAST(SUM({col}) AS BIGINT) AS {col}")
}

fn sales_sums(r: &AnyRow) -> Result<SalesSums> {
    Ok(SalesSums {
        orders: r.col("orders")?,
        paid: r.col("paid")?,
        cancelled: r.col("cancelled")?,
        amount: r.col("amount")?,
        refunded: r.col("refunded")?,
    })
}

pub(super) fn line_sums(r: &AnyRow) -> Result<LineSums> {
    Ok(LineSums {
        lines: r.col("lines")?,
        quantity: r.col("quantity")?,
        amount: r.col("amount")?,
        cost: r.col("cost")?,
        costed: r.col("costed")?,
    })
}

impl Store {
    /// Runs `SELECT {select} FROM {table} WHERE <range> {extra} GROUP BY
    /// {group}`, with `extra`'s placeholders bound to `more`.
    pub(super) async fn sums(
        &self,
        table: &str,
        select: &str,
        spans: &[Span],
        extra: &str,
        more: &[i64],
        group: &str,
    ) -> Result<Vec<AnyRow>> {
        let (cond, binds) = within(spans);
        let extra = extra.replace("$N", &format!("${}", binds.len() * 3 + 1));
        let group = if group.is_empty() {
            String::new()
        } else {
            format!(" GROUP BY {group}")
        };
        let sql = format!("SELECT {select} FROM {table} WHERE {cond}{extra}{group}");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (grain, from, to) in binds {
            q = q.bind(grain).bind(from).bind(to);
        }
        for m in more {
            q = q.bind(*m);
        }
        Ok(q.fetch_all(&self.read).await?)
    }

    /// Sales sums per currency over `range`.
    pub async fn sales_by_currency(&self, range: Range) -> Result<BTreeMap<String, SalesSums>> {
        let select = format!(
            "currency, {}, {}, {}, {}, {}",
            sum("orders"),
            sum("paid"),
            sum("cancelled"),
            sum("amount"),
            sum("refunded")
        );
        let rows = self
            .sums("stat_sales", &select, &range.spans(), "", &[], "currency")
            .await?;
        rows.iter()
            .map(|r| Ok((r.col("currency")?, sales_sums(r)?)))
            .collect()
    }

    /// Distinct customers over `range` ([`crate::statistics`]).
    pub async fn customers_in(&self, range: Range) -> Result<Customers> {
        let spans = range.spans();
        // one pass: every customer once (its first day in the range), and
        // the new payers among them (no day before at all)
        let rows = self
            .sums(
                "stat_customers",
                "kind, CAST(SUM(n) AS BIGINT) AS n, \
                 CAST(SUM(CASE WHEN prev_day = -1 THEN n ELSE 0 END) AS BIGINT) AS first",
                &spans,
                " AND prev_day < $N",
                &[range.from],
                "kind",
            )
            .await?;
        let mut c = Customers::default();
        for r in &rows {
            match r.col::<String>("kind")?.as_str() {
                "ordered" => c.ordering = r.col("n")?,
                _ => (c.paying, c.new_payers) = (r.col("n")?, r.col("first")?),
            }
        }
        c.returning_payers = c.paying - c.new_payers;
        Ok(c)
    }

    /// The headline figures of `range`.
    pub async fn summary(&self, range: Range, rates: &Rates) -> Result<Summary> {
        let per = self.sales_by_currency(range).await?;
        Ok(Summary::new(
            range,
            &per,
            self.customers_in(range).await?,
            rates,
        ))
    }

    /// The seller's exchange rates.
    pub async fn rates(&self) -> Result<Rates> {
        let rows =
            sqlx::query("SELECT currency, rate, reporting FROM exchange_rates ORDER BY currency")
                .fetch_all(&self.read)
                .await?;
        let mut rates = Rates::default();
        for r in &rows {
            let currency: String = r.col("currency")?;
            if r.flag("reporting")? {
                rates.reporting = Some(currency.clone());
            }
            rates.rates.insert(currency, r.decimal("rate")?);
        }
        Ok(rates)
    }

    /// Replaces the reporting currency and exchange rates with `rates`
    /// (checked: [`Rates::check`]).
    pub async fn set_rates(&self, rates: &Rates) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM exchange_rates")
            .execute(&mut *tx)
            .await?;
        for (currency, rate) in &rates.rates {
            sqlx::query("INSERT INTO exchange_rates (currency, rate, reporting, updated_at) VALUES ($1, $2, $3, $4)")
                .bind(currency)
                .bind(rate.to_string())
                .bind(i64::from(rates.reporting.as_deref() == Some(currency.as_str())))
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Everything the statistics page shows for `range` of `period`.
    pub async fn report(
        &self,
        period: Period,
        range: Range,
        bands: Option<&Bands>,
    ) -> Result<Report> {
        self.fold_statistics().await?;
        let rates = self.rates().await?;
        let spans = range.spans();
        let previous = period.previous(range);
        // independent reads, side by side on the read pool
        let (keyed, customers, before, goods, distribution, series, channel_names) = tokio::try_join!(
            self.sales_keyed(&spans),
            self.customers_in(range),
            self.summary(previous, &rates),
            self.goods(&spans, &rates),
            self.distribution(&spans, bands, &rates),
            self.series(range, &rates),
            self.names("SELECT id, name FROM channels"),
        )?;
        let mut per_currency: BTreeMap<String, SalesSums> = BTreeMap::new();
        let mut channels: BTreeMap<(Vec<String>, String), SalesSums> = BTreeMap::new();
        let mut countries = BTreeMap::new();
        let mut regions = BTreeMap::new();
        for (k, s) in keyed {
            *per_currency.entry(k.currency.clone()).or_default() += s;
            // shown in the reporting currency where a rate converts it
            let (shown, amount) = rates.fold(&k.currency, s.amount);
            let s = SalesSums {
                amount,
                refunded: rates.fold(&k.currency, s.refunded).1,
                ..s
            };
            let channel = channel_names.get(&k.channel).cloned().unwrap_or(k.channel);
            *channels
                .entry((vec![k.platform, channel], shown.clone()))
                .or_default() += s;
            *countries
                .entry((vec![k.country.clone()], shown.clone()))
                .or_default() += s;
            *regions
                .entry((vec![k.country, k.region], shown))
                .or_default() += s;
        }
        let rows = |m: BTreeMap<(Vec<String>, String), SalesSums>, limit| {
            let rows = m
                .into_iter()
                .map(|((k, c), s)| SalesRow::new(k, &c, s, &rates))
                .collect();
            largest_first(rows, limit)
        };
        let (categories, products_by_sales, products_by_quantity) = goods;
        Ok(Report {
            period,
            current: Summary::new(range, &per_currency, customers, &rates),
            previous: before,
            channels: rows(channels, 100),
            countries: rows(countries, 250),
            regions: rows(regions, 50),
            categories,
            products_by_sales,
            products_by_quantity,
            distribution,
            series,
            rates,
        })
    }

    /// Sales sums over `spans` per platform, channel, country, region and
    /// currency: every breakdown of the page from one read.
    async fn sales_keyed(&self, spans: &[Span]) -> Result<Vec<(SalesKey, SalesSums)>> {
        let select = format!(
            "platform, channel_key, country, region, currency, {}, {}, {}, {}, {}",
            sum("orders"),
            sum("paid"),
            sum("cancelled"),
            sum("amount"),
            sum("refunded")
        );
        let group = "platform, channel_key, country, region, currency";
        let rows = self
            .sums("stat_sales", &select, spans, "", &[], group)
            .await?;
        rows.iter()
            .map(|r| {
                let key = SalesKey {
                    platform: r.col("platform")?,
                    channel: r.col("channel_key")?,
                    country: r.col("country")?,
                    region: r.col("region")?,
                    currency: r.col("currency")?,
                };
                Ok((key, sales_sums(r)?))
            })
            .collect()
    }

    /// The trend: each day of a short period, each month of a long one.
    async fn series(&self, range: Range, rates: &Rates) -> Result<Vec<Point>> {
        let daily = range.days() <= DAILY_UP_TO;
        let spans = match daily {
            true => vec![Span {
                grain: Grain::Day,
                from: range.from,
                to: range.to,
            }],
            false => range.spans(),
        };
        let select = format!(
            "grain, period, currency, {}, {}, {}",
            sum("orders"),
            sum("paid"),
            sum("amount")
        );
        let rows = self
            .sums(
                "stat_sales",
                &select,
                &spans,
                "",
                &[],
                "grain, period, currency",
            )
            .await?;
        let start = |grain: &str, period: i64| match (daily, grain) {
            (true, _) => period,
            (false, "m") => month_start(period),
            (false, _) => month_start(month_of(period)),
        };
        let currencies: std::collections::BTreeSet<String> = rows
            .iter()
            .map(|r| r.col::<String>("currency"))
            .collect::<Result<_>>()?;
        let single = (currencies.len() == 1 && rates.reporting.is_none())
            .then(|| currencies.first().cloned())
            .flatten();
        let mut points: BTreeMap<i64, (i64, i64, Option<Decimal>)> = BTreeMap::new();
        let mut d = range.from;
        while d <= range.to {
            points.insert(start("d", d), (0, 0, Some(Decimal::ZERO)));
            d = if daily {
                d + 1
            } else {
                month_start(month_of(d) + 1)
            };
        }
        for r in &rows {
            let key = start(&r.col::<String>("grain")?, r.col("period")?);
            let currency: String = r.col("currency")?;
            let amount: i64 = r.col("amount")?;
            let sales = match &single {
                Some(_) => Some(from_milli(amount)),
                None => rates.convert(amount, &currency),
            };
            let p = points.entry(key).or_insert((0, 0, Some(Decimal::ZERO)));
            p.0 += r.col::<i64>("orders")?;
            p.1 += r.col::<i64>("paid")?;
            p.2 = p.2.zip(sales).map(|(a, b)| a + b);
        }
        let any_money = single.is_some() || rates.reporting.is_some();
        Ok(points
            .into_iter()
            .map(|(day, (orders, paid, sales))| Point {
                from: iso(day),
                orders,
                paid_orders: paid,
                sales: sales.filter(|_| any_money),
            })
            .collect())
    }

    /// Today as a day number (UTC).
    pub fn today() -> i64 {
        orderhub_domain::stats::day_of(now_ms())
    }
}
