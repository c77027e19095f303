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
    /// The next block starts a new page.
    PageBreak,
    /// A work card: a QR code on the left, lines of text beside it, and a
    /// picture on the right (each optional).
    Card(Card),
}

/// One work card of a sheet.
pub(crate) struct Card {
    /// What the QR code holds (a SKU).
    pub qr: Option<String>,
    /// (text, size) lines.
    pub lines: Vec<(String, f32)>,
    pub picture: Option<Picture>,
}

/// A picture as pixels (RGBA, 8 bits a channel).
#[derive(Debug, Clone)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// The side of a card's QR code and picture, in points.
const CARD_SIDE: f32 = 72.0;
const CARD_GAP: f32 = 10.0;

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

/// One thing laid out: a line of text, space, a rule, a page break or a
/// card (with its wrapped lines).
enum Item<'b> {
    Line(String, f32, f32),
    Space(f32),
    Rule,
    Break,
    Card(&'b Card, Vec<(String, f32)>),
}

impl Item<'_> {
    fn height(&self) -> f32 {
        match self {
            Item::Line(_, size, _) => size * 1.45,
            Item::Space(h) => *h,
            Item::Rule => 8.0,
            Item::Break => 0.0,
            Item::Card(_, lines) => {
                let text: f32 = lines.iter().map(|(_, s)| s * 1.45).sum();
                text.max(CARD_SIDE) + CARD_GAP
            }
        }
    }
}

fn lay_out<'b>(font: &PdfFont, blocks: &'b [Block], width: f32) -> Vec<Item<'b>> {
    let mut items = Vec::new();
    for b in blocks {
        match b {
            Block::Text { text, size, indent } => {
                for l in wrap(font, text, *size, width - indent) {
                    items.push(Item::Line(l, *size, *indent));
                }
            }
            Block::Space(h) => items.push(Item::Space(*h)),
            Block::Rule => items.push(Item::Rule),
            Block::PageBreak => items.push(Item::Break),
            Block::Card(card) => {
                let room = width - 2.0 * (CARD_SIDE + CARD_GAP);
                let lines = card
                    .lines
                    .iter()
                    .flat_map(|(t, size)| {
                        wrap(font, t, *size, room).into_iter().map(|l| (l, *size))
                    })
                    .collect();
                items.push(Item::Card(card, lines));
            }
        }
    }
    items
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
    let items = lay_out(font, blocks, width);
    let settings = || {
        PageSettings::from_wh(PAGE.0, PAGE.1).ok_or_else(|| DocumentError::Pdf("page size".into()))
    };
    let mut rest = items.as_slice();
    let mut number = 0;
    while !rest.is_empty() || number == 0 {
        number += 1;
        let mut page = document.start_page_with(settings()?);
        let mut surface = page.surface();
        let mut y = MARGIN;
        while let Some((item, tail)) = rest.split_first() {
            if let Item::Break = item {
                rest = tail;
                if y > MARGIN {
                    break;
                }
                continue;
            }
            let height = item.height();
            if y + height > BOTTOM && y > MARGIN {
                break;
            }
            match item {
                Item::Line(t, size, indent) => {
                    let at = Point::from_xy(MARGIN + indent, y + size);
                    surface.draw_text(at, face.clone(), *size, t, false, TextDirection::Auto);
                }
                Item::Rule => rule(&mut surface, y + 4.0),
                Item::Card(card, lines) => draw_card(&mut surface, &face, card, lines, y),
                Item::Space(_) | Item::Break => {}
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

fn rule(surface: &mut krilla::surface::Surface<'_>, y: f32) {
    let mut p = PathBuilder::new();
    p.move_to(MARGIN, y);
    p.line_to(PAGE.0 - MARGIN, y);
    if let Some(path) = p.finish() {
        surface.set_stroke(Some(Stroke {
            width: 0.5,
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

/// A card at `y`: its QR code, its lines, its picture.
fn draw_card(
    surface: &mut krilla::surface::Surface<'_>,
    face: &Font,
    card: &Card,
    lines: &[(String, f32)],
    y: f32,
) {
    if let Some(data) = &card.qr {
        draw_qr(surface, data, MARGIN, y, CARD_SIDE);
    }
    let x = MARGIN + CARD_SIDE + CARD_GAP;
    let mut line_y = y;
    for (text, size) in lines {
        let at = Point::from_xy(x, line_y + size);
        surface.draw_text(at, face.clone(), *size, text, false, TextDirection::Auto);
        line_y += size * 1.45;
    }
    if let Some(p) = &card.picture {
        let image = krilla::image::Image::from_rgba8(p.rgba.clone(), p.width, p.height);
        // fitted in the square, keeping its proportions
        let scale = CARD_SIDE / p.width.max(p.height).max(1) as f32;
        let (w, h) = (p.width as f32 * scale, p.height as f32 * scale);
        if let Some(size) = krilla::geom::Size::from_wh(w, h) {
            let at = krilla::geom::Transform::from_translate(PAGE.0 - MARGIN - CARD_SIDE, y);
            surface.push_transform(&at);
            surface.draw_image(image, size);
            surface.pop();
        }
    }
}

/// `data` as a QR code, `side` points square, its top left at (`x`, `y`).
pub(crate) fn draw_qr(
    surface: &mut krilla::surface::Surface<'_>,
    data: &str,
    x: f32,
    y: f32,
    side: f32,
) {
    let Ok(code) = qrcode::QrCode::new(data.as_bytes()) else {
        return;
    };
    let n = code.width();
    let colors = code.to_colors();
    // a quiet zone of two modules on each side
    let module = side / (n + 4) as f32;
    let mut p = PathBuilder::new();
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (cx, cy) = ((i % n + 2) as f32, (i / n + 2) as f32);
            if let Some(r) =
                krilla::geom::Rect::from_xywh(x + cx * module, y + cy * module, module, module)
            {
                p.push_rect(r);
            }
        }
    }
    if let Some(path) = p.finish() {
        surface.set_fill(Some(krilla::paint::Fill::default()));
        surface.draw_path(&path);
    }
}
