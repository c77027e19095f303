//! Forms whose fields are not known in advance (a value per line:
//! `price_1`, `quantity_2` …), read as name → value, with the few ways
//! the B2B pages read a field.

use super::flash::Flash;
use crate::problem::ApiError;
use axum::http::StatusCode;
use orderhub_domain::ErrorCode;
use std::collections::HashMap;
use std::str::FromStr;

/// A form as posted: every (name, value) pair.
pub(super) type Posted = Vec<(String, String)>;

/// The form by field name.
pub(super) fn fields(posted: Posted) -> HashMap<String, String> {
    posted.into_iter().collect()
}

/// The form by field name, once its origin and CSRF token are checked.
pub(super) fn checked(
    s: &crate::AppState,
    headers: &axum::http::HeaderMap,
    layout: &super::Layout,
    posted: Posted,
) -> Result<HashMap<String, String>, ApiError> {
    let form = fields(posted);
    super::check_post(s, headers, layout, field(&form, "csrf"))?;
    Ok(form)
}

/// A list typed one `SKU amount` per line (a space, tab or comma between),
/// at most `max` lines read (the caller's own check refuses more); a line
/// that is not one is refused on `name`, saying which and how to write it.
pub(super) fn sku_lines<T: FromStr>(
    typed: &str,
    max: usize,
    name: &'static str,
    example: &str,
) -> Result<Vec<(String, T)>, ApiError> {
    let bad = |n: usize| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidRows,
            format!("line {n}: write a SKU and a number, e.g. {example}"),
        )
        .field(name)
    };
    let lines = typed.lines().map(str::trim).enumerate();
    let lines = lines.filter(|(_, l)| !l.is_empty()).take(max + 1);
    lines
        .map(|(i, l)| {
            let (sku, n) = l
                .rsplit_once([' ', '\t', ',', '，'])
                .ok_or_else(|| bad(i + 1))?;
            let n = n.trim().parse().map_err(|_| bad(i + 1))?;
            Ok((sku.trim().trim_end_matches(',').to_owned(), n))
        })
        .collect()
}

/// A field trimmed, empty when absent.
pub(super) fn field<'a>(form: &'a HashMap<String, String>, name: &str) -> &'a str {
    form.get(name).map_or("", |v| v.trim())
}

/// A field that was filled in.
pub(super) fn text(form: &HashMap<String, String>, name: &str) -> Option<String> {
    Some(field(form, name).to_owned()).filter(|v| !v.is_empty())
}

/// A number typed in `name`, if any; 422 on the field when it is not one.
pub(super) fn number<T: FromStr>(
    form: &HashMap<String, String>,
    name: &str,
) -> Result<Option<T>, ApiError> {
    text(form, name)
        .map(|v| v.parse())
        .transpose()
        .map_err(|_| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::InvalidNumber,
                "not a number",
            )
            .field(name)
        })
}

/// The ids of the ticked checkboxes named `<prefix><id>`.
pub(super) fn ticked(form: &HashMap<String, String>, prefix: &str) -> Vec<String> {
    form.iter()
        .filter(|(_, v)| v.as_str() == "on")
        .filter_map(|(k, _)| k.strip_prefix(prefix).map(str::to_owned))
        .collect()
}

/// `flash` keeping what was typed in `form` (all but the CSRF token) for
/// the form `key`, so a refusal brings it back filled in.
pub(super) fn keep(flash: Flash, key: &str, form: &HashMap<String, String>) -> Flash {
    let typed = form.iter().filter(|(k, _)| k.as_str() != "csrf");
    flash.keeping(key, typed.map(|(k, v)| (k.as_str(), v.as_str())))
}

/// The line numbers a form names (`price_3` → 3 for prefix `price_`), in
/// order.
pub(super) fn line_numbers(form: &HashMap<String, String>, prefix: &str) -> Vec<i64> {
    let mut nos: Vec<i64> = form
        .keys()
        .filter_map(|k| k.strip_prefix(prefix)?.parse().ok())
        .collect();
    nos.sort_unstable();
    nos
}

/// A posted multipart form (files and fields) with its CSRF token checked:
/// what every upload form of the web app reads first.
pub(super) async fn upload(
    s: &crate::AppState,
    headers: &axum::http::HeaderMap,
    layout: &super::Layout,
    form: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<crate::actions::proofs::ProofForm, ApiError> {
    use crate::actions::proofs::{multipart_expected, read_form};
    let form = read_form(form.map_err(|e| multipart_expected(&e))?).await?;
    super::check_post(s, headers, layout, &form.text("csrf"))?;
    Ok(form)
}

/// The notification topics ticked in a form (`topic` boxes), unknown
/// words skipped.
pub(super) fn topics(posted: &Posted) -> Vec<orderhub_domain::notify::Topic> {
    posted
        .iter()
        .filter(|(k, _)| k == "topic")
        .filter_map(|(_, v)| orderhub_domain::notify::Topic::parse(v))
        .collect()
}
