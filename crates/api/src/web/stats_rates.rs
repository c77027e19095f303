//! The exchange rates form of the statistics page (admins).

use super::flash::{Flash, back_to};
use super::posted::{Posted, field, fields, keep};
use super::{Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use orderhub_domain::stats::{MAX_RATES, Rates};
use orderhub_domain::{Capability, ErrorCode};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Reads rates typed one per line, `CNY 0.1389` (or `CNY=0.1389`).
fn typed_rates(text: &str) -> Result<BTreeMap<String, Decimal>, ApiError> {
    let mut out = BTreeMap::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(MAX_RATES + 1)
    {
        let refuse = || {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidNumber,
                "one currency and its rate per line: CNY 0.1389",
            )
            .field("rates")
        };
        let (currency, rate) = line.split_once(['=', ' ', '\t']).ok_or_else(refuse)?;
        let rate: Decimal = rate.trim().parse().map_err(|_| refuse())?;
        out.insert(currency.trim().to_owned(), rate);
    }
    Ok(out)
}

/// Saves the reporting currency and exchange rates (admins).
pub async fn save_rates(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::ManageRates)?;
    let result = async {
        let rates = Rates::check(
            field(&form, "reporting"),
            typed_rates(field(&form, "rates"))?,
        )?;
        s.store.set_rates(&rates).await?;
        Ok::<_, ApiError>(())
    }
    .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        "/stats#rates",
        result,
        |_| Flash::done(lang.t("flash-rates_saved").to_owned()),
        |f| keep(f, "rates", &form),
    )
}
