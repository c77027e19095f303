//! The contract card of a request's page: the reader's side signs the
//! hash of the PDF shown, or proposes a change (a new version both sign
//! again). The rules are `orderhub_domain::b2b::contract`'s.

use super::flash::{Flash, back_to};
use super::posted::{Posted, field, fields, number, text};
use super::{Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use orderhub_domain::Capability;

/// The reader's side signs a contract's PDF hash shown on the page.
pub async fn sign(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::extract::ConnectInfo(addr): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Path((id, contract)): Path<(String, String)>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::ReadRfqs)?;
    let ip = crate::auth::client_ip(&headers, addr, &s.config);
    let result = s
        .store
        .sign_contract(
            &p.actor,
            &p.scope,
            &contract,
            field(&form, "sha256"),
            Some(ip),
        )
        .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/rfqs/{id}"),
        result,
        |_| Flash::done(lang.t("rfq-done_signed")),
        |f| f,
    )
}

/// A change after agreement, proposed from the contract card: a new
/// version of the contract that both sides sign again.
pub async fn revise(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path((id, contract)): Path<(String, String)>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::ReadRfqs)?;
    let current = s.store.get_contract(&contract, &p.scope).await?;
    let mut lines = Vec::new();
    for l in &current.terms.lines {
        let no = l.line_no;
        lines.push(orderhub_domain::b2b::contract::RevisedLine {
            line_no: no,
            quantity: number(&form, &format!("quantity_{no}"))?,
            unit_price: number(&form, &format!("price_{no}"))?,
            delivery_date: text(&form, &format!("date_{no}")),
            quality: None,
        });
    }
    let revision = orderhub_domain::b2b::Revision {
        lines,
        payment_terms: None,
        note: text(&form, "note"),
    };
    let result = s
        .store
        .revise_contract(&p.actor, &p.scope, &contract, revision)
        .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &format!("/rfqs/{id}"),
        result,
        |c| Flash::done(lang.fill("rfq-done_revised", &[("version", c.terms.version.into())])),
        |f| f,
    )
}
