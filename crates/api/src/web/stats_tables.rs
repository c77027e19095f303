//! The statistics page's sections: each breakdown of the report as a
//! chart and the table it draws.

use super::charts::{Bar, bars, columns};
use super::i18n::Lang;
use super::numbers::{count, money};
use super::pages::platform_label;
use super::statistics::Section;
use orderhub_domain::stats::{GoodsRow, Report, SalesRow};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

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

/// The report's sections, in the page's order.
pub(super) fn sections(lang: Lang, r: &Report) -> Vec<Section> {
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
