//! Reading the upload's zip as hostile input: its size checked before it
//! is opened, names that climb out or are links refused, the sheet found,
//! and each picture a row names resolved to one entry.

use super::{MAX_ENTRIES, MAX_UNPACKED, MAX_UPLOAD_BYTES};
use crate::spreadsheet::{RowError, file_error};
use orderhub_domain::ErrorCode;
use orderhub_domain::ValidationError;
use std::io::Cursor;

pub(super) fn open(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, RowError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_big());
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| RowError {
        code: ErrorCode::NotAZip,
        ..file_error(format!(
            "not a readable .zip file ({e}): zip the product sheet and the pictures together"
        ))
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(RowError {
            code: ErrorCode::ZipTooLarge,
            ..file_error(format!("more than {MAX_ENTRIES} files in the zip"))
        });
    }
    Ok(zip)
}

pub(super) fn too_big() -> RowError {
    RowError {
        code: ErrorCode::ZipTooLarge,
        ..file_error(format!(
            "the upload unpacks to more than {} MB (or is over {} MB zipped): split it",
            MAX_UNPACKED >> 20,
            MAX_UPLOAD_BYTES >> 20
        ))
    }
}

/// The files in the zip, by their path; a name that could escape a folder
/// (`../x`, `/etc/x`, `C:\x`) or a symlink refuses the whole upload.
pub(super) fn entries(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<Vec<String>, RowError> {
    let mut paths = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| file_error(e.to_string()))?;
        let raw = String::from_utf8_lossy(entry.name_raw()).into_owned();
        // enclosed_name() lets `/etc/x` through as `etc/x`: refuse it too
        let unsafe_name = raw.split(['/', '\\']).any(|p| p == "..")
            || raw.starts_with(['/', '\\'])
            || raw.get(1..2) == Some(":");
        if entry.enclosed_name().is_none() || unsafe_name || entry.is_symlink() {
            return Err(RowError {
                row: 0,
                column: raw.clone(),
                code: ErrorCode::UnsafePath,
                reason: format!(
                    "the zip holds {raw:?}, a name outside the zip's folder or a link: refused"
                ),
            });
        }
        let hidden = raw.starts_with("__MACOSX/") || raw.split('/').any(|p| p.starts_with('.'));
        if !entry.is_dir() && !hidden {
            paths.push(raw);
        }
    }
    Ok(paths)
}

/// The one product sheet in the zip.
pub(super) fn sheet(entries: &[String]) -> Result<String, RowError> {
    let sheets: Vec<&String> = entries
        .iter()
        .filter(|p| {
            let p = p.to_lowercase();
            [".csv", ".tsv", ".tab", ".txt", ".xlsx"]
                .iter()
                .any(|e| p.ends_with(e))
        })
        .collect();
    match sheets.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(RowError {
            code: ErrorCode::NoSheet,
            ..file_error("the zip holds no product sheet (.csv, .tsv or .xlsx)")
        }),
        many => Err(RowError {
            code: ErrorCode::SeveralSheets,
            ..file_error(format!(
                "the zip holds {} sheets ({}); put exactly one in it",
                many.len(),
                many.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }),
    }
}

/// The zip path a sheet's picture reference means: the exact path, or the
/// one file whose path ends with it (`mug.jpg` finds `images/mug.jpg`),
/// then the same without case.
pub(super) fn resolve(entries: &[String], reference: &str) -> Result<String, ValidationError> {
    let wanted = reference.trim().replace('\\', "/");
    let wanted = wanted.trim_start_matches("./").trim_start_matches('/');
    let field = "image";
    if wanted.split('/').any(|p| p == "..") {
        return Err(ValidationError::new(
            field,
            ErrorCode::UnsafePath,
            format!("{reference:?} climbs out of the zip"),
        ));
    }
    let lower = wanted.to_lowercase();
    let ext_ok = lower.ends_with(".jpg") || lower.ends_with(".jpeg");
    if !ext_ok {
        return Err(ValidationError::new(
            field,
            ErrorCode::NotJpeg,
            format!("{reference}: only .jpg pictures are accepted"),
        ));
    }
    let suffix = format!("/{wanted}");
    let lower_suffix = suffix.to_lowercase();
    let rules: [&dyn Fn(&String) -> bool; 3] =
        [&|p| p == wanted, &|p| p.ends_with(&suffix), &|p| {
            p.to_lowercase() == lower || p.to_lowercase().ends_with(&lower_suffix)
        }];
    for rule in rules {
        let found: Vec<&String> = entries.iter().filter(|p| rule(p)).collect();
        match found.as_slice() {
            [one] => return Ok((*one).clone()),
            [] => continue,
            many => {
                return Err(ValidationError::new(
                    field,
                    ErrorCode::ImageAmbiguous,
                    format!(
                        "{reference} could be any of {}: give its folder",
                        many.iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
    Err(ValidationError::new(
        field,
        ErrorCode::ImageNotFound,
        format!("{reference} is not in the zip"),
    ))
}
