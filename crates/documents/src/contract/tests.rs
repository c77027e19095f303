use super::*;
use orderhub_domain::b2b::contract::{ContractLine, STANDARD_CLAUSES};
use orderhub_domain::model::Address;
use rust_decimal::Decimal;

/// The system's CJK font; outside CI a machine without one skips (CI
/// installs fonts-noto-cjk and must not skip).
fn font() -> Option<PdfFont> {
    match PdfFont::find(None) {
        Ok(f) => Some(f),
        Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("skipped: {e}");
            None
        }
        Err(e) => panic!("CI needs a CJK font: {e}"),
    }
}

pub(crate) fn terms(lines: usize) -> ContractTerms {
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let hamburg = Address {
        country: "DE".into(),
        region: None,
        city: Some("Hamburg".into()),
        line1: Some("Speicherstadt 1".into()),
        line2: None,
        postal_code: Some("20457".into()),
    };
    ContractTerms {
        number: "CT-1001-SZB".into(),
        version: 1,
        date: "2026-12-04".into(),
        rfq_number: "RFQ-1001".into(),
        quote_version: 2,
        buyer: ContractParty {
            name: "Hanse Retail GmbH".into(),
            tax_id: Some("DE811907980".into()),
            address: Some(hamburg.clone()),
        },
        seller: ContractParty {
            name: "苏州纸盒包装有限公司".into(),
            tax_id: None,
            address: None,
        },
        currency: "EUR".into(),
        lines: (1..=lines as i64)
            .map(|n| ContractLine {
                line_no: n,
                title: format!("礼品盒 Gift box {n}"),
                specs: Some(
                    "牛皮纸 350 g/m², 20×20×8 cm, four-colour print on the lid and a matt finish"
                        .into(),
                ),
                unit: Some("pcs".into()),
                quantity: 250,
                unit_price: d("1.90"),
                amount: d("475"),
                quality: Some("FSC 认证, ΔE < 2".into()),
                delivery_date: "2027-01-31".into(),
                lead_time_days: Some(20),
            })
            .collect(),
        shipping_cost: d("35"),
        total: d("510"),
        delivery_address: hamburg,
        payment_terms: Some("30% 预付, 70% 货到 30 天内".into()),
        quality_clauses: STANDARD_CLAUSES.iter().map(|c| (*c).to_owned()).collect(),
        note: None,
    }
}

#[test]
fn the_same_terms_give_the_same_bytes() {
    let Some(font) = font() else { return };
    let a = contract_pdf(&terms(2), &font).unwrap();
    let b = contract_pdf(&terms(2), &font).unwrap();
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(crate::sha256_hex(&a), crate::sha256_hex(&b));
    // a different word, a different document
    let mut other = terms(2);
    other.lines[0].quantity = 251;
    assert_ne!(contract_pdf(&other, &font).unwrap(), a);
}

#[test]
fn the_font_is_embedded_and_subsetted() {
    let Some(font) = font() else { return };
    let pdf = contract_pdf(&terms(2), &font).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/FontFile"), "an embedded font program");
    // a CJK font is tens of MB; the subset of what the contract uses is small
    assert!(pdf.len() < 400_000, "{} bytes", pdf.len());
}

#[test]
fn long_contracts_run_over_pages() {
    let Some(font) = font() else { return };
    let pdf = contract_pdf(&terms(60), &font).unwrap();
    let pages = |pdf: &[u8]| {
        let text = String::from_utf8_lossy(pdf);
        text.matches("/Type/Page").count() - text.matches("/Type/Pages").count()
    };
    assert_eq!(pages(&contract_pdf(&terms(1), &font).unwrap()), 1);
    assert!(pages(&pdf) >= 4, "pages: {}", pages(&pdf));
}

#[test]
fn chinese_breaks_between_characters_and_words_at_spaces() {
    let Some(font) = font() else { return };
    let lines = crate::layout::wrap(&font, "质量标准 quality standard 质量标准", 10.0, 60.0);
    assert!(lines.len() > 2, "{lines:?}");
    assert!(
        lines.iter().all(|l| font.width(l, 10.0) <= 60.5),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l == "quality"), "{lines:?}");
    // a full stop never starts a line
    let lines = crate::layout::wrap(&font, "质量标准质量标准。", 10.0, 80.0);
    assert!(lines.iter().all(|l| !l.starts_with('。')), "{lines:?}");
}

/// Writes a sample to $ORDERHUB_SAMPLE_PDF, to look at.
#[test]
fn sample() {
    let (Some(font), Ok(path)) = (font(), std::env::var("ORDERHUB_SAMPLE_PDF")) else {
        return;
    };
    std::fs::write(path, contract_pdf(&terms(3), &font).unwrap()).unwrap();
}
