//! The hostile-file rules of a proof's files: what the bytes are (never
//! the name), how large, and — for pictures — how many pixels, all read
//! before anything is stored. Proof files are never decoded by orderhub;
//! they are served back as they came, with headers that keep a browser
//! from running anything in them.

use crate::ErrorCode;
use crate::validate::ValidationError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The largest proof file, in bytes (10 MB as 10,485,760 bytes): a
/// print-ready PDF mock-up is larger than a product photo.
pub const MAX_PROOF_BYTES: usize = 10 * 1024 * 1024;
/// The most files in one round.
pub const MAX_PROOF_FILES: usize = 5;
/// The longest side of a proof picture, in pixels.
pub const MAX_PROOF_SIDE: usize = 10_000;
/// The most pixels of a proof picture (the product picture limit: a
/// browser showing it decodes it whole).
pub const MAX_PROOF_PIXELS: usize = 25_000_000;

vocabulary!(
    /// What a proof file is, read from its first bytes.
    ProofKind {
        Jpeg => "jpeg",
        Png => "png",
        Pdf => "pdf",
    }
);

impl ProofKind {
    /// The `Content-Type` it is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            ProofKind::Jpeg => "image/jpeg",
            ProofKind::Png => "image/png",
            ProofKind::Pdf => "application/pdf",
        }
    }

    /// The extension of its stored name.
    pub fn extension(self) -> &'static str {
        match self {
            ProofKind::Jpeg => "jpg",
            ProofKind::Png => "png",
            ProofKind::Pdf => "pdf",
        }
    }

    /// Whether a browser shows it as a picture.
    pub fn is_picture(self) -> bool {
        self != ProofKind::Pdf
    }
}

/// One file of a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProofFile {
    /// The stored name: the SHA-256 of its bytes and its extension.
    pub name: String,
    pub kind: ProofKind,
    /// Its size in bytes.
    pub bytes: i64,
    /// What the uploader called it (shown, never used as a path).
    pub original_name: Option<String>,
}

/// What the bytes are, by their signature; `None` for anything else.
pub fn sniff(bytes: &[u8]) -> Option<ProofKind> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ProofKind::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ProofKind::Png)
    } else if bytes.starts_with(b"%PDF-") {
        Some(ProofKind::Pdf)
    } else {
        None
    }
}

/// Names in a PDF that make it act rather than show: scripts, launching
/// programs, files carried inside, forms that submit, actions on open.
const PDF_ACTIVE: &[&[u8]] = &[
    b"/JavaScript",
    b"/JS",
    b"/Launch",
    b"/EmbeddedFile",
    b"/SubmitForm",
    b"/OpenAction",
    b"/AA",
    b"/RichMedia",
];

/// The proof file rule: a JPEG, PNG or PDF by content, at most
/// [`MAX_PROOF_BYTES`]; a picture whose header gives its `size` within
/// [`MAX_PROOF_SIDE`] and [`MAX_PROOF_PIXELS`]; a PDF that is whole (ends
/// in `%%EOF`) and names no active content ([`PDF_ACTIVE`], read where it
/// is not compressed; the file is served sandboxed either way).
pub fn check_file(
    field: &str,
    bytes: &[u8],
    size: Option<(usize, usize)>,
) -> Result<ProofKind, ValidationError> {
    if bytes.len() > MAX_PROOF_BYTES {
        return Err(ValidationError::new(
            field,
            ErrorCode::FileTooLarge,
            format!("is over 10 MB ({MAX_PROOF_BYTES} bytes); make it smaller"),
        ));
    }
    let kind = sniff(bytes).ok_or_else(|| {
        ValidationError::new(
            field,
            ErrorCode::UnsupportedFile,
            "is not a JPEG, PNG or PDF file (its content decides, not its name)",
        )
    })?;
    match kind {
        ProofKind::Pdf => check_pdf(field, bytes)?,
        _ => check_picture(field, size)?,
    }
    Ok(kind)
}

fn check_picture(field: &str, size: Option<(usize, usize)>) -> Result<(), ValidationError> {
    let Some((w, h)) = size else {
        return Err(ValidationError::new(
            field,
            ErrorCode::UnsupportedFile,
            "is a picture whose size cannot be read; save it again as JPEG or PNG",
        ));
    };
    if w == 0 || h == 0 || w > MAX_PROOF_SIDE || h > MAX_PROOF_SIDE || w * h > MAX_PROOF_PIXELS {
        return Err(ValidationError::new(
            field,
            ErrorCode::ImageDimensionsTooLarge,
            format!(
                "is {w}×{h} pixels; at most {MAX_PROOF_SIDE} on a side and {} megapixels are taken",
                MAX_PROOF_PIXELS / 1_000_000
            ),
        ));
    }
    Ok(())
}

fn check_pdf(field: &str, bytes: &[u8]) -> Result<(), ValidationError> {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !contains(tail, b"%%EOF") {
        return Err(ValidationError::new(
            field,
            ErrorCode::UnsupportedFile,
            "is a PDF that is cut short (no %%EOF at its end)",
        ));
    }
    if let Some(name) = PDF_ACTIVE.iter().find(|n| contains_name(bytes, n)) {
        return Err(ValidationError::new(
            field,
            ErrorCode::UnsafePdf,
            format!(
                "is a PDF with active content ({}); print it to a plain PDF and send that",
                String::from_utf8_lossy(name)
            ),
        ));
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A PDF name stands alone: `/JS` is not `/JSON` nor the start of a font
/// name, so the next byte must be a delimiter or white space.
fn contains_name(bytes: &[u8], name: &[u8]) -> bool {
    bytes.windows(name.len() + 1).any(|w| {
        &w[..name.len()] == name
            && matches!(
                w[name.len()],
                b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0' | b'/' | b'(' | b'<' | b'[' | b'>'
            )
    })
}
