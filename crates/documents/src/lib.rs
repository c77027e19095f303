//! orderhub's printed documents, rendered as PDF with an embedded,
//! subsetted CJK font so Chinese prints on any reader. The same stored
//! data and font give the same bytes, so a document's SHA-256 is stable:
//! what a signer saw can be shown again and checked.
//!
//! Why krilla: a maintained PDF writer with text shaping and font
//! subsetting (a whole CJK font is tens of MB; a contract uses a few
//! hundred glyphs). Layout is line by line ([`layout`]), which suits
//! contracts, invoices and work sheets and needs no typesetting engine;
//! sheets add cards (a QR code, lines, a picture).

mod contract;
mod font;
mod invoice;
mod layout;
mod sheets;

pub use contract::contract_pdf;
pub use font::{FONT_CANDIDATES, PdfFont};
pub use invoice::invoice_pdf;
pub use layout::Picture;
pub use sheets::{Sheet, SheetLang, SheetTask, sheet_pdf};

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// No font that prints Chinese was found or configured.
    #[error(
        "no font that prints Chinese: install fonts-noto-cjk, or set ORDERHUB_PDF_FONT to a .ttf/.otf/.ttc file (path#face for a collection)"
    )]
    NoFont,
    /// The configured font could not be read or lacks Chinese glyphs.
    #[error("the font {0} cannot be used: {1}")]
    BadFont(String, String),
    /// The PDF writer failed.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// The SHA-256 of a document, hex, as signers see it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
