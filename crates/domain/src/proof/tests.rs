use super::*;
use serde_json::json;

#[test]
fn a_policy_asks_a_proof_of_the_lines_it_names() {
    assert!(!ProofPolicy::None.requires(true));
    assert!(ProofPolicy::Personalised.requires(true));
    assert!(!ProofPolicy::Personalised.requires(false));
    assert!(ProofPolicy::Always.requires(false));
}

#[test]
fn empty_customizations_are_not_personalisations() {
    for empty in [
        json!(null),
        json!({}),
        json!([]),
        json!(""),
        json!({"Engraving": " "}),
    ] {
        assert!(!is_personalised(Some(&empty)), "{empty}");
    }
    assert!(!is_personalised(None));
    for full in [
        json!({"Engraving": "For Ana"}),
        json!([{"name": "Colour", "value": "Red"}]),
        json!("Name: Li"),
        json!({"photo": {"url": "https://x.example/p.jpg"}}),
    ] {
        assert!(is_personalised(Some(&full)), "{full}");
    }
}

#[test]
fn a_proof_goes_round_until_approved() {
    let s = step(
        Some(ProofStatus::Required),
        ProofStep::Submit,
        ProofParty::Supplier,
    )
    .unwrap();
    assert_eq!(s, ProofStatus::Submitted);
    let s = step(Some(s), ProofStep::SendToBuyer, ProofParty::Operator).unwrap();
    assert_eq!(s, ProofStatus::WithBuyer);
    let s = step(Some(s), ProofStep::RequestChanges, ProofParty::Buyer).unwrap();
    assert_eq!(s, ProofStatus::ChangesRequested);
    let s = step(Some(s), ProofStep::Submit, ProofParty::Supplier).unwrap();
    let s = step(Some(s), ProofStep::Approve, ProofParty::Operator).unwrap();
    assert_eq!(s, ProofStatus::Approved);
    assert!(!blocks_production(Some(s)));
}

#[test]
fn steps_out_of_turn_or_by_the_wrong_party_are_refused() {
    assert_eq!(
        step(None, ProofStep::Submit, ProofParty::Supplier),
        Err(ProofRefused::NotRequired)
    );
    // a supplier approves nothing, a buyer answers only what was sent
    let not_yours = step(
        Some(ProofStatus::Submitted),
        ProofStep::Approve,
        ProofParty::Supplier,
    );
    assert!(matches!(not_yours, Err(ProofRefused::NotYours { .. })));
    let buyer = step(
        Some(ProofStatus::Submitted),
        ProofStep::Approve,
        ProofParty::Buyer,
    );
    assert!(matches!(buyer, Err(ProofRefused::NotYours { .. })));
    // nothing moves an approved proof; a waiting round is not replaced
    for s in ProofStep::ALL {
        let r = step(Some(ProofStatus::Approved), *s, ProofParty::Operator);
        assert!(matches!(r, Err(ProofRefused::NotNow { .. })), "{s}");
    }
    let again = step(
        Some(ProofStatus::Submitted),
        ProofStep::Submit,
        ProofParty::Supplier,
    );
    assert_eq!(again.unwrap_err().code(), ErrorCode::ProofNotExpected);
}

#[test]
fn production_waits_for_an_approved_proof_only_when_one_is_needed() {
    assert!(!blocks_production(None));
    for s in ProofStatus::ALL {
        assert_eq!(blocks_production(Some(*s)), *s != ProofStatus::Approved);
    }
}

#[test]
fn asking_for_changes_needs_a_comment() {
    let d = ProofDecision {
        decision: ProofVerdict::RequestChanges,
        comment: Some("  ".into()),
    };
    assert_eq!(d.normalize().unwrap_err().code, ErrorCode::CommentRequired);
    let d = ProofDecision {
        decision: ProofVerdict::Approve,
        comment: None,
    };
    assert!(d.normalize().is_ok());
}

#[test]
fn a_link_works_one_to_thirty_days() {
    assert_eq!(
        BuyerLinkRequest::default().days().unwrap(),
        DEFAULT_LINK_DAYS
    );
    for bad in [0, -1, 31, i64::MAX] {
        let r = BuyerLinkRequest { days: Some(bad) };
        assert_eq!(r.days().unwrap_err().code, ErrorCode::OutOfRange);
    }
}

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

#[test]
fn files_are_known_by_their_content() {
    assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest"), Some(ProofKind::Jpeg));
    assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some(ProofKind::Png));
    assert_eq!(sniff(PDF), Some(ProofKind::Pdf));
    for other in [&b"GIF89a"[..], b"<svg xmlns=", b"PK\x03\x04", b"", b"%PD"] {
        assert_eq!(sniff(other), None);
        let e = check_file("file", other, Some((800, 800))).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsupportedFile);
    }
}

#[test]
fn pictures_are_refused_past_their_limits_before_decoding() {
    let jpeg = b"\xFF\xD8\xFF\xE0";
    assert_eq!(
        check_file("file", jpeg, Some((1200, 800))),
        Ok(ProofKind::Jpeg)
    );
    for size in [(65_000, 65_000), (10_001, 10), (6_000, 6_000), (0, 100)] {
        let e = check_file("file", jpeg, Some(size)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ImageDimensionsTooLarge, "{size:?}");
    }
    let e = check_file("file", jpeg, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::UnsupportedFile);
    let big = [&jpeg[..], &vec![0u8; MAX_PROOF_BYTES]].concat();
    assert_eq!(
        check_file("file", &big, Some((10, 10))).unwrap_err().code,
        ErrorCode::FileTooLarge
    );
}

#[test]
fn a_pdf_must_be_whole_and_passive() {
    assert_eq!(check_file("file", PDF, None), Ok(ProofKind::Pdf));
    let cut = &PDF[..PDF.len() - 7];
    assert_eq!(
        check_file("file", cut, None).unwrap_err().code,
        ErrorCode::UnsupportedFile
    );
    for active in [
        "<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
        "<< /S /Launch /F (calc.exe) >>",
        "<< /Type /EmbeddedFile >>",
        "<< /AA << /O 3 0 R >> >>",
    ] {
        let pdf = format!("%PDF-1.7\n1 0 obj {active} endobj\n%%EOF\n");
        let e = check_file("file", pdf.as_bytes(), None).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnsafePdf, "{active}");
    }
    // names that merely start like one are not it
    let fine = b"%PDF-1.7\n<< /JSON (x) /AAA 1 /Font /JSans >>\n%%EOF";
    assert_eq!(check_file("file", fine, None), Ok(ProofKind::Pdf));
}
