//! The seller's figures (`/stats/…`): sales for a period against the one
//! before, by channel, country, region, category and product, customers
//! new and returning, the amount distribution and the trend; each table
//! as CSV or XLSX; and the exchange rates they convert by.

use crate::AppState;
use crate::actions::statistics::{ScoreTable, StatsQuery, Table, score_sheet, sheet};
use crate::auth::Principal;
use crate::export::Format;
use crate::extract::{ApiJson, ApiQuery};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use orderhub_domain::Capability;
use orderhub_domain::stats::{Rates, Report, ScoreReport};
use orderhub_store::Store;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sales))
        .routes(routes!(export))
        .routes(routes!(get_rates, set_rates))
        .routes(routes!(scorecards))
        .routes(routes!(export_scorecards))
}

/// The supplier whose scorecard a caller may read: a supplier its own,
/// staff any (all when `None`).
fn whose(p: &Principal) -> Option<&str> {
    match &p.scope {
        orderhub_domain::Scope::Supplier(id) => Some(id),
        _ => None,
    }
}

/// Suppliers' scorecards for a period: acceptance time, rejection rate,
/// on-time rate, lead time p50/p90, after-sales rate, open load, a score
/// and a trend, per supplier and per category (staff all; a supplier
/// only its own).
#[utoipa::path(get, path = "/stats/suppliers", tag = "statistics", params(StatsQuery),
    responses((status = 200, body = ScoreReport), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn scorecards(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> Result<Json<ScoreReport>, ApiError> {
    p.require(Capability::ReadScorecards)?;
    let (period, range, _) = q.read(Store::today())?;
    Ok(Json(
        s.store
            .for_reports()
            .scorecards(period, range, whose(&p))
            .await?,
    ))
}

/// Which scorecard table to export, and how.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ScoreExport {
    /// `suppliers` or `categories`.
    #[param(inline)]
    table: ScoreTable,
    /// `csv` or `xlsx`.
    #[param(inline)]
    format: Format,
}

/// The scorecards as a CSV or XLSX file (a supplier: its own).
#[utoipa::path(get, path = "/stats/suppliers/export", tag = "statistics", params(StatsQuery, ScoreExport),
    responses((status = 200, description = "the file"), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn export_scorecards(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<StatsQuery>,
    ApiQuery(e): ApiQuery<ScoreExport>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadScorecards)?;
    let (period, range, _) = q.read(Store::today())?;
    let report = s
        .store
        .for_reports()
        .scorecards(period, range, whose(&p))
        .await?;
    score_sheet(&report, e.table).into_response(e.format)
}

/// Sales figures for a period and the one before it (staff). Read from
/// sums kept per day and month, never from the orders: fast at any size.
#[utoipa::path(get, path = "/stats/sales", tag = "statistics", params(StatsQuery),
    responses((status = 200, body = Report), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn sales(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> Result<Json<Report>, ApiError> {
    p.require(Capability::ReadStatistics)?;
    let (period, range, bands) = q.read(Store::today())?;
    Ok(Json(
        s.store
            .for_reports()
            .report(period, range, bands.as_ref())
            .await?,
    ))
}

/// Which table to export, and how.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ExportQuery {
    /// `summary`, `channels`, `countries`, `regions`, `categories`,
    /// `products`, `distribution` or `series`.
    #[param(inline)]
    table: Table,
    /// `csv` or `xlsx`.
    #[param(inline)]
    format: Format,
}

/// One table of the sales figures as a CSV or XLSX file (staff).
#[utoipa::path(get, path = "/stats/sales/export", tag = "statistics", params(StatsQuery, ExportQuery),
    responses((status = 200, description = "the file"), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn export(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<StatsQuery>,
    ApiQuery(e): ApiQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadStatistics)?;
    let (period, range, bands) = q.read(Store::today())?;
    let report = s
        .store
        .for_reports()
        .report(period, range, bands.as_ref())
        .await?;
    sheet(&report, e.table).into_response(e.format)
}

/// The reporting currency and what one unit of each currency is worth
/// in it (staff).
#[utoipa::path(get, path = "/stats/exchange-rates", tag = "statistics",
    responses((status = 200, body = Rates), (status = 403, body = Problem)))]
async fn get_rates(State(s): State<AppState>, p: Principal) -> Result<Json<Rates>, ApiError> {
    p.require(Capability::ReadStatistics)?;
    Ok(Json(s.store.rates().await?))
}

/// Exchange rates to set, replacing those kept.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct SetRates {
    /// ISO 4217 code of the currency the figures are totalled in.
    reporting: String,
    /// Currency → what one unit is worth in the reporting currency
    /// (`{"CNY": "0.1389", "EUR": "1.08"}`).
    #[schema(value_type = BTreeMap<String, String>)]
    rates: BTreeMap<String, Decimal>,
}

/// Sets the reporting currency and exchange rates (admins).
#[utoipa::path(put, path = "/stats/exchange-rates", tag = "statistics", request_body = SetRates,
    responses((status = 200, body = Rates), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn set_rates(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<SetRates>,
) -> Result<Json<Rates>, ApiError> {
    p.require(Capability::ManageRates)?;
    let rates = Rates::check(&body.reporting, body.rates)?;
    s.store.set_rates(&rates).await?;
    Ok(Json(s.store.rates().await?))
}
