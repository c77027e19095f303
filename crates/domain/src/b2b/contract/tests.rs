use super::*;
use crate::b2b::quote::OfferLine;
use crate::b2b::rfq::{RfqLine, RfqStatus};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn address() -> Address {
    Address {
        country: "DE".into(),
        region: None,
        city: Some("Hamburg".into()),
        line1: Some("Speicherstadt 1".into()),
        line2: None,
        postal_code: None,
    }
}

fn rfq() -> Rfq {
    Rfq {
        id: "r1".into(),
        number: "RFQ-1001".into(),
        organisation_id: "o1".into(),
        organisation_name: "Hanse".into(),
        title: "Boxes".into(),
        currency: "EUR".into(),
        needed_by: "2027-01-31".into(),
        delivery_address: address(),
        note: None,
        status: RfqStatus::Awarded,
        lines: vec![RfqLine {
            line_no: 1,
            product_id: None,
            title: "Gift box".into(),
            specs: Some("kraft".into()),
            quantity: 100,
            unit: None,
            quality: Some("FSC".into()),
            needed_by: None,
            target_price: Some(dec("2")),
        }],
        estimate: None,
        created_by: "user:a@b.example".into(),
        approval: None,
        bids: vec![],
        files: vec![],
        created_at: OffsetDateTime::UNIX_EPOCH,
        updated_at: OffsetDateTime::UNIX_EPOCH,
    }
}

fn offer() -> Offer {
    Offer {
        currency: "EUR".into(),
        lines: vec![OfferLine {
            line_no: 1,
            unit_price: dec("1.90"),
            quantity: 250,
            lead_time_days: Some(20),
            delivery_date: None,
            quality: None,
            note: None,
        }],
        shipping_cost: dec("35"),
        payment_terms: Some("30 days net".into()),
        valid_until: "2027-01-01".into(),
        note: None,
    }
}

fn party(name: &str) -> ContractParty {
    ContractParty {
        name: name.into(),
        tax_id: None,
        address: None,
    }
}

pub(crate) fn terms() -> ContractTerms {
    draw_up(
        &rfq(),
        (party("Suzhou Boxes"), "SZB"),
        party("Hanse"),
        (2, &offer()),
        "2026-12-04",
    )
}

fn contract(signatures: Vec<Signature>) -> Contract {
    Contract {
        id: "c1".into(),
        rfq_id: "r1".into(),
        bid_id: "b1".into(),
        supplier_id: "s1".into(),
        organisation_id: "o1".into(),
        status: ContractStatus::AwaitingSignatures,
        terms: terms(),
        pdf_sha256: Some("ab".repeat(32)),
        signatures,
        created_at: OffsetDateTime::UNIX_EPOCH,
    }
}

fn signature(party: BidParty) -> Signature {
    Signature {
        party,
        signed_by: "user:x".into(),
        signed_at: OffsetDateTime::UNIX_EPOCH,
        ip: None,
        sha256: "ab".repeat(32),
    }
}

#[test]
fn the_contract_takes_the_agreed_offer_and_the_request_s_words() {
    let t = terms();
    assert_eq!(t.number, "CT-1001-SZB");
    let line = &t.lines[0];
    assert_eq!((line.title.as_str(), line.quantity), ("Gift box", 250));
    // the request's quality and date stand where the offer names none
    assert_eq!(line.quality.as_deref(), Some("FSC"));
    assert_eq!(line.delivery_date, "2027-01-31");
    assert_eq!(line.amount, dec("475"));
    assert_eq!(t.total, dec("510"));
    assert_eq!(t.quote_version, 2);
}

#[test]
fn both_parties_sign_the_hash_they_read() {
    let hash = "ab".repeat(32);
    let c = contract(vec![]);
    assert_eq!(
        sign(&c, BidParty::Purchaser, &hash),
        Ok(ContractStatus::AwaitingSignatures)
    );
    assert_eq!(
        sign(&c, BidParty::Supplier, "cd"),
        Err(ContractRefused::HashMismatch)
    );
    assert_eq!(
        sign(&c, BidParty::Operator, &hash),
        Err(ContractRefused::NotAParty)
    );
    let half = contract(vec![signature(BidParty::Purchaser)]);
    assert_eq!(
        sign(&half, BidParty::Purchaser, &hash),
        Err(ContractRefused::SignedByYou)
    );
    assert_eq!(
        sign(&half, BidParty::Supplier, &hash.to_uppercase()),
        Ok(ContractStatus::Signed)
    );
    let mut old = half.clone();
    old.status = ContractStatus::Superseded;
    assert_eq!(
        sign(&old, BidParty::Supplier, &hash),
        Err(ContractRefused::Superseded)
    );
    let mut unrendered = contract(vec![]);
    unrendered.pdf_sha256 = None;
    assert_eq!(
        sign(&unrendered, BidParty::Supplier, &hash),
        Err(ContractRefused::NotRendered)
    );
}

#[test]
fn a_revision_is_a_new_version_that_changes_something() {
    let t = terms();
    let r = Revision {
        lines: vec![RevisedLine {
            line_no: 1,
            quantity: Some(300),
            unit_price: None,
            delivery_date: Some("2027-02-15".into()),
            quality: None,
        }],
        note: Some("more boxes, later".into()),
        ..Default::default()
    };
    let next = revise(&t, r, "2026-12-10").unwrap();
    assert_eq!(
        (next.version, next.lines[0].amount, next.total),
        (2, dec("570"), dec("605"))
    );
    assert_eq!(next.date, "2026-12-10");
    let same = Revision {
        lines: vec![RevisedLine {
            line_no: 1,
            quantity: Some(250),
            unit_price: None,
            delivery_date: None,
            quality: None,
        }],
        ..Default::default()
    };
    assert_eq!(
        revise(&t, same, "2026-12-10").unwrap_err().code,
        ErrorCode::EmptyPatch
    );
    let unknown = Revision {
        lines: vec![RevisedLine {
            line_no: 9,
            quantity: Some(1),
            unit_price: None,
            delivery_date: None,
            quality: None,
        }],
        ..Default::default()
    };
    assert_eq!(
        revise(&t, unknown, "2026-12-10").unwrap_err().code,
        ErrorCode::UnknownLine
    );
}
