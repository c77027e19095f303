//! A proof round as it arrives: a multipart form of files (each checked
//! by its content, stored by its hash) and a note; and a stored proof file
//! served so that a browser shows it and runs nothing in it.

use crate::AppState;
use crate::auth::Principal;
use crate::problem::ApiError;
use axum::extract::Multipart;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use orderhub_channels::catalogue;
use orderhub_domain::ErrorCode;
use orderhub_domain::model::Task;
use orderhub_domain::proof::{MAX_PROOF_FILES, ProofFile, ProofKind};
use orderhub_store::FileBody;
use std::collections::HashMap;

/// The largest round a request may carry: every file at its limit, and
/// room for the note and the form's framing.
pub(crate) const MAX_ROUND_BYTES: usize =
    MAX_PROOF_FILES * orderhub_domain::proof::MAX_PROOF_BYTES + 64 * 1024;

/// The longest text field read from the form (a note of 2,000 characters
/// in any script fits).
const MAX_TEXT_FIELD: usize = 16 * 1024;

/// One file of a round as sent.
pub(crate) struct Upload {
    pub name: Option<String>,
    pub bytes: Vec<u8>,
}

/// A proof form: its `file` parts (empty ones, which a browser sends when
/// nothing was chosen, left out) and its text fields.
pub(crate) struct ProofForm {
    pub files: Vec<Upload>,
    pub texts: HashMap<String, String>,
}

impl ProofForm {
    /// A text field, trimmed ("" when absent).
    pub fn text(&self, name: &str) -> String {
        self.texts
            .get(name)
            .map(|t| t.trim().to_owned())
            .unwrap_or_default()
    }
}

fn unreadable(detail: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::UnreadableBody, detail)
}

/// Reads the form, refusing more than [`MAX_PROOF_FILES`] files as soon as
/// the next one starts (the route's body limit bounds the rest).
pub(crate) async fn read_form(mut form: Multipart) -> Result<ProofForm, ApiError> {
    let mut out = ProofForm {
        files: Vec::new(),
        texts: HashMap::new(),
    };
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| unreadable(e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        if name == "file" && out.files.len() >= MAX_PROOF_FILES {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::TooMany,
                format!("a round has at most {MAX_PROOF_FILES} files"),
            )
            .field("file"));
        }
        let bytes = field.bytes().await.map_err(|e| unreadable(e.body_text()))?;
        if name == "file" {
            if !bytes.is_empty() {
                out.files.push(Upload {
                    name: file_name,
                    bytes: bytes.to_vec(),
                });
            }
        } else if bytes.len() <= MAX_TEXT_FIELD {
            out.texts
                .insert(name, String::from_utf8_lossy(&bytes).into_owned());
        } else {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::TooLong,
                "a text field of the form is too long",
            )
            .field(&name));
        }
    }
    Ok(out)
}

/// What the uploader called a file, for showing: its last path part,
/// without control characters, at most 120 characters.
fn shown_name(name: Option<String>) -> Option<String> {
    let name = name?;
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(120).collect();
    Some(clean.trim().to_owned()).filter(|n| !n.is_empty())
}

/// Checks and stores every file, then submits the round (every file is
/// checked before any is stored: a round with one bad file stores none).
pub(crate) async fn submit(
    s: &AppState,
    p: &Principal,
    task_id: &str,
    form: ProofForm,
) -> Result<Task, ApiError> {
    // another party's task is not found before anything is stored
    s.store.get_task(task_id, &p.scope).await?;
    if form.files.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Required,
            "choose the mock-up: a JPEG, PNG or PDF file",
        )
        .field("file"));
    }
    let note = Some(form.text("note")).filter(|n| !n.is_empty());
    let files = store_files(s, form.files).await?;
    Ok(s.store
        .submit_proof(&p.actor, &p.scope, task_id, files, note)
        .await?)
}

/// Checks every file by its content (JPEG, PNG or PDF within their
/// limits), then stores them by hash: a form with one bad file stores none.
pub(crate) async fn store_files(
    s: &AppState,
    uploads: Vec<Upload>,
) -> Result<Vec<ProofFile>, ApiError> {
    let mut kinds = Vec::new();
    for (i, f) in uploads.iter().enumerate() {
        let field = format!("file[{i}]");
        kinds.push(catalogue::proof_file(&field, &f.bytes).map_err(ApiError::from)?);
    }
    let mut files = Vec::new();
    for (f, kind) in uploads.into_iter().zip(kinds) {
        let bytes = f.bytes.len() as i64;
        let name = s.store.put_proof_file(f.bytes, kind).await?;
        files.push(ProofFile {
            name,
            kind,
            bytes,
            original_name: shown_name(f.name),
        });
    }
    Ok(files)
}

/// A stored proof file as a response: a picture shown inline, a PDF
/// downloaded; either sandboxed, never sniffed.
pub(crate) fn served(body: FileBody, kind: ProofKind) -> Response {
    let disposition = match kind {
        ProofKind::Pdf => "attachment; filename=\"proof.pdf\"",
        _ => "inline",
    };
    stored(body, kind.content_type(), disposition.into(), true)
}

/// A stored file as a response: its length, then its bytes as they are
/// read (never loaded whole); shown or downloaded as `disposition` says,
/// sandboxed, never sniffed, and kept by the browser when `immutable`
/// (its name is its hash).
pub(crate) fn stored(
    body: FileBody,
    content_type: &'static str,
    disposition: String,
    immutable: bool,
) -> Response {
    let mut res = axum::body::Body::from_stream(body.stream).into_response();
    let headers = res.headers_mut();
    let fixed = [
        (header::CONTENT_TYPE, content_type),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, header::HeaderValue::from_static(value));
    }
    headers.insert(header::CONTENT_LENGTH, body.size.into());
    if let Ok(d) = header::HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, d);
    }
    if immutable {
        headers.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("private, max-age=31536000, immutable"),
        );
    }
    res
}

/// The refusal of a body that is not a multipart form.
pub(crate) fn multipart_expected(e: &axum::extract::multipart::MultipartRejection) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::UnsupportedMediaType,
        format!("send the files as multipart/form-data with file parts ({e})"),
    )
}

/// The stored names of a form's files, checked by content (422 `required`
/// on `file` when none was chosen; `what` says what to choose).
pub(crate) async fn stored_names(
    s: &AppState,
    form: ProofForm,
    what: &str,
) -> Result<Vec<String>, ApiError> {
    if form.files.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Required,
            format!("choose {what}: a JPEG, PNG or PDF file"),
        )
        .field("file"));
    }
    Ok(store_files(s, form.files)
        .await?
        .into_iter()
        .map(|f| f.name)
        .collect())
}

/// A stored PDF as a download named `file` (with `digest` as its
/// `Repr-Digest`, when given), sandboxed, never sniffed.
pub(crate) fn pdf_download(body: FileBody, file: &str, digest: Option<String>) -> Response {
    let disposition = format!("attachment; filename=\"{file}\"");
    let mut res = stored(body, "application/pdf", disposition, false);
    if let Some(d) = digest.and_then(|d| header::HeaderValue::from_str(&d).ok()) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("repr-digest"), d);
    }
    res
}
