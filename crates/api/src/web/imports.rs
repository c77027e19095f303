//! Importing a spreadsheet of orders from the browser: upload, see what it
//! holds (every refused row with its number and reason), then import. The
//! previewed file waits on disk for 15 minutes, for its uploader only
//! (`orderhub_store::Preview`).

use super::catalog::unless_staff;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::actions::imports::{
    ImportQuery, ImportReport, SupplierImportReport, run, run_suppliers,
};
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orderhub_channels::spreadsheet::RowError;
use orderhub_domain::ErrorCode;
use orderhub_store::Preview;
use std::collections::HashMap;

/// A multipart form's fields: name → (file name, bytes).
pub(crate) async fn multipart_fields(
    mut form: Multipart,
) -> Result<HashMap<String, (Option<String>, Vec<u8>)>, ApiError> {
    let mut fields = HashMap::new();
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let file = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await.map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::UnreadableBody,
                e.body_text(),
            )
        })?;
        fields.insert(name, (file, bytes.to_vec()));
    }
    Ok(fields)
}

/// A multipart field as trimmed text ("" when absent).
pub(crate) fn text_field(fields: &HashMap<String, (Option<String>, Vec<u8>)>, k: &str) -> String {
    fields
        .get(k)
        .map(|(_, b)| String::from_utf8_lossy(b).trim().to_owned())
        .unwrap_or_default()
}

/// The rows a 422 `invalid_rows` lists.
pub(crate) fn row_errors(e: &ApiError) -> Vec<RowError> {
    e.problem
        .extra
        .get("errors")
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}

#[derive(Template, WebTemplate)]
#[template(path = "imports.html")]
struct ImportPage {
    layout: Layout,
    /// `orders` or `suppliers`: what the file holds.
    kind: String,
    report: Option<ImportReport>,
    suppliers: Option<SupplierImportReport>,
    errors: Vec<RowError>,
    /// A previewed file waiting for "import".
    token: Option<String>,
    name: String,
    platform: String,
    /// The column mapping and date order as typed (kept with the preview).
    map: String,
    dates: String,
    message: String,
}

impl ImportPage {
    /// Field names to type in the column mapping.
    fn map_fields(&self) -> &'static [&'static str] {
        orderhub_channels::spreadsheet::columns::COMMON_NAMES
    }

    /// What a previewed order file holds, as one sentence.
    fn found_orders(&self, r: &ImportReport) -> String {
        self.layout.lang.fill(
            "imports-found_orders",
            &[
                ("file", self.name.as_str().into()),
                ("encoding", r.encoding.as_str().into()),
                ("rows", r.rows.into()),
                ("orders", r.orders.into()),
                ("stored", r.already_stored.into()),
            ],
        )
    }

    /// What a previewed supplier file holds, as one sentence.
    fn found_suppliers(&self, r: &SupplierImportReport) -> String {
        self.layout.lang.fill(
            "imports-found_suppliers",
            &[
                ("file", self.name.as_str().into()),
                ("encoding", r.encoding.as_str().into()),
                ("count", r.suppliers.into()),
            ],
        )
    }
}

fn page(layout: Layout) -> ImportPage {
    ImportPage {
        layout,
        kind: "orders".into(),
        report: None,
        suppliers: None,
        errors: Vec::new(),
        token: None,
        name: String::new(),
        platform: "csv".into(),
        map: String::new(),
        dates: String::new(),
        message: String::new(),
    }
}

pub async fn import_form(Session(p, layout): Session) -> Response {
    if let Some(redirect) = unless_staff(&p) {
        return redirect;
    }
    page(layout).into_response()
}

/// The form's fields: `csrf`, `platform`, and `file` (a new upload,
/// previewed) or `token` (a previewed file, imported).
pub async fn import_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    form: Multipart,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let mut fields = multipart_fields(form).await?;
    let text = |k: &str| text_field(&fields, k);
    check_post(&s, &headers, &layout, &text("csrf"))?;
    let who = p.actor.label.clone();
    let platform = Some(text("platform"))
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "csv".into());
    let mut view = page(layout);
    view.platform = platform.clone();
    view.kind = match text("kind").as_str() {
        "suppliers" => "suppliers".into(),
        _ => "orders".into(),
    };
    (view.map, view.dates) = (text("map"), text("dates"));
    let token = text("token");
    let upload = fields.remove("file").filter(|(_, b)| !b.is_empty());
    let (name, bytes, dry_run) = match upload {
        Some((file, bytes)) => (file.unwrap_or_default(), bytes, true),
        None => match s.store.take_preview(&who, &token).await? {
            Some((preview, bytes)) => {
                let (name, kept) = (preview.name, preview.choices);
                // what was previewed decides, not the confirm form
                if let [platform, kind, map, dates] = kept.as_slice() {
                    (view.platform, view.kind) = (platform.clone(), kind.clone());
                    (view.map, view.dates) = (map.clone(), dates.clone());
                }
                (name, bytes, false)
            }
            None => {
                view.message = view.layout.t("imports-expired").to_owned();
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response());
            }
        },
    };
    let q = ImportQuery {
        name: Some(name.clone()),
        platform: Some(view.platform.clone()),
        dry_run: Some(dry_run),
        map: Some(view.map.clone()),
        dates: Some(view.dates.clone()),
    };
    view.name = name.clone();
    let choices = vec![
        view.platform.clone(),
        view.kind.clone(),
        view.map.clone(),
        view.dates.clone(),
    ];
    let result = match view.kind.as_str() {
        "suppliers" => run_suppliers(&s, &p, &q, &bytes).await.map(|r| {
            let more = r.suppliers > 0;
            view.suppliers = Some(r);
            more
        }),
        _ => run(&s, &p, &q, &bytes).await.map(|r| {
            let more = r.orders > r.already_stored;
            view.report = Some(r);
            more
        }),
    };
    match result {
        Ok(_) if !dry_run => {
            // taken: the outcome on the list it filled (a reload shows the
            // list, it does not import again)
            let lang = view.layout.lang;
            let (to, done) = match (&view.report, &view.suppliers) {
                (Some(r), _) => (
                    format!(
                        "/orders?platform={}",
                        orderhub_channels::percent_encode(&view.platform)
                    ),
                    lang.fill(
                        "flash-imported_orders",
                        &[
                            ("file", (&name).into()),
                            ("created", r.created.into()),
                            ("stored", r.already_stored.into()),
                        ],
                    ),
                ),
                (None, Some(r)) => (
                    "/suppliers".to_owned(),
                    lang.fill(
                        "flash-imported_suppliers",
                        &[("file", (&name).into()), ("created", r.created.into())],
                    ),
                ),
                (None, None) => ("/imports".to_owned(), String::new()),
            };
            Ok(super::flash::redirect(
                &s,
                &view.layout,
                &to,
                super::flash::Flash::done(done),
            ))
        }
        Ok(something_new) => {
            if dry_run && something_new {
                let preview = Preview { who, name, choices };
                view.token = Some(s.store.keep_preview(preview, bytes).await?);
            }
            Ok(view.into_response())
        }
        Err(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY => {
            view.errors = row_errors(&e);
            view.message = e.problem.detail.clone();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
        }
        Err(e) => Err(e),
    }
}
