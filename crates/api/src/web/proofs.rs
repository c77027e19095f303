//! A task's proof on its card: where it stands and for how long, the
//! latest round's files and comments, and the forms of whoever acts next
//! — the supplier uploads a round, an operator approves it, asks for
//! changes or sends it to the buyer (the rules are
//! `orderhub_domain::proof`'s).

use super::flash::{Flash, back_to};
use super::i18n::Lang;
use super::tasks::local_path;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::actions::links::base_url;
use crate::actions::proofs::submit;
use crate::problem::ApiError;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use orderhub_domain::model::Task;
use orderhub_domain::proof::{
    BuyerLinkRequest, ProofDecision, ProofParty, ProofStatus, ProofStep, ProofVerdict, step,
};
use orderhub_domain::{Capability, ErrorCode, Role, TaskStatus};
use time::OffsetDateTime;

/// A proof as a card shows it.
pub(super) struct ProofCard {
    pub(super) status: &'static str,
    /// The chip's colour family.
    pub(super) family: &'static str,
    pub(super) round: i64,
    /// How long it has been in its status ("3 d"), and who it waits on.
    pub(super) waited: String,
    pub(super) waits_on: &'static str,
    /// The latest round's files: (address, is a picture, name shown).
    pub(super) files: Vec<(String, bool, String)>,
    pub(super) note: String,
    /// The answer's comment and who gave it ("buyer" or a person).
    pub(super) comment: String,
    pub(super) answered_by: String,
    pub(super) link_expires: String,
    pub(super) can_submit: bool,
    pub(super) can_answer: bool,
    pub(super) can_send: bool,
    /// The upload sits behind a disclosure for staff (it is the
    /// supplier's to do; staff upload for one that mailed its mock-up).
    pub(super) for_supplier: bool,
}

/// "5 h" or "3 d": how long since `since`.
pub(super) fn waited(lang: Lang, since: OffsetDateTime, now: OffsetDateTime) -> String {
    let hours = (now - since).whole_hours().max(0);
    match hours {
        h if h < 48 => lang.fill("age-hours", &[("n", h.into())]),
        h => lang.fill("age-days", &[("n", (h / 24).into())]),
    }
}

/// The card of `t`'s proof for `role`, when the task needs one.
pub(super) fn proof_card(layout: &Layout, t: &Task, role: Role) -> Option<ProofCard> {
    let p = t.proof.as_ref()?;
    let lang = layout.lang;
    let party = match role {
        Role::Supplier => ProofParty::Supplier,
        _ => ProofParty::Operator,
    };
    let may = |s: ProofStep| step(Some(p.status), s, party).is_ok();
    let open_task = matches!(t.status, TaskStatus::Assigned | TaskStatus::Accepted);
    // a cancelled or rejected task waits on nobody: its rounds, if any, are history
    let live = t.status.is_live();
    if !live && p.round == 0 {
        return None;
    }
    let (family, waits_on) = match p.status {
        ProofStatus::Required | ProofStatus::ChangesRequested => {
            ("waiting", "proof-waits-supplier")
        }
        ProofStatus::Submitted => ("working", "proof-waits-operator"),
        ProofStatus::WithBuyer => ("working", "proof-waits-buyer"),
        ProofStatus::Approved => ("done", ""),
    };
    let latest = p.latest.as_ref();
    let files = latest.map_or_else(Vec::new, |r| {
        r.files
            .iter()
            .map(|f| {
                let url = format!("/api/v1/tasks/{}/proofs/files/{}", t.id, f.name);
                let shown = f
                    .original_name
                    .clone()
                    .unwrap_or_else(|| f.kind.to_string());
                (url, f.kind.is_picture(), shown)
            })
            .collect()
    });
    Some(ProofCard {
        status: lang.t(&format!("proof-status-{}", p.status.as_str())),
        family,
        round: p.round,
        waited: waited(lang, p.since, OffsetDateTime::now_utc()),
        waits_on: if waits_on.is_empty() || !live {
            ""
        } else {
            lang.t(waits_on)
        },
        files,
        note: latest.and_then(|r| r.note.clone()).unwrap_or_default(),
        comment: latest.and_then(|r| r.comment.clone()).unwrap_or_default(),
        answered_by: latest
            .and_then(|r| r.answered_by.as_deref())
            .map(|by| match by {
                "buyer" => lang.t("proof-by-buyer").to_owned(),
                person => person.trim_start_matches("user:").to_owned(),
            })
            .unwrap_or_default(),
        link_expires: match p.status {
            ProofStatus::WithBuyer => layout.when(latest.and_then(|r| r.link_expires_at)),
            _ => String::new(),
        },
        can_submit: open_task && may(ProofStep::Submit),
        can_answer: live && may(ProofStep::Approve),
        can_send: live && may(ProofStep::SendToBuyer),
        for_supplier: role != Role::Supplier,
    })
}

/// A round as posted from a card: `csrf`, `back`, `note` and `file`s.
pub async fn submit_round(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let form = super::posted::upload(&s, &headers, &layout, form).await?;
    p.require(Capability::WorkTasks)?;
    let back = local_path(&form.text("back"));
    let result = submit(&s, &p, &id, form).await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |t: &Task| {
            Flash::done(lang.fill("flash-proof_submitted", &[("sku", t.sku.as_str().into())]))
        },
        |f| f,
    )
}

/// An operator's answer as posted: `decision` and `comment`.
#[derive(serde::Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    comment: String,
}

/// Approves the waiting round or asks for changes.
pub async fn answer(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<AnswerForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::ManageOrders)?;
    let back = local_path(&form.back);
    let Some(decision) = ProofVerdict::parse(&form.decision) else {
        let code = ErrorCode::InvalidValue;
        return Ok(super::flash::refuse_value(
            &s, &layout, &back, "decision", code,
        ));
    };
    let asked = ProofDecision {
        decision,
        comment: Some(form.comment.clone()),
    };
    let result = s.store.answer_proof(&p.actor, &id, asked).await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |t: &Task| {
            let key = match decision {
                ProofVerdict::Approve => "flash-proof_approved",
                ProofVerdict::RequestChanges => "flash-proof_changes",
            };
            Flash::done(lang.fill(key, &[("sku", t.sku.as_str().into())]))
        },
        |f| f.keeping(&format!("proof-{id}"), [("comment", form.comment.as_str())]),
    )
}

/// Sending to the buyer as posted: `days` the link works.
#[derive(serde::Deserialize)]
pub struct SendForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
    #[serde(default)]
    days: String,
}

/// Makes the buyer's link and shows it once, in the message.
pub async fn send(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<SendForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::ManageOrders)?;
    let back = local_path(&form.back);
    let request = BuyerLinkRequest {
        days: form.days.trim().parse().ok(),
    };
    let result = match request.days() {
        Ok(days) => s
            .store
            .send_proof(&p.actor, &id, days)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(ApiError::from(e)),
    };
    let base = base_url(&s, &headers);
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |(token, expires)| {
            let until = layout.when(Some(*expires));
            Flash::done(lang.fill("flash-proof_link", &[("until", until.into())]))
                .once(format!("{base}/proof/{token}"))
        },
        |f| f,
    )
}
