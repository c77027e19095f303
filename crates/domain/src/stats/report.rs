//! The figures as reported: sums read from the store turned into money,
//! averages, margins and comparisons. Every derived figure is worked out
//! here once; the API, the page and the exports show these.

use super::from_milli;
use crate::ErrorCode;
use crate::validate::ValidationError;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Stored sales sums (money in thousandths).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SalesSums {
    pub orders: i64,
    pub paid: i64,
    pub cancelled: i64,
    pub amount: i64,
    pub refunded: i64,
}

impl std::ops::AddAssign for SalesSums {
    fn add_assign(&mut self, o: Self) {
        self.orders += o.orders;
        self.paid += o.paid;
        self.cancelled += o.cancelled;
        self.amount += o.amount;
        self.refunded += o.refunded;
    }
}

/// Stored line sums (money in thousandths).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineSums {
    pub lines: i64,
    pub quantity: i64,
    pub amount: i64,
    pub cost: i64,
    /// Amount of the lines whose cost is known.
    pub costed: i64,
}

impl std::ops::AddAssign for LineSums {
    fn add_assign(&mut self, o: Self) {
        self.lines += o.lines;
        self.quantity += o.quantity;
        self.amount += o.amount;
        self.cost += o.cost;
        self.costed += o.costed;
    }
}

/// The seller's exchange rates: what one unit of each currency is worth
/// in the reporting currency (which has rate 1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Rates {
    /// The reporting currency, if one is set.
    pub reporting: Option<String>,
    #[schema(value_type = BTreeMap<String, String>)]
    pub rates: BTreeMap<String, Decimal>,
}

/// Most currencies one table of rates holds.
pub const MAX_RATES: usize = 200;

impl Rates {
    /// Checks rates a seller sets: known currencies, each worth more than
    /// 0 and at most 1,000,000 of the reporting currency, which is worth
    /// exactly 1 (added when left out).
    pub fn check(
        reporting: &str,
        rates: BTreeMap<String, Decimal>,
    ) -> Result<Rates, ValidationError> {
        let reporting = crate::money::currency("reporting", reporting)?;
        if rates.len() > MAX_RATES {
            return Err(ValidationError::new(
                "rates",
                ErrorCode::TooMany,
                "at most 200 currencies",
            ));
        }
        let mut out = BTreeMap::new();
        for (currency, rate) in rates {
            let field = format!("rates.{currency}");
            let code = crate::money::currency(&field, &currency)?;
            if rate <= Decimal::ZERO || rate > Decimal::from(1_000_000) {
                return Err(ValidationError::new(
                    field,
                    ErrorCode::OutOfRange,
                    "a rate is more than 0 and at most 1,000,000",
                ));
            }
            if rate.scale() > 10 {
                return Err(ValidationError::new(
                    field,
                    ErrorCode::TooPrecise,
                    "a rate has at most 10 decimals",
                ));
            }
            if code == reporting && rate != Decimal::ONE {
                return Err(ValidationError::new(
                    field,
                    ErrorCode::OutOfRange,
                    "the reporting currency's rate is 1",
                ));
            }
            out.insert(code, rate.normalize());
        }
        out.insert(reporting.clone(), Decimal::ONE);
        Ok(Rates {
            reporting: Some(reporting),
            rates: out,
        })
    }

    /// The currency a sum of `currency` is shown in, and the sum there:
    /// the reporting currency when a rate is known (so one product sold
    /// in dollars and in yen is one row), else the currency itself.
    pub fn fold(&self, currency: &str, milli: i64) -> (String, i64) {
        match (&self.reporting, self.rates.get(currency)) {
            (Some(r), Some(rate)) => {
                let converted = (Decimal::from(milli) * rate).round();
                (r.clone(), converted.to_string().parse().unwrap_or(i64::MAX))
            }
            _ => (currency.to_owned(), milli),
        }
    }

    /// `milli` thousandths of `currency` in the reporting currency, if
    /// its rate is known.
    pub fn convert(&self, milli: i64, currency: &str) -> Option<Decimal> {
        self.rates
            .get(currency)
            .map(|r| (from_milli(milli) * r).round_dp(2))
    }

    /// A cost in `cost_currency` as an amount of `currency`.
    fn cost_in(&self, cost: i64, cost_currency: &str, currency: &str) -> Option<Decimal> {
        if cost_currency == currency {
            return Some(from_milli(cost));
        }
        let (c, s) = (self.rates.get(cost_currency)?, self.rates.get(currency)?);
        (!s.is_zero()).then(|| from_milli(cost) * c / s)
    }
}

/// Money of one currency in a period.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Money {
    pub currency: String,
    pub paid_orders: i64,
    /// What paid orders came to.
    #[schema(value_type = String)]
    pub sales: Decimal,
    #[schema(value_type = String)]
    pub refunded: Decimal,
    /// Sales less refunds.
    #[schema(value_type = String)]
    pub net: Decimal,
    /// Average paid order (客单价); none without paid orders.
    #[schema(value_type = Option<String>)]
    pub average_order: Option<Decimal>,
}

impl Money {
    pub fn new(currency: &str, s: SalesSums) -> Self {
        let sales = from_milli(s.amount);
        let refunded = from_milli(s.refunded);
        Money {
            currency: currency.to_owned(),
            paid_orders: s.paid,
            sales,
            refunded,
            net: sales - refunded,
            average_order: (s.paid > 0).then(|| (sales / Decimal::from(s.paid)).round_dp(2)),
        }
    }

    /// The sums of every currency in the reporting currency; `None` when
    /// no reporting currency is set or a currency present has no rate.
    pub fn reported(per_currency: &BTreeMap<String, SalesSums>, rates: &Rates) -> Option<Money> {
        let reporting = rates.reporting.as_deref()?;
        let (mut sales, mut refunded, mut paid) = (Decimal::ZERO, Decimal::ZERO, 0);
        for (currency, s) in per_currency {
            sales += rates.convert(s.amount, currency)?;
            refunded += rates.convert(s.refunded, currency)?;
            paid += s.paid;
        }
        Some(Money {
            currency: reporting.to_owned(),
            paid_orders: paid,
            sales,
            refunded,
            net: sales - refunded,
            average_order: (paid > 0).then(|| (sales / Decimal::from(paid)).round_dp(2)),
        })
    }
}

/// Distinct customers in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Customers {
    /// Who placed an order (下单用户数).
    pub ordering: i64,
    /// Who paid for one (支付用户数).
    pub paying: i64,
    /// Payers whose first paid order ever is in the period.
    pub new_payers: i64,
    /// Payers who had paid before the period.
    pub returning_payers: i64,
}

/// The headline figures of a period.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Summary {
    /// First day, `YYYY-MM-DD` (UTC).
    pub from: String,
    /// Last day, included.
    pub to: String,
    pub orders: i64,
    pub paid_orders: i64,
    pub cancelled_orders: i64,
    /// Per currency, most sales first.
    pub money: Vec<Money>,
    /// All currencies in the reporting currency, when rates allow.
    pub reported: Option<Money>,
    pub customers: Customers,
}

impl Summary {
    /// The summary of a period from its sums per currency.
    pub fn new(
        range: super::Range,
        per_currency: &BTreeMap<String, SalesSums>,
        customers: Customers,
        rates: &Rates,
    ) -> Self {
        let mut total = SalesSums::default();
        for s in per_currency.values() {
            total += *s;
        }
        let mut money: Vec<Money> = per_currency
            .iter()
            .map(|(c, s)| Money::new(c, *s))
            .collect();
        money.sort_by(|a, b| b.sales.cmp(&a.sales).then(a.currency.cmp(&b.currency)));
        Summary {
            from: iso(range.from),
            to: iso(range.to),
            orders: total.orders,
            paid_orders: total.paid,
            cancelled_orders: total.cancelled,
            money,
            reported: Money::reported(per_currency, rates),
            customers,
        }
    }
}

/// A day number as `YYYY-MM-DD`.
pub fn iso(day: i64) -> String {
    let d = super::date(day);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// One row of a breakdown (by channel, country, region): one currency's
/// orders under one key.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SalesRow {
    /// The key's parts (platform and channel; country and region).
    pub key: Vec<String>,
    pub orders: i64,
    pub paid_orders: i64,
    pub cancelled_orders: i64,
    #[serde(flatten)]
    pub money: Money,
    /// Sales in the reporting currency, when its rate is known.
    #[schema(value_type = Option<String>)]
    pub reported_sales: Option<Decimal>,
}

impl SalesRow {
    pub fn new(key: Vec<String>, currency: &str, s: SalesSums, rates: &Rates) -> Self {
        SalesRow {
            key,
            orders: s.orders,
            paid_orders: s.paid,
            cancelled_orders: s.cancelled,
            money: Money::new(currency, s),
            reported_sales: rates.convert(s.amount, currency),
        }
    }
}

/// Sorts rows by sales in the reporting currency (else by orders), the
/// largest first, and keeps `limit`.
pub fn largest_first(mut rows: Vec<SalesRow>, limit: usize) -> Vec<SalesRow> {
    rows.sort_by(|a, b| {
        b.reported_sales
            .cmp(&a.reported_sales)
            .then(b.orders.cmp(&a.orders))
            .then(a.key.cmp(&b.key))
    });
    rows.truncate(limit);
    rows
}

/// One row of sold goods (by category or product) in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct GoodsRow {
    /// Category id, or the product's key (`p:<id>`, `s:<sku>`, `t:<title>`).
    pub key: String,
    pub label: String,
    pub currency: String,
    pub lines: i64,
    pub quantity: i64,
    #[schema(value_type = String)]
    pub sales: Decimal,
    /// What the lines with a known supplier price cost, in `currency`.
    #[schema(value_type = Option<String>)]
    pub cost: Option<Decimal>,
    /// Sales of the costed lines less their cost (毛利).
    #[schema(value_type = Option<String>)]
    pub gross_margin: Option<Decimal>,
    /// Share of sales whose cost is known, 0–100.
    pub costed_percent: i64,
    #[schema(value_type = Option<String>)]
    pub reported_sales: Option<Decimal>,
}

impl GoodsRow {
    /// A row from its sums per cost currency (lines without a cost under
    /// the empty one).
    pub fn new(
        key: &str,
        label: &str,
        currency: &str,
        by_cost: &BTreeMap<String, LineSums>,
        rates: &Rates,
    ) -> Self {
        let mut all = LineSums::default();
        let mut cost = Some(Decimal::ZERO);
        for (cost_currency, s) in by_cost {
            all += *s;
            if !cost_currency.is_empty() {
                cost = cost
                    .zip(rates.cost_in(s.cost, cost_currency, currency))
                    .map(|(a, b)| a + b);
            }
        }
        let costed = from_milli(all.costed);
        let cost = cost.filter(|_| all.costed != 0).map(|c| c.round_dp(2));
        GoodsRow {
            key: key.to_owned(),
            label: label.to_owned(),
            currency: currency.to_owned(),
            lines: all.lines,
            quantity: all.quantity,
            sales: from_milli(all.amount),
            cost,
            gross_margin: cost.map(|c| costed - c),
            costed_percent: match all.amount {
                0 => 0,
                a => (i128::from(all.costed) * 100 / i128::from(a)) as i64,
            },
            reported_sales: rates.convert(all.amount, currency),
        }
    }
}

/// Orders in one amount band of one currency.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Band {
    pub currency: String,
    #[schema(value_type = String)]
    pub from: Decimal,
    /// Upper edge, not included; none for the last band.
    #[schema(value_type = Option<String>)]
    pub to: Option<Decimal>,
    pub orders: i64,
}

/// One point of the trend: a day, or a month for long periods.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Point {
    /// First day of the point, `YYYY-MM-DD`.
    pub from: String,
    pub orders: i64,
    pub paid_orders: i64,
    /// Sales in the reporting currency (or the one currency there is).
    #[schema(value_type = Option<String>)]
    pub sales: Option<Decimal>,
}

/// The change from `before` to `now` in percent, one decimal; none when
/// there was nothing before.
pub fn change(now: Decimal, before: Decimal) -> Option<Decimal> {
    (!before.is_zero()).then(|| ((now - before) * Decimal::from(100) / before).round_dp(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rates() -> Rates {
        Rates {
            reporting: Some("USD".into()),
            rates: [
                ("USD".into(), Decimal::ONE),
                ("CNY".into(), Decimal::new(14, 2)),
            ]
            .into(),
        }
    }

    #[test]
    fn averages_and_conversions() {
        let s = SalesSums {
            orders: 4,
            paid: 3,
            cancelled: 1,
            amount: 100_000,
            refunded: 10_000,
        };
        let m = Money::new("USD", s);
        assert_eq!(
            (m.sales, m.net, m.average_order),
            (
                Decimal::new(100, 0),
                Decimal::new(90, 0),
                Some(Decimal::new(3333, 2))
            )
        );
        let mut per: BTreeMap<String, SalesSums> = [("USD".to_string(), s)].into();
        per.insert(
            "CNY".into(),
            SalesSums {
                paid: 1,
                amount: 700_000,
                ..Default::default()
            },
        );
        let r = Money::reported(&per, &rates()).unwrap();
        assert_eq!(r.sales, Decimal::new(198, 0));
        per.insert("EUR".into(), s);
        assert!(
            Money::reported(&per, &rates()).is_none(),
            "no EUR rate: no total"
        );
        assert_eq!(
            change(Decimal::new(150, 0), Decimal::new(100, 0)),
            Some(Decimal::new(500, 1))
        );
        assert_eq!(change(Decimal::ONE, Decimal::ZERO), None);
    }

    #[test]
    fn margin_counts_only_costed_lines_and_converts_the_cost() {
        let by: BTreeMap<String, LineSums> = [
            (
                "".to_string(),
                LineSums {
                    lines: 1,
                    quantity: 1,
                    amount: 50_000,
                    cost: 0,
                    costed: 0,
                },
            ),
            (
                "CNY".to_string(),
                LineSums {
                    lines: 1,
                    quantity: 2,
                    amount: 30_000,
                    cost: 100_000,
                    costed: 30_000,
                },
            ),
        ]
        .into();
        let g = GoodsRow::new("k", "Mugs", "USD", &by, &rates());
        assert_eq!(g.cost, Some(Decimal::new(14, 0)));
        assert_eq!(g.gross_margin, Some(Decimal::new(16, 0)));
        assert_eq!(g.costed_percent, 37);
        let none = GoodsRow::new("k", "Mugs", "EUR", &by, &rates());
        assert_eq!(none.cost, None, "no EUR rate");
    }
}

/// Everything the statistics page shows for a period.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Report {
    pub period: super::Period,
    pub current: Summary,
    /// The period compared with ([`super::Period::previous`]).
    pub previous: Summary,
    /// By platform and channel.
    pub channels: Vec<SalesRow>,
    /// By shipping country (none: no address).
    pub countries: Vec<SalesRow>,
    /// By country and region, the 50 largest.
    pub regions: Vec<SalesRow>,
    pub categories: Vec<GoodsRow>,
    /// Best sellers by sales, the 20 largest.
    pub products_by_sales: Vec<GoodsRow>,
    /// Best sellers by units, the 20 largest.
    pub products_by_quantity: Vec<GoodsRow>,
    /// Paid orders by amount band, per currency.
    pub distribution: Vec<Band>,
    /// Days (up to 92 days) or months.
    pub series: Vec<Point>,
    pub rates: Rates,
}
