//! `/contracts`: the e-contracts made from accepted bids (电子合同). Each
//! version's PDF is rendered once, off the async threads, and kept under
//! its SHA-256; both parties sign that hash.

use crate::AppState;
use crate::actions::proofs::pdf_download;
use crate::auth::{Principal, client_ip};
use crate::extract::{ApiJson, ApiQuery, empty_as_none};
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use orderhub_documents::{PdfFont, contract_pdf, sha256_hex};
use orderhub_domain::b2b::delivery::{Delivery, NewShipment, Shipment};
use orderhub_domain::b2b::receipt::NewReceipt;
use orderhub_domain::b2b::returns::{NewReturn, ReturnRequest};
use orderhub_domain::b2b::{Contract, NewSignature, Revision};
use orderhub_domain::{Capability, ErrorCode};
use serde::Deserialize;
use std::net::SocketAddr;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_contracts))
        .routes(routes!(get_contract))
        .routes(routes!(get_pdf))
        .routes(routes!(sign))
        .routes(routes!(revise))
        .routes(routes!(delivery))
        .routes(routes!(ship))
        .routes(routes!(receive))
        .routes(routes!(request_return))
}

/// The documents' font, loaded once (a CJK collection is tens of MB).
pub(crate) async fn font(s: &AppState) -> Result<PdfFont, ApiError> {
    let cell = s.pdf_font.clone();
    let spec = s.config.pdf_font.clone();
    let loaded = tokio::task::spawn_blocking(move || {
        cell.get_or_init(|| PdfFont::find(spec.as_deref()).map_err(|e| e.to_string()))
            .clone()
    })
    .await
    .map_err(ApiError::failed)?;
    loaded.map_err(|detail| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::PdfFontMissing,
            detail,
        )
    })
}

/// The contract with its PDF rendered and recorded (the first time it is
/// read).
pub(crate) async fn rendered(s: &AppState, p: &Principal, id: &str) -> Result<Contract, ApiError> {
    let c = s.store.get_contract(id, &p.scope).await?;
    if c.pdf_sha256.is_some() {
        return Ok(c);
    }
    let font = font(s).await?;
    let font_sha = font.sha256.clone();
    let terms = c.terms.clone();
    let bytes = tokio::task::spawn_blocking(move || contract_pdf(&terms, &font))
        .await
        .map_err(ApiError::failed)?
        .map_err(ApiError::failed)?;
    let sha = sha256_hex(&bytes);
    let name = s.store.put_document(bytes).await?;
    s.store.set_contract_pdf(id, &name, &sha, &font_sha).await?;
    Ok(s.store.get_contract(id, &p.scope).await?)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ContractQuery {
    /// Only this request's contracts.
    #[serde(default, deserialize_with = "empty_as_none")]
    rfq_id: Option<String>,
}

/// Contract versions in the caller's scope (a purchaser its
/// organisation's, a supplier its own, staff all), oldest first.
#[utoipa::path(get, path = "/contracts", tag = "b2b", params(ContractQuery),
    responses((status = 200, body = Vec<Contract>), (status = 422, body = Problem)))]
async fn list_contracts(
    State(s): State<AppState>,
    p: Principal,
    ApiQuery(q): ApiQuery<ContractQuery>,
) -> Result<Json<Vec<Contract>>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(
        s.store
            .list_contracts(&p.scope, q.rfq_id.as_deref())
            .await?,
    ))
}

/// One contract version, with `pdf_sha256` (rendered on first read: 503
/// `pdf_font_missing` when the server has no font that prints Chinese).
#[utoipa::path(get, path = "/contracts/{id}", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = Contract), (status = 404, body = Problem), (status = 503, body = Problem)))]
async fn get_contract(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Contract>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(rendered(&s, &p, &id).await?))
}

/// The contract's PDF, exactly the bytes whose SHA-256 the parties sign
/// (also in the `Repr-Digest` header).
#[utoipa::path(get, path = "/contracts/{id}/pdf", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, description = "the contract", content_type = "application/pdf", body = Vec<u8>),
              (status = 404, body = Problem), (status = 503, body = Problem)))]
async fn get_pdf(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadRfqs)?;
    let c = rendered(&s, &p, &id).await?;
    let name = s
        .store
        .contract_pdf_name(&id, &p.scope)
        .await?
        .ok_or_else(|| ApiError::not_found("the contract has no PDF yet"))?;
    let body = s.store.open_document(&name).await?;
    // the stored name is the SHA-256 of the bytes: no need to read them
    let digest = {
        use base64::Engine;
        let raw = hex::decode(name.trim_end_matches(".pdf")).unwrap_or_default();
        format!(
            "sha-256=:{}:",
            base64::engine::general_purpose::STANDARD.encode(raw)
        )
    };
    let file = format!("{}-v{}.pdf", c.terms.number, c.terms.version);
    Ok(pdf_download(body, &file, Some(digest)))
}

/// The caller's side signs the contract: `sha256` is the hash of the PDF
/// it read. Who, when, from where and the hash are kept; once both the
/// purchaser and the supplier have signed, the contract is `signed`
/// (已签订合同) and never changes. 409 `hash_mismatch`, `already_signed`,
/// `contract_superseded`; 403 `not_a_party` for staff.
#[utoipa::path(post, path = "/contracts/{id}/signatures", tag = "b2b", params(("id" = String, Path)),
    request_body = NewSignature,
    responses((status = 200, body = Contract), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 503, body = Problem)))]
async fn sign(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    ApiJson(new): ApiJson<NewSignature>,
) -> Result<Json<Contract>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    rendered(&s, &p, &id).await?;
    let ip = client_ip(&headers, addr, &s.config);
    let c = s
        .store
        .sign_contract(&p.actor, &p.scope, &id, &new.sha256, Some(ip))
        .await?;
    Ok(Json(c))
}

/// A change after agreement: a new version of the contract (per line
/// quantity, price, date or quality; payment terms) that both sign again.
/// The version it replaces, if signed, stays in force until then.
#[utoipa::path(post, path = "/contracts/{id}/revisions", tag = "b2b", params(("id" = String, Path)),
    request_body = Revision,
    responses((status = 201, body = Contract), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn revise(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<Revision>,
) -> Result<(StatusCode, Json<Contract>), ApiError> {
    p.require(Capability::ReadRfqs)?;
    let c = s.store.revise_contract(&p.actor, &p.scope, &id, r).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// The delivery of a signed contract (any of its versions): the order it
/// became, each line's progress in the caller's words, and every shipment
/// with its tracking link and expected arrival. 409 `contract_not_signed`
/// before both parties have signed.
#[utoipa::path(get, path = "/contracts/{id}/delivery", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = Delivery), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn delivery(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Delivery>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(s.store.contract_delivery(&id, &p.scope).await?))
}

/// The contract's supplier (or staff for it) sends part of the goods
/// (分批发货): per contract line the quantity leaving, with the transport,
/// carrier, waybill and expected arrival. Each line's task moves on (in
/// production; shipped once all of it left) and the order follows. 422
/// `exceeds_remaining`, `task_not_shippable` (accept the task first),
/// `unknown_line`; 409 `contract_not_signed`.
#[utoipa::path(post, path = "/contracts/{id}/shipments", tag = "b2b", params(("id" = String, Path)),
    request_body = NewShipment,
    responses((status = 201, body = Shipment), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn ship(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(new): ApiJson<NewShipment>,
) -> Result<(StatusCode, Json<Shipment>), ApiError> {
    p.require(Capability::Deliver)?;
    let shipment = s.store.ship_contract(&p.actor, &p.scope, &id, new).await?;
    Ok((StatusCode::CREATED, Json(shipment)))
}

/// The purchaser inspects shipment `number` (验收 / 确认收货): for each of
/// its lines the units accepted and rejected (with the reason), once. A
/// replacement received settles its return; when every line is accepted
/// (or credited) in full, the order completes. 409 `already_received`;
/// 422 `exceeds_shipped`, `reason_required`.
#[utoipa::path(post, path = "/contracts/{id}/shipments/{number}/receipt", tag = "b2b",
    params(("id" = String, Path), ("number" = i64, Path)), request_body = NewReceipt,
    responses((status = 200, body = Delivery), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn receive(
    State(s): State<AppState>,
    p: Principal,
    Path((id, number)): Path<(String, i64)>,
    ApiJson(r): ApiJson<NewReceipt>,
) -> Result<Json<Delivery>, ApiError> {
    p.require(Capability::Purchase)?;
    let d = s
        .store
        .receive_shipment(&p.actor, &p.scope, &id, number, r)
        .await?;
    Ok(Json(d))
}

/// The purchaser asks for rejected units to be replaced (`exchange`) or
/// credited (`refund`), with the reason; photos follow at
/// `POST /returns/{id}/files`. 422 `exceeds_rejected` for units not
/// rejected on receipt or claimed by another return.
#[utoipa::path(post, path = "/contracts/{id}/returns", tag = "b2b", params(("id" = String, Path)),
    request_body = NewReturn,
    responses((status = 201, body = ReturnRequest), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn request_return(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(r): ApiJson<NewReturn>,
) -> Result<(StatusCode, Json<ReturnRequest>), ApiError> {
    p.require(Capability::Purchase)?;
    let r = s.store.request_return(&p.actor, &p.scope, &id, r).await?;
    Ok((StatusCode::CREATED, Json(r)))
}
