//! The font documents are set in: one that prints Chinese and Latin
//! alike, found among the system's fonts or named by configuration.

use crate::DocumentError;
use skrifa::{FontRef, MetadataProvider};
use std::sync::Arc;

/// Where a CJK font is looked for when none is configured: Debian's
/// `fonts-noto-cjk` (face 2 of the collection is Simplified Chinese), then
/// its Droid and WenQuanYi fallbacks.
pub const FONT_CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        0,
    ),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
];

/// A loaded font: its bytes, the face used, and the SHA-256 of the file
/// (kept with each document, so a re-rendering can tell it used the same).
#[derive(Clone)]
pub struct PdfFont {
    pub(crate) data: Arc<Vec<u8>>,
    pub(crate) index: u32,
    pub sha256: String,
}

impl std::fmt::Debug for PdfFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PdfFont(face {}, {})", self.index, self.sha256)
    }
}

impl PdfFont {
    /// The font at `spec` (`path` or `path#face`), or the first candidate
    /// present when none is given.
    pub fn find(spec: Option<&str>) -> Result<PdfFont, DocumentError> {
        match spec {
            Some(s) => {
                let (path, index) = match s.rsplit_once('#') {
                    Some((p, i)) => (p, i.parse().unwrap_or(0)),
                    None => (s, 0),
                };
                Self::load(path, index)
            }
            None => FONT_CANDIDATES
                .iter()
                .find(|(p, _)| std::path::Path::new(p).exists())
                .ok_or(DocumentError::NoFont)
                .and_then(|(p, i)| Self::load(p, *i)),
        }
    }

    /// Reads the font and checks it has the glyphs a contract needs.
    pub fn load(path: &str, index: u32) -> Result<PdfFont, DocumentError> {
        let bad = |why: String| DocumentError::BadFont(path.to_owned(), why);
        let data = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
        PdfFont::from_bytes(data, index).map_err(|e| match e {
            DocumentError::BadFont(_, why) => bad(why),
            other => other,
        })
    }

    /// A font from its bytes.
    pub fn from_bytes(data: Vec<u8>, index: u32) -> Result<PdfFont, DocumentError> {
        let bad = |why: &str| DocumentError::BadFont("(bytes)".into(), why.to_owned());
        let face = FontRef::from_index(&data, index).map_err(|e| bad(&e.to_string()))?;
        let charmap = face.charmap();
        if "合同Aa1".chars().any(|c| charmap.map(c).is_none()) {
            return Err(bad("it has no glyphs for Chinese and Latin text"));
        }
        let sha256 = crate::sha256_hex(&data);
        Ok(PdfFont {
            data: Arc::new(data),
            index,
            sha256,
        })
    }

    /// How wide `text` is at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(face) = FontRef::from_index(&self.data, self.index) else {
            return text.chars().count() as f32 * size;
        };
        let charmap = face.charmap();
        let metrics = face.glyph_metrics(
            skrifa::instance::Size::new(size),
            skrifa::instance::LocationRef::default(),
        );
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size)
            })
            .sum()
    }
}
