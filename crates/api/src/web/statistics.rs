//! The statistics page (统计): a period picker, the headline figures
//! against the period before, the trend, and each breakdown as a chart
//! with its table and its CSV / XLSX export; admins keep the exchange
//! rates here. Every figure comes from `/stats/sales`'s report.

use super::i18n::Lang;
use super::numbers::{count, money};
use super::pages::query_string;
use super::{Layout, Session};
use crate::AppState;
use crate::actions::statistics::StatsQuery;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use orderhub_domain::stats::{Bands, Money, Period, Range, Report, Summary, change};
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
    /// How far behind the replica the figures came from is, if any.
    replica: Option<String>,
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

/// A period, its days and the amount bands asked for.
pub(super) type Asked = (Period, Range, Option<Bands>);

/// The period asked for, or — when the query is refused — the default
/// period with the refusal in the reader's words, so the page still shows.
pub(super) fn read_period(q: &StatsQuery, lang: Lang) -> Result<(Asked, String), ApiError> {
    let today = Store::today();
    Ok(match q.read(today) {
        Ok(read) => (read, String::new()),
        Err(e) => (
            StatsQuery::default().read(today)?,
            super::catalog::message(lang, &e).1,
        ),
    })
}

/// The statistics page (staff).
pub async fn statistics(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(q): Query<StatsQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadStatistics)?;
    let lang = layout.lang;
    let (read, problem) = read_period(&q, lang)?;
    let (period, range, bands) = read;
    let report = s
        .store
        .for_reports()
        .report(period, range, bands.as_ref())
        .await?;
    let replica = super::replica::note(&s, &layout).await;
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
        // the days shown, whatever was typed for another period
        from: report.current.from.clone(),
        to: report.current.to.clone(),
        bands: q.bands.clone().unwrap_or_default(),
        range: format!("{} – {}", report.current.from, report.current.to),
        compared: format!("{} – {}", report.previous.from, report.previous.to),
        replica,
        problem,
        tiles: tiles(lang, &report),
        sections: super::stats_tables::sections(lang, &report),
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
