//! `/contracts/{id}/invoices`, `/invoices` and an organisation's
//! balances: a contract's invoices (at once or by milestone, as PDFs),
//! their payments with proof, the supplier's confirmation (确认收款), and
//! what each contract and organisation still owes (结算).

use crate::AppState;
use crate::actions::proofs::{
    MAX_ROUND_BYTES, multipart_expected, pdf_download, read_form, served, stored_names,
};
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use crate::routes::contracts::font;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use orderhub_documents::{invoice_pdf, sha256_hex};
use orderhub_domain::Capability;
use orderhub_domain::b2b::invoice::{
    ContractAccount, ContractBalance, Invoice, NewInvoice, NewPayment, PaymentAnswer,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(add_proof))
        .layer(DefaultBodyLimit::max(MAX_ROUND_BYTES));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(issue, account))
        .routes(routes!(get_invoice))
        .routes(routes!(get_pdf))
        .routes(routes!(cancel))
        .routes(routes!(report_payment))
        .routes(routes!(proof_file))
        .routes(routes!(answer_payment))
        .routes(routes!(balances))
}

/// The supplier (or staff) invoices a signed contract: `percent` of it (a
/// milestone: "30% advance"), an `amount`, or (neither) all that is left,
/// due on `due_on`, to be paid to `pay_to`. 422 `exceeds_contract` beyond
/// the contract's total less credits and earlier invoices.
#[utoipa::path(post, path = "/contracts/{id}/invoices", tag = "b2b", params(("id" = String, Path)),
    request_body = NewInvoice,
    responses((status = 201, body = Invoice), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn issue(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(new): ApiJson<NewInvoice>,
) -> Result<(StatusCode, Json<Invoice>), ApiError> {
    p.require(Capability::Deliver)?;
    let i = s.store.issue_invoice(&p.actor, &p.scope, &id, new).await?;
    Ok((StatusCode::CREATED, Json(i)))
}

/// A contract's invoices with their payments, and its balance: total,
/// credited, invoiced, confirmed paid, outstanding, `settled` (已结清).
#[utoipa::path(get, path = "/contracts/{id}/invoices", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = ContractAccount), (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn account(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<ContractAccount>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(s.store.contract_account(&id, &p.scope).await?))
}

/// One invoice with its payments.
#[utoipa::path(get, path = "/invoices/{id}", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = Invoice), (status = 404, body = Problem)))]
async fn get_invoice(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Invoice>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(s.store.get_invoice(&id, &p.scope).await?))
}

/// The invoice as a PDF (rendered on first read, then kept under its
/// SHA-256, which `GET /invoices/{id}` shows from then on).
#[utoipa::path(get, path = "/invoices/{id}/pdf", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, description = "the invoice", content_type = "application/pdf", body = Vec<u8>),
              (status = 404, body = Problem), (status = 503, body = Problem)))]
async fn get_pdf(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadRfqs)?;
    let invoice = s.store.get_invoice(&id, &p.scope).await?;
    let name = match s.store.invoice_pdf_name(&id, &p.scope).await? {
        Some(name) => name,
        None => {
            let terms = s
                .store
                .get_contract(&invoice.contract_id, &orderhub_domain::Scope::All)
                .await?
                .terms;
            let font = font(&s).await?;
            let doc = invoice.clone();
            let bytes = tokio::task::spawn_blocking(move || invoice_pdf(&doc, &terms, &font))
                .await
                .map_err(ApiError::failed)?
                .map_err(ApiError::failed)?;
            let sha = sha256_hex(&bytes);
            let name = s.store.put_document(bytes).await?;
            s.store.set_invoice_pdf(&id, &name, &sha).await?;
            s.store
                .invoice_pdf_name(&id, &p.scope)
                .await?
                .unwrap_or(name)
        }
    };
    Ok(pdf_download(
        s.store.open_document(&name).await?,
        &format!("{}.pdf", invoice.number),
        None,
    ))
}

/// The supplier withdraws an invoice nobody has paid (409
/// `invalid_transition` once a payment is reported).
#[utoipa::path(post, path = "/invoices/{id}/cancel", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = Invoice), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
async fn cancel(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Invoice>, ApiError> {
    p.require(Capability::Deliver)?;
    Ok(Json(s.store.cancel_invoice(&p.actor, &p.scope, &id).await?))
}

/// The purchaser reports a payment by `bank_transfer` or `cheque` with its
/// `reference` (流水号 / cheque number); proof follows at
/// `…/payments/{payment}/files`. It counts once the supplier confirms it.
/// 422 `exceeds_invoice` (payments to confirm included),
/// `online_by_provider`; 409 `invoice_cancelled`.
#[utoipa::path(post, path = "/invoices/{id}/payments", tag = "b2b", params(("id" = String, Path)),
    request_body = NewPayment,
    responses((status = 201, body = Invoice), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn report_payment(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(new): ApiJson<NewPayment>,
) -> Result<(StatusCode, Json<Invoice>), ApiError> {
    p.require(Capability::Purchase)?;
    let i = s.store.report_payment(&p.actor, &p.scope, &id, new).await?;
    Ok((StatusCode::CREATED, Json(i)))
}

/// The purchaser adds proof of a payment still to confirm (multipart
/// `file` parts: JPEG, PNG or PDF, checked by content; 5 per payment).
#[utoipa::path(post, path = "/invoices/{id}/payments/{payment}/files", tag = "b2b",
    params(("id" = String, Path), ("payment" = String, Path)),
    request_body(content = Vec<u8>, content_type = "multipart/form-data"),
    responses((status = 200, body = Invoice), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 413, body = Problem), (status = 415, body = Problem),
              (status = 422, body = Problem)))]
async fn add_proof(
    State(s): State<AppState>,
    p: Principal,
    Path((id, payment)): Path<(String, String)>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<Invoice>, ApiError> {
    p.require(Capability::Purchase)?;
    s.store.get_invoice(&id, &p.scope).await?;
    let form = read_form(form.map_err(|e| multipart_expected(&e))?).await?;
    let names = stored_names(&s, form, "the proof").await?;
    let i = s
        .store
        .add_payment_files(&p.scope, &id, &payment, names)
        .await?;
    Ok(Json(i))
}

/// A payment's proof file: a picture shown, a PDF downloaded.
#[utoipa::path(get, path = "/invoices/{id}/payments/{payment}/files/{name}", tag = "b2b",
    params(("id" = String, Path), ("payment" = String, Path), ("name" = String, Path)),
    responses((status = 200, description = "the file, as its kind",
               content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "application/pdf"))),
              (status = 404, body = Problem)))]
async fn proof_file(
    State(s): State<AppState>,
    p: Principal,
    Path((id, payment, name)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    p.require(Capability::ReadRfqs)?;
    let i = s.store.get_invoice(&id, &p.scope).await?;
    let has = i
        .payments
        .iter()
        .any(|pay| pay.id == payment && pay.files.contains(&name));
    if !has {
        return Err(ApiError::not_found("the payment has no such file"));
    }
    let (body, kind) = s.store.open_proof_file(&name).await?;
    Ok(served(body, kind))
}

/// The supplier (or staff) answers a reported payment: `confirm` (确认收款:
/// the funds arrived) or `reject` with a `reason`. When confirmed
/// payments reach the contract's total less credits, it is settled
/// (已结清, `contract.settled`). 409 `invalid_transition` once answered.
#[utoipa::path(post, path = "/invoices/{id}/payments/{payment}/answer", tag = "b2b",
    params(("id" = String, Path), ("payment" = String, Path)), request_body = PaymentAnswer,
    responses((status = 200, body = Invoice), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn answer_payment(
    State(s): State<AppState>,
    p: Principal,
    Path((id, payment)): Path<(String, String)>,
    ApiJson(answer): ApiJson<PaymentAnswer>,
) -> Result<Json<Invoice>, ApiError> {
    p.require(Capability::Deliver)?;
    let i = s
        .store
        .answer_payment(&p.actor, &p.scope, &id, &payment, answer)
        .await?;
    Ok(Json(i))
}

/// An organisation's statement: each of its contracts with its balance
/// (a supplier sees only its own contracts with it).
#[utoipa::path(get, path = "/organisations/{id}/balances", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = Vec<ContractBalance>), (status = 404, body = Problem)))]
async fn balances(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<ContractBalance>>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    if let orderhub_domain::Scope::Buyer(own) = &p.scope
        && own != &id
    {
        return Err(ApiError::not_found("no such organisation"));
    }
    Ok(Json(s.store.organisation_balances(&id, &p.scope).await?))
}
