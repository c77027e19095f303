//! Supplier scorecards (绩效考核) in the web app: staff see every
//! supplier's score, its parts and each category's, and one supplier's
//! trend when picked; a supplier sees only its own card and trend.

use super::charts::{Bar, bars, columns};
use super::i18n::Lang;
use super::numbers::count;
use super::pages::query_string;
use super::statistics::{Section, periods};
use super::{Layout, Session};
use crate::AppState;
use crate::actions::statistics::StatsQuery;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use orderhub_domain::stats::Scorecard;
use orderhub_domain::{Capability, Scope};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

#[derive(Template, WebTemplate)]
#[template(path = "scorecards.html")]
struct ScoresPage {
    layout: Layout,
    action: &'static str,
    export: &'static str,
    show_bands: bool,
    periods: Vec<(&'static str, &'static str, bool)>,
    from: String,
    to: String,
    bands: String,
    range: String,
    problem: String,
    query: String,
    staff: bool,
    /// The supplier whose trend is shown, if one.
    picked: String,
    /// Suppliers to pick one's trend from (staff): (id, name).
    choices: Vec<(String, String)>,
    sections: Vec<Section>,
}

/// `?supplier=` on the scorecards page (staff: whose trend to show).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Picked {
    #[serde(default)]
    supplier: String,
}

fn pct(d: Option<Decimal>) -> (String, bool) {
    (d.map_or("—".into(), |d| format!("{d} %")), true)
}

fn hours(lang: Lang, h: Option<i64>) -> (String, bool) {
    (
        h.map_or("—".into(), |h| {
            lang.fill("scores-hours", &[("n", h.into())])
        }),
        true,
    )
}

fn card_row(lang: Lang, c: &Scorecard, with_category: bool) -> Vec<(String, bool)> {
    let mut row = vec![(c.supplier.clone(), false)];
    if with_category {
        row.push((c.category.clone().unwrap_or_default(), false));
    }
    row.extend([
        (c.score.map_or("—".into(), |s| s.to_string()), true),
        pct(c.on_time_rate),
        hours(lang, c.lead_hours_p50),
        hours(lang, c.lead_hours_p90),
        (
            c.acceptance_hours.map_or("—".into(), |h| {
                lang.fill("scores-hours", &[("n", h.to_string().into())])
            }),
            true,
        ),
        pct(c.rejection_rate),
        pct(c.after_sales_rate),
        (count(lang, c.shipped), true),
        (count(lang, c.open_tasks), true),
    ]);
    row
}

fn head(lang: Lang, with_category: bool) -> Vec<&'static str> {
    let mut head = vec![lang.t("scores-supplier")];
    if with_category {
        head.push(lang.t("stats-by_category"));
    }
    head.extend(
        [
            "scores-score",
            "scores-on_time",
            "scores-lead_p50",
            "scores-lead_p90",
            "scores-acceptance",
            "scores-rejection",
            "scores-after_sales",
            "scores-shipped",
            "scores-open",
        ]
        .map(|k| lang.t(k)),
    );
    head
}

/// The scorecards page (staff, and each supplier for itself).
pub async fn scorecards(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(q): Query<StatsQuery>,
    Query(picked): Query<Picked>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadScorecards)?;
    let lang = layout.lang;
    let (read, problem) = super::statistics::read_period(&q, lang)?;
    let (period, range, _) = read;
    let own = match &p.scope {
        Scope::Supplier(id) => Some(id.as_str()),
        _ => None,
    };
    let report = s.store.for_reports().scorecards(period, range, own).await?;
    let staff = own.is_none();
    let score_bars: Vec<Bar> = report
        .suppliers
        .iter()
        .map(|c| Bar {
            label: c.supplier.clone(),
            value: c.score.unwrap_or(0) as f64,
            shown: c.score.map_or("—".into(), |s| s.to_string()),
        })
        .collect();
    let mut sections = vec![Section {
        title: lang
            .t(if staff {
                "scores-suppliers"
            } else {
                "scores-yours"
            })
            .to_owned(),
        table: "suppliers",
        chart: if staff {
            bars(lang.t("scores-suppliers"), &score_bars)
        } else {
            String::new()
        },
        head: head(lang, false),
        rows: report
            .suppliers
            .iter()
            .map(|c| card_row(lang, c, false))
            .collect(),
    }];
    let chosen = own
        .map(str::to_owned)
        .or(Some(picked.supplier.clone()).filter(|s| !s.is_empty()));
    if let Some(card) = chosen.and_then(|id| report.suppliers.iter().find(|c| c.supplier_id == id))
    {
        let points: Vec<Bar> = card
            .trend
            .iter()
            .map(|t| Bar {
                label: t.from.clone(),
                value: t.on_time_rate.and_then(|r| r.to_f64()).unwrap_or(0.0),
                shown: t
                    .on_time_rate
                    .map_or("—".into(), |r| format!("{r} % · {}", t.shipped)),
            })
            .collect();
        // whose: the name picked in the list above (data, not a heading)
        let title = lang.t("scores-trend").to_owned();
        sections.push(Section {
            table: "",
            chart: columns(&title, &points),
            title,
            head: ["stats-from", "scores-shipped", "scores-on_time"]
                .map(|k| lang.t(k))
                .to_vec(),
            rows: card
                .trend
                .iter()
                .map(|t| {
                    vec![
                        (t.from.clone(), false),
                        (count(lang, t.shipped), true),
                        pct(t.on_time_rate),
                    ]
                })
                .collect(),
        });
    }
    sections.push(Section {
        title: lang.t("scores-by_category").to_owned(),
        table: "categories",
        chart: String::new(),
        head: head(lang, true),
        rows: report
            .categories
            .iter()
            .map(|c| card_row(lang, c, true))
            .collect(),
    });
    Ok(ScoresPage {
        action: "/stats/suppliers",
        export: "/api/v1/stats/suppliers/export",
        show_bands: false,
        periods: periods(lang, period),
        from: report.from.clone(),
        to: report.to.clone(),
        bands: String::new(),
        range: format!("{} – {}", report.from, report.to),
        problem,
        query: query_string(&[
            ("period", period.as_str()),
            ("from", q.from.as_deref().unwrap_or("")),
            ("to", q.to.as_deref().unwrap_or("")),
        ]),
        staff,
        picked: picked.supplier.clone(),
        choices: match staff {
            true => report
                .suppliers
                .iter()
                .map(|c| (c.supplier_id.clone(), c.supplier.clone()))
                .collect(),
            false => Vec::new(),
        },
        sections,
        layout,
    }
    .into_response())
}
