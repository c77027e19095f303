//! Line-by-line layout on A4 pages: paragraphs wrapped to the text
//! width (Chinese between any two characters, other scripts at spaces),
//! a rule, a page break when the page is full, and a footer on each page.

use crate::{DocumentError, PdfFont};
use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};

/// A4 in points.
const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 56.0;
/// Where the last line of a page may sit (the footer is below).
const BOTTOM: f32 = PAGE.1 - MARGIN - 18.0;

/// One thing to print.
pub(crate) enum Block {
    /// A paragraph at a size, with an indent in points.
    Text {
        text: String,
        size: f32,
        indent: f32,
    },
    /// Vertical space, in points.
    Space(f32),
    /// A thin rule across the text width.
    Rule,
}

impl Block {
    pub fn text(text: impl Into<String>, size: f32) -> Block {
        Block::Text {
            text: text.into(),
            size,
            indent: 0.0,
        }
    }

    pub fn indented(text: impl Into<String>, size: f32, indent: f32) -> Block {
        Block::Text {
            text: text.into(),
            size,
            indent,
        }
    }
}

/// Whether a character may be broken before or after on its own (CJK
/// ideographs, kana, fullwidth forms and CJK punctuation).
fn breaks_alone(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Punctuation that never starts a line (禁则): it stays with what it ends.
fn closes(c: char) -> bool {
    "。，、；：！？）」』】》〉.,;:!?)".contains(c)
}

/// The pieces a line may break between: a CJK character, a word with the
/// spaces after it.
fn pieces(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if closes(c) && word.is_empty() && !out.is_empty() {
            if let Some(last) = out.last_mut() {
                last.push(c);
            }
        } else if breaks_alone(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else {
            word.push(c);
            if c == ' ' {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// `text` broken into lines no wider than `width` at `size`; a piece wider
/// than a line is broken between characters.
pub(crate) fn wrap(font: &PdfFont, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for piece in pieces(text) {
        let w = font.width(&piece, size);
        if used + w > width && !line.is_empty() {
            lines.push(line.trim_end().to_owned());
            line.clear();
            used = 0.0;
        }
        if w > width {
            for c in piece.chars() {
                let cw = font.width(&c.to_string(), size);
                if used + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push(c);
                used += cw;
            }
        } else {
            line.push_str(&piece);
            used += w;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// Prints `blocks` on as many pages as they need, with `footer` and the
/// page number at the foot of each.
pub(crate) fn render(
    font: &PdfFont,
    document: &mut Document,
    blocks: &[Block],
    footer: &str,
) -> Result<(), DocumentError> {
    let face = Font::new(font.data.clone().into(), font.index)
        .ok_or_else(|| DocumentError::BadFont("(bytes)".into(), "unreadable face".into()))?;
    let width = PAGE.0 - 2.0 * MARGIN;
    // every line with its size, indent and the space before it
    let mut lines: Vec<(Option<String>, f32, f32)> = Vec::new();
    for b in blocks {
        match b {
            Block::Text { text, size, indent } => {
                for l in wrap(font, text, *size, width - indent) {
                    lines.push((Some(l), *size, *indent));
                }
            }
            Block::Space(h) => lines.push((None, *h, -1.0)),
            Block::Rule => lines.push((None, 8.0, -2.0)),
        }
    }
    let settings = || {
        PageSettings::from_wh(PAGE.0, PAGE.1).ok_or_else(|| DocumentError::Pdf("page size".into()))
    };
    let mut rest = lines.as_slice();
    let mut number = 0;
    while !rest.is_empty() || number == 0 {
        number += 1;
        let mut page = document.start_page_with(settings()?);
        let mut surface = page.surface();
        let mut y = MARGIN;
        while let Some(((text, size, indent), tail)) = rest.split_first() {
            let height = match text {
                Some(_) => size * 1.45,
                None => *size,
            };
            if y + height > BOTTOM && y > MARGIN {
                break;
            }
            match text {
                Some(t) => {
                    let at = Point::from_xy(MARGIN + indent, y + size);
                    surface.draw_text(at, face.clone(), *size, t, false, TextDirection::Auto);
                }
                None if *indent == -2.0 => {
                    let mut p = PathBuilder::new();
                    p.move_to(MARGIN, y + 4.0);
                    p.line_to(PAGE.0 - MARGIN, y + 4.0);
                    if let Some(path) = p.finish() {
                        surface.set_stroke(Some(Stroke {
                            width: 0.5,
                            ..Default::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                }
                None => {}
            }
            y += height;
            rest = tail;
        }
        let foot = format!("{footer} · {number}");
        let at = Point::from_xy(MARGIN, PAGE.1 - MARGIN + 8.0);
        surface.draw_text(at, face.clone(), 7.5, &foot, false, TextDirection::Auto);
        surface.finish();
        page.finish();
    }
    Ok(())
}
