//! A supplier answers a change of its task's line from the card (the
//! rules are `orderhub_domain::amend`'s).

use super::flash::{Flash, back_to};
use super::tasks::local_path;
use super::{Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use orderhub_domain::Capability;
use orderhub_domain::amend::{AmendmentAnswer, AmendmentDecision};
use orderhub_domain::model::Task;

/// The answer as posted.
#[derive(serde::Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    reason: String,
}

/// Accepts or refuses the change waiting on a task.
pub async fn answer(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<AnswerForm>,
) -> Result<Response, ApiError> {
    check_post(&s, &headers, &layout, &form.csrf)?;
    p.require(Capability::WorkTasks)?;
    let back = local_path(&form.back);
    let Some(answer) = AmendmentAnswer::parse(&form.answer) else {
        let code = orderhub_domain::ErrorCode::InvalidValue;
        return Ok(super::flash::refuse_value(
            &s, &layout, &back, "answer", code,
        ));
    };
    let decision = AmendmentDecision {
        answer,
        reason: Some(form.reason.clone()),
    };
    let result = s
        .store
        .decide_amendment(&p.actor, &p.scope, &id, decision)
        .await;
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |t: &Task| {
            let key = match answer {
                AmendmentAnswer::Accept => "flash-amend_accepted",
                AmendmentAnswer::Refuse => "flash-amend_refused",
            };
            Flash::done(lang.fill(key, &[("sku", t.sku.as_str().into())]))
        },
        |f| f,
    )
}
