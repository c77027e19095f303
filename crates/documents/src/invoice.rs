//! An invoice (账单) of a contract as a PDF: the parties, the contract it
//! bills, the milestone and its amount, when it is due and where to pay.
//! Payments are not printed: they change, the document does not.

use crate::contract::{party, pdf_date};
use crate::layout::{Block, render};
use crate::{DocumentError, PdfFont};
use krilla::Document;
use krilla::metadata::Metadata;
use orderhub_domain::b2b::ContractTerms;
use orderhub_domain::b2b::invoice::Invoice;
use orderhub_domain::money::plain;

const BODY: f32 = 9.5;

fn blocks(i: &Invoice, t: &ContractTerms, issued: &str) -> Vec<Block> {
    let money = |d| format!("{} {}", i.currency, plain(d, &i.currency));
    let mut b = vec![
        Block::text("Invoice 账单", 17.0),
        Block::Space(4.0),
        Block::text(format!("No. 编号 {} · Date 日期 {issued}", i.number), BODY),
        Block::text(
            format!(
                "Contract 合同 {} v{} · Request 采购单 {}",
                t.number, t.version, t.rfq_number
            ),
            BODY,
        ),
        Block::Rule,
    ];
    b.extend(party("Seller 卖方", &t.seller));
    b.push(Block::Space(4.0));
    b.extend(party("Buyer 买方", &t.buyer));
    b.push(Block::Rule);
    b.push(Block::text(
        format!("Milestone 付款节点: {}", i.milestone),
        11.0,
    ));
    b.push(Block::text(
        format!("Contract total 合同金额: {}", money(t.total)),
        BODY,
    ));
    b.push(Block::text(
        format!("Amount due 本期应付: {}", money(i.amount)),
        13.0,
    ));
    b.push(Block::text(format!("Due 付款期限: {}", i.due_on), BODY));
    let terms = t.payment_terms.as_deref().unwrap_or("as agreed 按约定");
    b.push(Block::text(
        format!("Payment terms 付款方式: {terms}"),
        BODY,
    ));
    if let Some(p) = &i.pay_to {
        b.push(Block::Space(4.0));
        b.push(Block::text(format!("Pay to 收款账户: {p}"), 10.0));
    }
    if let Some(n) = &i.note {
        b.push(Block::Space(4.0));
        b.push(Block::text(format!("Note 备注: {n}"), BODY));
    }
    b.push(Block::Rule);
    b.push(Block::text(
        "Please quote the invoice number with the payment. 付款时请注明账单编号。",
        BODY,
    ));
    b
}

/// The invoice's PDF, from the invoice and the contract version it bills:
/// the same stored data and font always give the same bytes.
pub fn invoice_pdf(
    i: &Invoice,
    t: &ContractTerms,
    font: &PdfFont,
) -> Result<Vec<u8>, DocumentError> {
    let issued = i.created_at.date().to_string();
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("Invoice {}", i.number))
            .creation_date(pdf_date(&issued))
            .document_id(i.number.clone()),
    );
    let footer = format!("{} · {} → {}", i.number, t.seller.name, t.buyer.name);
    render(font, &mut document, &blocks(i, t, &issued), &footer)?;
    document
        .finish()
        .map_err(|e| DocumentError::Pdf(format!("{e:?}")))
}
