//! The statistics page (统计): a period picker, the headline figures
//! against the period before, the trend, and each breakdown as a chart
//! with its table and its CSV / XLSX export; admins keep the exchange
//! rates here. Every figure comes from `/stats/sales`'s report.

use super::charts::{Bar, bars, columns};
use super::i18n::Lang;
use super::numbers::{count, money};
use super::pages::{platform_label, query_string};
use super::{Layout, Session};
use crate::AppState;
use crate::actions::statistics::StatsQuery;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use orderhub_domain::stats::{GoodsRow, Money, Period, Report, SalesRow, Summary, change};
use orderhub_domain::{Capability, Role};
use orderhub_store::Store;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A headline figure now and in the period before.
pub(super) struct Tile {
    pub label: &'static str,
    pub now: String,
    pub before: String,
    /// "+12.5 %", or empty when there was nothing before.
    pub change: String,
    /// `up`, `down` or empty.
    pub trend: &'static str,
}

/// A chart, its table, and its export's name.
pub(super) struct Section {
    pub title: String,
    pub table: &'static str,
    pub chart: String,
    pub head: Vec<&'static str>,
    /// Cells: (text, a number).
    pub rows: Vec<Vec<(String, bool)>>,
}

#[derive(Template, WebTemplate)]
#[template(path = "statistics.html")]
struct StatsPage {
    layout: Layout,
    action: &'static str,
    export: &'static str,
    show_bands: bool,
    periods: Vec<(&'static str, &'static str, bool)>,
    from: String,
    to: String,
    bands: String,
    range: String,
    compared: String,
    problem: String,
    tiles: Vec<Tile>,
    sections: Vec<Section>,
    query: String,
    admin: bool,
    reporting: String,
    rates: String,
    no_rates: bool,
}

fn tile(
    lang: Lang,
    key: &'static str,
    now: Decimal,
    before: Decimal,
    shown: &dyn Fn(Decimal) -> String,
) -> Tile {
    let c = change(now, before);
    Tile {
        label: lang.t(key),
        now: shown(now),
        before: shown(before),
        change: c
            .map(|c| format!("{}{c} %", if c > Decimal::ZERO { "+" } else { "" }))
            .unwrap_or_default(),
        trend: match c {
            Some(c) if c > Decimal::ZERO => "up",
            Some(c) if c < Decimal::ZERO => "down",
            _ => "",
        },
    }
}

/// The money figures shown: in the reporting currency, else the largest.
fn headline(s: &Summary) -> Option<&Money> {
    s.reported.as_ref().or(s.money.first())
}

fn tiles(lang: Lang, r: &Report) -> Vec<Tile> {
    let (now, was) = (&r.current, &r.previous);
    let n = |v: i64| Decimal::from(v);
    let counted = |d: Decimal| count(lang, d.to_i64().unwrap_or(0));
    let mut out = vec![
        tile(lang, "stats-orders", n(now.orders), n(was.orders), &counted),
        tile(
            lang,
            "stats-paid_orders",
            n(now.paid_orders),
            n(was.paid_orders),
            &counted,
        ),
    ];
    if let Some(m) = headline(now) {
        let currency = m.currency.clone();
        let other = was
            .reported
            .as_ref()
            .or(was.money.iter().find(|x| x.currency == currency));
        let shown = |d: Decimal| {
            money(
                lang,
                orderhub_domain::money::round_to_minor(d, &currency),
                &currency,
            )
        };
        let pick = |f: fn(&Money) -> Decimal| (f(m), other.map(f).unwrap_or_default());
        for (key, (a, b)) in [
            ("stats-sales", pick(|m| m.sales)),
            (
                "stats-average_order",
                pick(|m| m.average_order.unwrap_or_default()),
            ),
            ("stats-refunded", pick(|m| m.refunded)),
            ("stats-net", pick(|m| m.net)),
        ] {
            out.push(tile(lang, key, a, b, &shown));
        }
    }
    let (c, d) = (now.customers, was.customers);
    for (key, a, b) in [
        (
            "stats-cancelled",
            now.cancelled_orders,
            was.cancelled_orders,
        ),
        ("stats-ordering", c.ordering, d.ordering),
        ("stats-paying", c.paying, d.paying),
        ("stats-new_payers", c.new_payers, d.new_payers),
        (
            "stats-returning_payers",
            c.returning_payers,
            d.returning_payers,
        ),
    ] {
        out.push(tile(lang, key, n(a), n(b), &counted));
    }
    out
}

fn amount(lang: Lang, d: Option<Decimal>, currency: &str) -> (String, bool) {
    let text = d
        .map(|d| {
            money(
                lang,
                orderhub_domain::money::round_to_minor(d, currency),
                currency,
            )
        })
        .unwrap_or_else(|| "—".into());
    (text, true)
}

fn bar_value(d: Option<Decimal>, fallback: i64) -> f64 {
    d.and_then(|d| d.to_f64()).unwrap_or(fallback as f64)
}

fn sales_section(
    lang: Lang,
    title: &'static str,
    table: &'static str,
    first: Vec<&'static str>,
    rows: &[SalesRow],
    key: &dyn Fn(&SalesRow) -> Vec<String>,
) -> Section {
    let mut head = first;
    head.extend(
        [
            "stats-currency",
            "stats-orders",
            "stats-paid_orders",
            "stats-sales",
            "stats-average_order",
            "stats-refunded",
        ]
        .map(|k| lang.t(k)),
    );
    let chart_rows: Vec<Bar> = rows
        .iter()
        .take(15)
        .map(|r| Bar {
            label: key(r)
                .into_iter()
                .filter(|k| k != lang.t("stats-none"))
                .collect::<Vec<_>>()
                .join(" · "),
            value: bar_value(r.reported_sales, r.orders),
            shown: amount(lang, Some(r.money.sales), &r.money.currency).0,
        })
        .collect();
    Section {
        title: lang.t(title).to_owned(),
        table,
        chart: bars(lang.t(title), &chart_rows),
        head,
        rows: rows
            .iter()
            .map(|r| {
                let mut cells: Vec<(String, bool)> =
                    key(r).into_iter().map(|k| (k, false)).collect();
                cells.extend([
                    (r.money.currency.clone(), false),
                    (count(lang, r.orders), true),
                    (count(lang, r.paid_orders), true),
                    amount(lang, Some(r.money.sales), &r.money.currency),
                    amount(lang, r.money.average_order, &r.money.currency),
                    amount(lang, Some(r.money.refunded), &r.money.currency),
                ]);
                cells
            })
            .collect(),
    }
}

fn goods_section(
    lang: Lang,
    title: &'static str,
    table: &'static str,
    rows: &[GoodsRow],
    label: &dyn Fn(&GoodsRow) -> String,
    by_units: bool,
) -> Section {
    let head = [
        "stats-name",
        "stats-currency",
        "stats-units",
        "stats-sales",
        "stats-cost",
        "stats-gross_margin",
        "stats-costed",
    ]
    .map(|k| lang.t(k))
    .to_vec();
    let chart_rows: Vec<Bar> = rows
        .iter()
        .take(15)
        .map(|r| Bar {
            label: label(r),
            value: match by_units {
                true => r.quantity as f64,
                false => bar_value(r.reported_sales.or(Some(r.sales)), r.quantity),
            },
            shown: match by_units {
                true => count(lang, r.quantity),
                false => amount(lang, Some(r.sales), &r.currency).0,
            },
        })
        .collect();
    Section {
        title: lang.t(title).to_owned(),
        table,
        chart: bars(lang.t(title), &chart_rows),
        head,
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    (label(r), false),
                    (r.currency.clone(), false),
                    (count(lang, r.quantity), true),
                    amount(lang, Some(r.sales), &r.currency),
                    amount(lang, r.cost, &r.currency),
                    amount(lang, r.gross_margin, &r.currency),
                    (format!("{} %", r.costed_percent), true),
                ]
            })
            .collect(),
    }
}

fn sections(lang: Lang, r: &Report) -> Vec<Section> {
    let trend_money = r.series.iter().any(|p| p.sales.is_some());
    let trend_bars: Vec<Bar> = r
        .series
        .iter()
        .map(|p| Bar {
            label: p.from.clone(),
            value: match trend_money {
                true => bar_value(p.sales, 0),
                false => p.orders as f64,
            },
            shown: match (trend_money, p.sales) {
                (true, Some(s)) => s.round_dp(2).to_string(),
                _ => count(lang, p.orders),
            },
        })
        .collect();
    let title = if trend_money {
        "stats-trend_sales"
    } else {
        "stats-trend_orders"
    };
    let trend = Section {
        title: lang.t(title).to_owned(),
        table: "series",
        chart: columns(lang.t(title), &trend_bars),
        head: [
            "stats-from",
            "stats-orders",
            "stats-paid_orders",
            "stats-sales",
        ]
        .map(|k| lang.t(k))
        .to_vec(),
        rows: r
            .series
            .iter()
            .map(|p| {
                vec![
                    (p.from.clone(), false),
                    (count(lang, p.orders), true),
                    (count(lang, p.paid_orders), true),
                    (
                        p.sales.map_or("—".into(), |s| s.round_dp(2).to_string()),
                        true,
                    ),
                ]
            })
            .collect(),
    };
    let unnamed = lang.t("stats-none").to_owned();
    let or_none = |s: &str| {
        if s.is_empty() {
            unnamed.clone()
        } else {
            s.to_owned()
        }
    };
    let distribution_bars: Vec<Bar> = r
        .distribution
        .iter()
        .map(|b| Bar {
            label: band(lang, b),
            value: b.orders as f64,
            shown: count(lang, b.orders),
        })
        .collect();
    let distribution = Section {
        title: lang.t("stats-distribution").to_owned(),
        table: "distribution",
        chart: bars(lang.t("stats-distribution"), &distribution_bars),
        head: ["stats-band", "stats-paid_orders"]
            .map(|k| lang.t(k))
            .to_vec(),
        rows: r
            .distribution
            .iter()
            .map(|b| vec![(band(lang, b), false), (count(lang, b.orders), true)])
            .collect(),
    };
    vec![
        trend,
        sales_section(
            lang,
            "stats-by_channel",
            "channels",
            vec![lang.t("stats-platform"), lang.t("stats-channel")],
            &r.channels,
            &|row| vec![platform_label(lang, &row.key[0]), or_none(&row.key[1])],
        ),
        sales_section(
            lang,
            "stats-by_country",
            "countries",
            vec![lang.t("stats-country")],
            &r.countries,
            &|row| vec![or_none(&row.key[0])],
        ),
        sales_section(
            lang,
            "stats-by_region",
            "regions",
            vec![lang.t("stats-country"), lang.t("stats-region")],
            &r.regions,
            &|row| vec![or_none(&row.key[0]), or_none(&row.key[1])],
        ),
        goods_section(
            lang,
            "stats-by_category",
            "categories",
            &r.categories,
            &|g| or_none(&g.label),
            false,
        ),
        goods_section(
            lang,
            "stats-best_by_sales",
            "products",
            &r.products_by_sales,
            &|g| or_none(&g.label),
            false,
        ),
        goods_section(
            lang,
            "stats-best_by_units",
            "products",
            &r.products_by_quantity,
            &|g| or_none(&g.label),
            true,
        ),
        distribution,
    ]
}

fn band(lang: Lang, b: &orderhub_domain::stats::Band) -> String {
    let m = |d: Decimal| money(lang, d, &b.currency);
    match b.to {
        Some(to) => format!("{} – {}", m(b.from), m(to)),
        None => format!("≥ {}", m(b.from)),
    }
}

/// The period picker's choices: (value, label, chosen).
pub(super) fn periods(lang: Lang, period: Period) -> Vec<(&'static str, &'static str, bool)> {
    Period::ALL
        .iter()
        .map(|x| {
            (
                x.as_str(),
                lang.t(&format!("stats-period-{}", x.as_str())),
                *x == period,
            )
        })
        .collect()
}

/// The statistics page (staff).
pub async fn statistics(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(q): Query<StatsQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadStatistics)?;
    let lang = layout.lang;
    let (read, problem) = match q.read(Store::today()) {
        Ok(read) => (read, String::new()),
        Err(e) => (
            StatsQuery::default().read(Store::today())?,
            super::catalog::message(lang, &e).1,
        ),
    };
    let (period, range, bands) = read;
    let report = s.store.report(period, range, bands.as_ref()).await?;
    let rates = &report.rates;
    let query = query_string(&[
        ("period", period.as_str()),
        ("from", q.from.as_deref().unwrap_or("")),
        ("to", q.to.as_deref().unwrap_or("")),
        ("bands", q.bands.as_deref().unwrap_or("")),
    ]);
    Ok(StatsPage {
        action: "/stats",
        export: "/api/v1/stats/sales/export",
        show_bands: true,
        periods: periods(lang, period),
        from: q
            .from
            .clone()
            .unwrap_or_else(|| report.current.from.clone()),
        to: q.to.clone().unwrap_or_else(|| report.current.to.clone()),
        bands: q.bands.clone().unwrap_or_default(),
        range: format!("{} – {}", report.current.from, report.current.to),
        compared: format!("{} – {}", report.previous.from, report.previous.to),
        problem,
        tiles: tiles(lang, &report),
        sections: sections(lang, &report),
        query,
        admin: p.role == Role::Admin,
        reporting: rates.reporting.clone().unwrap_or_default(),
        rates: rates
            .rates
            .iter()
            .filter(|(c, _)| Some(*c) != rates.reporting.as_ref())
            .map(|(c, r)| format!("{c} {r}"))
            .collect::<Vec<_>>()
            .join("\n"),
        no_rates: rates.reporting.is_none(),
        layout,
    }
    .into_response())
}
