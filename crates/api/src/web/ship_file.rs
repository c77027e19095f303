//! Shipping many tasks from a file in the browser (批量发货): a supplier
//! (or staff) uploads its waybill sheet; every task ships, or the page
//! lists each refused row and nothing ships.

use super::imports::{multipart_fields, row_errors, text_field};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::actions::imports::{ImportQuery, run_waybills};
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orderhub_channels::spreadsheet::RowError;
use orderhub_domain::Capability;

#[derive(Template, WebTemplate)]
#[template(path = "ship_file.html")]
struct ShipFilePage {
    layout: Layout,
    errors: Vec<RowError>,
    message: String,
}

pub async fn form(Session(p, layout): Session) -> Result<Response, ApiError> {
    p.require(Capability::WorkTasks)?;
    Ok(ShipFilePage {
        layout,
        errors: Vec::new(),
        message: String::new(),
    }
    .into_response())
}

/// The form's fields: `csrf` and `file`.
pub async fn post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    form: Multipart,
) -> Result<Response, ApiError> {
    p.require(Capability::WorkTasks)?;
    let mut fields = multipart_fields(form).await?;
    check_post(&s, &headers, &layout, &text_field(&fields, "csrf"))?;
    let (name, bytes) = fields
        .remove("file")
        .map(|(n, b)| (n.unwrap_or_default(), b))
        .unwrap_or_default();
    let q = ImportQuery {
        name: Some(name.clone()),
        platform: None,
        dry_run: Some(false),
        map: None,
        dates: None,
    };
    match run_waybills(&s, &p, &q, &bytes).await {
        Ok(report) => {
            let done = layout.lang.fill(
                "flash-shipped_from_file",
                &[("file", (&name).into()), ("count", report.tasks.into())],
            );
            Ok(super::flash::redirect(
                &s,
                &layout,
                "/tasks?status=shipped",
                super::flash::Flash::done(done),
            ))
        }
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let page = ShipFilePage {
                errors: row_errors(&e),
                message: e.problem.detail.clone(),
                layout,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}
