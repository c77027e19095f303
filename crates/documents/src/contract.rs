//! The purchase contract (采购合同) as a PDF: bilingual headings, the
//! parties, each line with its price, quality and date, the totals,
//! delivery, payment terms and the quality clauses. Signatures are not
//! printed: both parties sign the SHA-256 of exactly these bytes.

use crate::layout::{Block, render};
use crate::{DocumentError, PdfFont};
use krilla::Document;
use krilla::metadata::{DateTime, Metadata};
use orderhub_domain::b2b::ContractTerms;
use orderhub_domain::b2b::contract::ContractParty;
use orderhub_domain::money::plain;

const BODY: f32 = 9.5;

pub(crate) fn party(label: &str, p: &ContractParty) -> Vec<Block> {
    let mut out = vec![Block::text(format!("{label}: {}", p.name), 10.5)];
    if let Some(t) = &p.tax_id {
        out.push(Block::indented(format!("Tax id 税号: {t}"), BODY, 12.0));
    }
    if let Some(a) = &p.address {
        out.push(Block::indented(
            format!("Address 地址: {}", a.one_line()),
            BODY,
            12.0,
        ));
    }
    out
}

/// The blocks of the contract, top to bottom.
fn blocks(t: &ContractTerms) -> Vec<Block> {
    let money = |d| format!("{} {}", t.currency, plain(d, &t.currency));
    let mut b = vec![
        Block::text("Purchase Contract 采购合同", 17.0),
        Block::Space(4.0),
        Block::text(
            format!(
                "No. 合同编号 {} · Version 版本 {} · Date 日期 {}",
                t.number, t.version, t.date
            ),
            BODY,
        ),
        Block::text(
            format!(
                "Request 采购单 {} · agreed quote version 报价版本 {}",
                t.rfq_number, t.quote_version
            ),
            BODY,
        ),
        Block::Rule,
    ];
    b.extend(party("Buyer 买方", &t.buyer));
    b.push(Block::Space(4.0));
    b.extend(party("Seller 卖方", &t.seller));
    b.push(Block::Rule);
    b.push(Block::text("Goods 货物", 11.5));
    for l in &t.lines {
        let specs = l
            .specs
            .as_deref()
            .map(|s| format!(" — {s}"))
            .unwrap_or_default();
        b.push(Block::text(
            format!("{}. {}{specs}", l.line_no, l.title),
            10.0,
        ));
        let unit = l
            .unit
            .as_deref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        let mut detail = format!(
            "Quantity 数量 {}{unit} × {} = {} · Delivery 交货 {}",
            l.quantity,
            money(l.unit_price),
            money(l.amount),
            l.delivery_date
        );
        if let Some(d) = l.lead_time_days {
            detail.push_str(&format!(" · Lead time 交期 {d} d"));
        }
        b.push(Block::indented(detail, BODY, 14.0));
        if let Some(q) = &l.quality {
            b.push(Block::indented(
                format!("Quality standard 质量标准: {q}"),
                BODY,
                14.0,
            ));
        }
    }
    b.push(Block::Space(4.0));
    b.push(Block::text(
        format!("Shipping 运费: {}", money(t.shipping_cost)),
        BODY,
    ));
    b.push(Block::text(format!("Total 合计: {}", money(t.total)), 11.0));
    b.push(Block::Rule);
    b.push(Block::text(
        format!(
            "Delivery address 交货地点: {}",
            t.delivery_address.one_line()
        ),
        BODY,
    ));
    let terms = t.payment_terms.as_deref().unwrap_or("as agreed 按约定");
    b.push(Block::text(
        format!("Payment terms 付款方式: {terms}"),
        BODY,
    ));
    b.push(Block::Space(4.0));
    b.push(Block::text("Quality and acceptance 质量与验收", 11.0));
    for (i, c) in t.quality_clauses.iter().enumerate() {
        b.push(Block::indented(format!("{}. {c}", i + 1), BODY, 12.0));
    }
    if let Some(n) = &t.note {
        b.push(Block::Space(4.0));
        b.push(Block::text(format!("Note 备注: {n}"), BODY));
    }
    b.push(Block::Rule);
    b.push(Block::text("Signatures 签署", 11.0));
    b.push(Block::text(
        "Each party signs the SHA-256 of this document in orderhub; who signed, when, from where and the hash are kept with the contract. 双方在 orderhub 中对本文件的 SHA-256 进行电子签署，签署人、时间、来源地址及哈希值随合同保存。",
        BODY,
    ));
    b
}

/// A document's creation date from its `YYYY-MM-DD` (never the clock, so
/// the bytes stay the same).
pub(crate) fn pdf_date(day: &str) -> DateTime {
    let part = |r: std::ops::Range<usize>| day.get(r).and_then(|p| p.parse().ok());
    let mut when = DateTime::new(part(0..4).unwrap_or(2000));
    if let (Some(m), Some(d)) = (part(5..7), part(8..10)) {
        when = when.month(m as u8).day(d as u8);
    }
    when
}

/// The contract's PDF: the same terms and font always give the same bytes
/// (its date is the contract's, its identifiers hashes of the content).
pub fn contract_pdf(t: &ContractTerms, font: &PdfFont) -> Result<Vec<u8>, DocumentError> {
    let mut document = Document::new();
    let when = pdf_date(&t.date);
    document.set_metadata(
        Metadata::new()
            .title(format!("Purchase Contract {} v{}", t.number, t.version))
            .creation_date(when)
            .document_id(format!("{}-{}", t.number, t.version)),
    );
    let footer = format!(
        "{} v{} · {} → {}",
        t.number, t.version, t.seller.name, t.buyer.name
    );
    render(font, &mut document, &blocks(t), &footer)?;
    document
        .finish()
        .map_err(|e| DocumentError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests;
