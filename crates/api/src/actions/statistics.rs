//! A statistics request as the API and the page both take it: the
//! period, the dates of a custom one, the amount bands; and the report's
//! tables as spreadsheets.

use crate::export::{Cell, Sheet};
use crate::problem::ApiError;
use orderhub_domain::ErrorCode;
use orderhub_domain::ValidationError;
use orderhub_domain::stats::{Bands, GoodsRow, Period, Range, Report, SalesRow, ScoreReport, day};
use rust_decimal::Decimal;
use serde::Deserialize;

/// `?period=30d` (or `custom` with `from` and `to`, `YYYY-MM-DD`), and
/// optional amount band edges `bands=50,100,200`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// `today`, `7d`, `30d` (default), `90d`, `month`, `quarter`, `year`, `custom`.
    #[serde(default, deserialize_with = "crate::extract::empty_as_none")]
    pub period: Option<Period>,
    /// First day of a custom period, `YYYY-MM-DD` (UTC).
    #[serde(default, deserialize_with = "crate::extract::empty_as_none")]
    pub from: Option<String>,
    /// Last day of a custom period, included.
    #[serde(default, deserialize_with = "crate::extract::empty_as_none")]
    pub to: Option<String>,
    /// Edges of the order amount bands, ascending, at most two
    /// significant figures each: `50,100,200`.
    #[serde(default, deserialize_with = "crate::extract::empty_as_none")]
    pub bands: Option<String>,
}

fn date(field: &str, text: &str) -> Result<i64, ValidationError> {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), f).map(day).map_err(|_| {
        ValidationError::new(
            field,
            ErrorCode::InvalidDate,
            "a date is written YYYY-MM-DD",
        )
    })
}

impl StatsQuery {
    /// The period, its days and the bands asked for.
    pub fn read(&self, today: i64) -> Result<(Period, Range, Option<Bands>), ApiError> {
        let period = self.period.unwrap_or(Period::Last30);
        let custom = match (&self.from, &self.to) {
            (Some(f), Some(t)) => Some(Range {
                from: date("from", f)?,
                to: date("to", t)?,
            }),
            (Some(_), None) if period == Period::Custom => {
                return Err(ValidationError::new(
                    "to",
                    ErrorCode::Required,
                    "a custom period needs a last day",
                )
                .into());
            }
            _ => None,
        };
        let range = period.range(today, custom)?;
        let bands = self
            .bands
            .as_deref()
            .map(|b| Bands::parse("bands", b))
            .transpose()?;
        Ok((period, range, bands))
    }
}

/// The tables a report exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    Summary,
    Channels,
    Countries,
    Regions,
    Categories,
    Products,
    Distribution,
    Series,
}

fn num(n: i64) -> Cell {
    Cell::Number(Decimal::from(n))
}

fn money(d: Option<Decimal>) -> Cell {
    d.map_or(Cell::Empty, Cell::Number)
}

const SALES_COLUMNS: &[&str] = &[
    "Key",
    "Detail",
    "Currency",
    "Orders",
    "Paid orders",
    "Cancelled",
    "Sales",
    "Refunded",
    "Net",
    "Average order",
    "Sales (reporting currency)",
];

fn sales_rows(rows: &[SalesRow]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|r| {
            vec![
                r.key.first().cloned().unwrap_or_default().into(),
                r.key.get(1).cloned().into(),
                r.money.currency.clone().into(),
                num(r.orders),
                num(r.paid_orders),
                num(r.cancelled_orders),
                Cell::Number(r.money.sales),
                Cell::Number(r.money.refunded),
                Cell::Number(r.money.net),
                money(r.money.average_order),
                money(r.reported_sales),
            ]
        })
        .collect()
}

const GOODS_COLUMNS: &[&str] = &[
    "Key",
    "Name",
    "Currency",
    "Lines",
    "Units",
    "Sales",
    "Cost",
    "Gross margin",
    "Costed %",
    "Sales (reporting currency)",
];

fn goods_rows(rows: &[GoodsRow]) -> Vec<Vec<Cell>> {
    rows.iter()
        .map(|r| {
            vec![
                r.key.clone().into(),
                r.label.clone().into(),
                r.currency.clone().into(),
                num(r.lines),
                num(r.quantity),
                Cell::Number(r.sales),
                money(r.cost),
                money(r.gross_margin),
                num(r.costed_percent),
                money(r.reported_sales),
            ]
        })
        .collect()
}

/// One of a report's tables as a spreadsheet.
pub fn sheet(report: &Report, table: Table) -> Sheet {
    let (name, columns, rows): (&'static str, &'static [&'static str], Vec<Vec<Cell>>) = match table
    {
        Table::Summary => (
            "Summary",
            &[
                "Period",
                "From",
                "To",
                "Orders",
                "Paid orders",
                "Cancelled",
                "Ordering customers",
                "Paying customers",
                "New payers",
                "Returning payers",
                "Currency",
                "Sales",
                "Refunded",
                "Net",
                "Average order",
            ],
            [("current", &report.current), ("previous", &report.previous)]
                .iter()
                .flat_map(|(which, s)| {
                    let monies: Vec<_> = s.reported.iter().chain(&s.money).collect();
                    let head = |m: Option<&&orderhub_domain::stats::Money>| {
                        let c = s.customers;
                        let mut row = vec![
                            which.to_string().into(),
                            s.from.clone().into(),
                            s.to.clone().into(),
                            num(s.orders),
                            num(s.paid_orders),
                            num(s.cancelled_orders),
                            num(c.ordering),
                            num(c.paying),
                            num(c.new_payers),
                            num(c.returning_payers),
                        ];
                        match m {
                            Some(m) => row.extend([
                                m.currency.clone().into(),
                                Cell::Number(m.sales),
                                Cell::Number(m.refunded),
                                Cell::Number(m.net),
                                money(m.average_order),
                            ]),
                            None => row.extend([
                                Cell::Empty,
                                Cell::Empty,
                                Cell::Empty,
                                Cell::Empty,
                                Cell::Empty,
                            ]),
                        }
                        row
                    };
                    match monies.is_empty() {
                        true => vec![head(None)],
                        false => monies.iter().map(|m| head(Some(m))).collect(),
                    }
                })
                .collect(),
        ),
        Table::Channels => ("Channels", SALES_COLUMNS, sales_rows(&report.channels)),
        Table::Countries => ("Countries", SALES_COLUMNS, sales_rows(&report.countries)),
        Table::Regions => ("Regions", SALES_COLUMNS, sales_rows(&report.regions)),
        Table::Categories => ("Categories", GOODS_COLUMNS, goods_rows(&report.categories)),
        Table::Products => (
            "Products",
            GOODS_COLUMNS,
            goods_rows(&report.products_by_sales),
        ),
        Table::Distribution => (
            "Distribution",
            &["Currency", "From", "Up to", "Paid orders"],
            report
                .distribution
                .iter()
                .map(|b| {
                    vec![
                        b.currency.clone().into(),
                        Cell::Number(b.from),
                        money(b.to),
                        num(b.orders),
                    ]
                })
                .collect(),
        ),
        Table::Series => (
            "Trend",
            &["From", "Orders", "Paid orders", "Sales"],
            report
                .series
                .iter()
                .map(|p| {
                    vec![
                        p.from.clone().into(),
                        num(p.orders),
                        num(p.paid_orders),
                        money(p.sales),
                    ]
                })
                .collect(),
        ),
    };
    Sheet {
        name,
        columns,
        rows,
        truncated: false,
    }
}

/// The scorecard tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScoreTable {
    Suppliers,
    Categories,
}

const SCORE_COLUMNS: &[&str] = &[
    "Supplier",
    "Category",
    "Score",
    "Assigned",
    "Accepted",
    "Rejected",
    "Shipped",
    "Acceptance (hours)",
    "Rejection rate %",
    "On-time rate %",
    "Lead time p50 (hours)",
    "Lead time p90 (hours)",
    "After-sales per 100 shipped",
    "Open tasks",
];

/// A scorecard table as a spreadsheet.
pub fn score_sheet(report: &ScoreReport, table: ScoreTable) -> Sheet {
    let (name, cards) = match table {
        ScoreTable::Suppliers => ("Scorecards", &report.suppliers),
        ScoreTable::Categories => ("Scorecards by category", &report.categories),
    };
    let opt = |n: Option<i64>| n.map_or(Cell::Empty, num);
    Sheet {
        name,
        columns: SCORE_COLUMNS,
        rows: cards
            .iter()
            .map(|c| {
                vec![
                    c.supplier.clone().into(),
                    c.category.clone().into(),
                    opt(c.score),
                    num(c.assigned),
                    num(c.accepted),
                    num(c.rejected),
                    num(c.shipped),
                    money(c.acceptance_hours),
                    money(c.rejection_rate),
                    money(c.on_time_rate),
                    opt(c.lead_hours_p50),
                    opt(c.lead_hours_p90),
                    money(c.after_sales_rate),
                    num(c.open_tasks),
                ]
            })
            .collect(),
        truncated: false,
    }
}
