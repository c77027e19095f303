//! The buyer's proof page, behind the link an operator sent: the mock-up,
//! what it is for, and approve or ask for changes — without an account.
//! The link is the key (256 random bits, kept as a hash); it works for
//! one round until it expires, and shows the answer once given; an
//! expired link shows nothing of the order any more.

use super::Layout;
use super::pages::customization;
use crate::AppState;
use crate::actions::proofs::served;
use crate::auth::check_origin;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orderhub_domain::proof::{ProofAnswer, ProofDecision, ProofVerdict};
use orderhub_store::{BuyerProof, StoreError};

#[derive(Template, WebTemplate)]
#[template(path = "proof_buyer.html")]
pub struct BuyerPage {
    layout: Layout,
    /// `None`: the link is unknown.
    proof: Option<Shown>,
    error: Option<String>,
    comment: String,
}

/// The proof as the buyer sees it.
struct Shown {
    token: String,
    order_number: String,
    title: String,
    quantity: i64,
    personal: Vec<(String, String)>,
    round: i64,
    files: Vec<(String, bool, String)>,
    note: String,
    open: bool,
    expired: bool,
    /// The answer, once given: its words and comment.
    answer: &'static str,
    comment: String,
}

fn shown(layout: &Layout, token: &str, p: BuyerProof) -> Shown {
    let files = p
        .round
        .files
        .iter()
        .map(|f| {
            let url = format!("/proof/{token}/files/{}", f.name);
            let name = f
                .original_name
                .clone()
                .unwrap_or_else(|| f.kind.to_string());
            (url, f.kind.is_picture(), name)
        })
        .collect();
    Shown {
        token: token.to_owned(),
        order_number: p.order_number,
        title: p.title,
        quantity: p.quantity,
        personal: customization(p.customization.as_ref()),
        round: p.round.round,
        files,
        note: p.round.note.unwrap_or_default(),
        open: p.open && !p.expired,
        expired: p.expired,
        answer: match p.round.answer {
            Some(ProofAnswer::Approved) => layout.t("buyer-proof-approved"),
            Some(ProofAnswer::ChangesRequested) => layout.t("buyer-proof-changes"),
            None => "",
        },
        comment: p.round.comment.unwrap_or_default(),
    }
}

async fn page(
    s: &AppState,
    headers: &HeaderMap,
    token: &str,
    error: Option<String>,
    comment: String,
) -> Result<Response, ApiError> {
    let layout = Layout::anonymous(headers);
    let (status, proof) = match s.store.buyer_proof(token).await {
        Ok(p) => (StatusCode::OK, Some(shown(&layout, token, p))),
        Err(StoreError::NotFound { .. }) => (StatusCode::NOT_FOUND, None),
        Err(e) => return Err(e.into()),
    };
    let status = match (&error, &proof) {
        (Some(_), _) => StatusCode::UNPROCESSABLE_ENTITY,
        (None, Some(p)) if p.expired => StatusCode::GONE,
        _ => status,
    };
    let view = BuyerPage {
        layout,
        proof,
        error,
        comment,
    };
    Ok((status, view).into_response())
}

pub async fn show(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    page(&s, &headers, &token, None, String::new()).await
}

#[derive(serde::Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

/// The buyer's answer; a refusal (no comment with changes, the link gone
/// meanwhile) comes back on the page with what was typed.
pub async fn answer(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(form): Form<AnswerForm>,
) -> Result<Response, ApiError> {
    check_origin(&headers, &s.config)?;
    let lang = super::i18n::Lang::of(&headers);
    let Some(decision) = ProofVerdict::parse(&form.decision) else {
        let why = lang.t("error-invalid_value").to_owned();
        return page(&s, &headers, &token, Some(why), form.comment).await;
    };
    let asked = ProofDecision {
        decision,
        comment: Some(form.comment.clone()),
    };
    match s.store.buyer_answer(&token, asked).await {
        Ok(_) => page(&s, &headers, &token, None, String::new()).await,
        Err(StoreError::NotFound { .. }) => page(&s, &headers, &token, None, String::new()).await,
        Err(e) => {
            let e = ApiError::from(e);
            if e.status.is_server_error() {
                return Err(e);
            }
            let why = super::catalog::message(lang, &e).1;
            page(&s, &headers, &token, Some(why), form.comment).await
        }
    }
}

/// A file of the link's round (no other file, whatever its name).
pub async fn file(
    State(s): State<AppState>,
    Path((token, name)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let p = s.store.buyer_proof(&token).await?;
    if p.expired || !p.round.files.iter().any(|f| f.name == name) {
        return Err(ApiError::not_found("no such file"));
    }
    let (body, kind) = s.store.open_proof_file(&name).await?;
    Ok(served(body, kind))
}
