//! The papers of a day's work (出货单 · 生产单 · 拣货单 · 面单), printed from
//! tasks: a production sheet (each task as a card: its SKU as a QR code,
//! product, personalisation, quantity, due date and the product's
//! picture), packing slips (one page per order, no prices: it travels in
//! the parcel), a pick list (what to take off the shelves, by product) and
//! shipping label placeholders (one page per order with the address block
//! and the order's QR code, until a carrier's own label is printed). In
//! English or Chinese.

use crate::layout::{Block, Card, Picture, render};
use crate::{DocumentError, PdfFont};
use krilla::Document;
use krilla::metadata::Metadata;
use std::collections::BTreeMap;

/// Which paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    ProductionSheet,
    PackingSlip,
    PickList,
    ShippingLabel,
}

/// The language a sheet is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetLang {
    En,
    Zh,
}

/// One task as the papers need it (no prices).
#[derive(Debug, Clone)]
pub struct SheetTask {
    pub sku: String,
    pub title: String,
    pub quantity: i64,
    /// `name: value` pairs of the personalisation.
    pub personalisation: Vec<String>,
    pub due: Option<String>,
    pub order_number: String,
    pub supplier: String,
    /// The marketplace's SKU of the product (what the shelf is labelled with).
    pub platform_sku: Option<String>,
    /// The buyer's name, address lines and (when the supplier may see it)
    /// phone, in order.
    pub ship_to: Vec<String>,
    pub picture: Option<Picture>,
}

/// The sheets' words, in each language.
fn word(lang: SheetLang, key: &str) -> &'static str {
    let (en, zh) = match key {
        "production" => ("Production sheet", "生产单"),
        "packing" => ("Packing slip", "发货单"),
        "pick" => ("Pick list", "拣货单"),
        "label" => ("Shipping label", "快递面单"),
        "order" => ("Order", "订单"),
        "qty" => ("Qty", "数量"),
        "due" => ("Due", "交期"),
        "ship_to" => ("Ship to", "收货人"),
        "tasks" => ("tasks", "个任务"),
        "supplier" => ("Supplier", "供货商"),
        "printed" => ("Printed", "打印日期"),
        "product" => ("Product", "产品"),
        "skus" => ("Task SKUs", "任务编号"),
        "thanks" => ("Thank you for your order.", "感谢您的订购。"),
        "placeholder" => (
            "Placeholder: print the carrier's label and stick it here.",
            "占位页：请打印快递公司的面单并贴在此处。",
        ),
        _ => ("", ""),
    };
    match lang {
        SheetLang::En => en,
        SheetLang::Zh => zh,
    }
}

const BODY: f32 = 9.5;

fn production(tasks: Vec<SheetTask>, lang: SheetLang, date: &str) -> Vec<Block> {
    let w = |k| word(lang, k);
    // one supplier's sheet names it once; staff's mixed sheet on each card
    let one = tasks.windows(2).all(|p| p[0].supplier == p[1].supplier);
    let mut head = format!("{} {date} · {} {}", w("printed"), tasks.len(), w("tasks"));
    if let (true, Some(t)) = (one, tasks.first()) {
        head = format!("{} {} · {head}", w("supplier"), t.supplier);
    }
    let mut b = vec![
        Block::text(w("production"), 17.0),
        Block::text(head, BODY),
        Block::Rule,
    ];
    for t in tasks {
        let mut lines = vec![
            (format!("{} × {}", t.sku, t.quantity), 13.0),
            (t.title.clone(), 10.5),
        ];
        lines.extend(t.personalisation.iter().map(|p| (p.clone(), BODY)));
        let mut tail = format!("{} {}", w("order"), t.order_number);
        if let Some(d) = &t.due {
            tail.push_str(&format!(" · {} {d}", w("due")));
        }
        if !one {
            tail.push_str(&format!(" · {} {}", w("supplier"), t.supplier));
        }
        lines.push((tail, 8.5));
        b.push(Block::Card(Card {
            qr: Some(t.sku.clone()),
            lines,
            picture: t.picture,
        }));
    }
    b
}

/// Tasks grouped by their order, in the order given.
fn by_order(tasks: Vec<SheetTask>) -> Vec<(String, Vec<SheetTask>)> {
    let mut out: Vec<(String, Vec<SheetTask>)> = Vec::new();
    for t in tasks {
        match out.iter_mut().find(|(n, _)| *n == t.order_number) {
            Some((_, list)) => list.push(t),
            None => out.push((t.order_number.clone(), vec![t])),
        }
    }
    out
}

fn packing(tasks: Vec<SheetTask>, lang: SheetLang, date: &str) -> Vec<Block> {
    let w = |k| word(lang, k);
    let mut b = Vec::new();
    for (i, (number, list)) in by_order(tasks).into_iter().enumerate() {
        if i > 0 {
            b.push(Block::PageBreak);
        }
        b.push(Block::text(w("packing"), 17.0));
        b.push(Block::text(
            format!("{} {number} · {}", w("order"), date),
            BODY,
        ));
        b.push(Block::Rule);
        b.push(Block::text(w("ship_to"), 8.5));
        for l in &list[0].ship_to {
            b.push(Block::text(l.clone(), 11.0));
        }
        b.push(Block::Rule);
        for t in &list {
            b.push(Block::text(
                format!("{} × {}   {}", t.quantity, t.title, t.sku),
                10.5,
            ));
            for p in &t.personalisation {
                b.push(Block::indented(p.clone(), BODY, 18.0));
            }
        }
        b.push(Block::Rule);
        b.push(Block::text(w("thanks"), BODY));
    }
    b
}

fn pick(tasks: Vec<SheetTask>, lang: SheetLang, date: &str) -> Vec<Block> {
    let w = |k| word(lang, k);
    // by the shelf's label: the marketplace SKU, else the product's name
    let mut shelves: BTreeMap<String, (String, i64, Vec<String>)> = BTreeMap::new();
    let count = tasks.len();
    for t in tasks {
        let key = t.platform_sku.clone().unwrap_or_else(|| t.title.clone());
        let e = shelves
            .entry(key)
            .or_insert_with(|| (t.title.clone(), 0, Vec::new()));
        e.1 += t.quantity;
        e.2.push(t.sku);
    }
    let mut b = vec![
        Block::text(w("pick"), 17.0),
        Block::text(
            format!("{} {date} · {count} {}", w("printed"), w("tasks")),
            BODY,
        ),
        Block::Rule,
    ];
    for (shelf, (title, qty, skus)) in shelves {
        b.push(Block::text(format!("☐ {qty} × {shelf}"), 12.0));
        if title != shelf {
            b.push(Block::indented(title, BODY, 18.0));
        }
        b.push(Block::indented(
            format!("{}: {}", w("skus"), skus.join(", ")),
            8.5,
            18.0,
        ));
        b.push(Block::Space(4.0));
    }
    b
}

fn labels(tasks: Vec<SheetTask>, lang: SheetLang) -> Vec<Block> {
    let w = |k| word(lang, k);
    let mut b = Vec::new();
    for (i, (number, list)) in by_order(tasks).into_iter().enumerate() {
        if i > 0 {
            b.push(Block::PageBreak);
        }
        b.push(Block::text(w("label"), 14.0));
        b.push(Block::text(w("placeholder"), 8.5));
        b.push(Block::Rule);
        b.push(Block::text(w("ship_to"), 10.0));
        for l in &list[0].ship_to {
            b.push(Block::text(l.clone(), 16.0));
        }
        b.push(Block::Rule);
        let skus: Vec<String> = list
            .iter()
            .map(|t| format!("{} × {}", t.sku, t.quantity))
            .collect();
        b.push(Block::Card(Card {
            qr: Some(number.clone()),
            lines: vec![
                (format!("{} {number}", w("order")), 13.0),
                (skus.join(" · "), BODY),
            ],
            picture: None,
        }));
    }
    b
}

/// `sheet` of `tasks` as a PDF, printed on `date` (shown, and the
/// document's date): the same tasks, date and font give the same bytes.
pub fn sheet_pdf(
    sheet: Sheet,
    tasks: Vec<SheetTask>,
    lang: SheetLang,
    date: &str,
    font: &PdfFont,
) -> Result<Vec<u8>, DocumentError> {
    let (title, blocks) = match sheet {
        Sheet::ProductionSheet => ("production", production(tasks, lang, date)),
        Sheet::PackingSlip => ("packing", packing(tasks, lang, date)),
        Sheet::PickList => ("pick", pick(tasks, lang, date)),
        Sheet::ShippingLabel => ("label", labels(tasks, lang)),
    };
    let title = word(lang, title);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .creation_date(crate::contract::pdf_date(date)),
    );
    render(
        font,
        &mut document,
        &blocks,
        &format!("orderhub · {title} · {date}"),
    )?;
    document
        .finish()
        .map_err(|e| DocumentError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(n: usize) -> SheetTask {
        SheetTask {
            sku: format!("SKU-{n}"),
            title: "定制马克杯 Blue mug".into(),
            quantity: 2,
            personalisation: vec!["text: ADA 爱达".into()],
            due: Some("2026-12-09".into()),
            order_number: format!("#10{}", n % 2),
            supplier: "Jingdezhen Ceramics".into(),
            platform_sku: Some("MUG-BLUE".into()),
            ship_to: vec!["Ada Lovelace".into(), "12 St James Sq".into(), "GB".into()],
            picture: (n == 0).then(|| Picture {
                width: 2,
                height: 1,
                rgba: vec![255, 0, 0, 255, 0, 0, 255, 255],
            }),
        }
    }

    #[test]
    fn every_sheet_prints_and_the_picture_is_embedded() {
        let Ok(font) = PdfFont::find(None) else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI needs a CJK font"
            );
            return;
        };
        let tasks: Vec<SheetTask> = (0..3).map(task).collect();
        for sheet in [
            Sheet::ProductionSheet,
            Sheet::PackingSlip,
            Sheet::PickList,
            Sheet::ShippingLabel,
        ] {
            for lang in [SheetLang::En, SheetLang::Zh] {
                let pdf = sheet_pdf(sheet, tasks.clone(), lang, "2026-12-04", &font).unwrap();
                assert!(pdf.starts_with(b"%PDF-"));
                let again = sheet_pdf(sheet, tasks.clone(), lang, "2026-12-04", &font).unwrap();
                assert_eq!(pdf, again, "the same tasks give the same bytes");
                let images = String::from_utf8_lossy(&pdf)
                    .matches("/Subtype/Image")
                    .count();
                assert_eq!(images > 0, sheet == Sheet::ProductionSheet, "{sheet:?}");
            }
        }
    }
}
