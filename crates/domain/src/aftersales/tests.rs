use super::steps::{CaseParty, CaseStep as T};
use super::*;
use rust_decimal::Decimal;

#[test]
fn each_kind_runs_its_own_course() {
    use CaseStatus as S;
    let walk = |kind: CaseKind, path: &[(T, CaseParty)]| {
        let mut at = S::Open;
        for (s, who) in path {
            at = step(kind, at, *s, *who).unwrap_or_else(|e| panic!("{kind} {s}: {e}"));
        }
        at
    };
    let (sup, staff) = (CaseParty::Supplier, CaseParty::Staff);
    let back = [
        (T::Accept, sup),
        (T::ReturnShipped, staff),
        (T::Receive, sup),
        (T::Inspect, sup),
    ];
    let mut ret = back.to_vec();
    ret.push((T::Refund, staff));
    assert_eq!(walk(CaseKind::Return, &ret), S::Resolved);
    let mut exchange = back.to_vec();
    exchange.push((T::Reship, staff));
    assert_eq!(walk(CaseKind::Exchange, &exchange), S::Remaking);
    assert_eq!(
        walk(
            CaseKind::Reshipment,
            &[(T::Accept, sup), (T::Reship, staff)]
        ),
        S::Remaking
    );
    assert_eq!(
        walk(CaseKind::Refund, &[(T::Accept, sup), (T::Refund, staff)]),
        S::Resolved
    );
    assert_eq!(
        walk(
            CaseKind::Complaint,
            &[(T::Dispute, sup), (T::Uphold, staff), (T::Resolve, staff)]
        ),
        S::Resolved
    );
    // a refund case sends nothing back; a return is not refunded before inspection
    assert!(step(CaseKind::Refund, S::Accepted, T::ReturnShipped, staff).is_err());
    assert!(step(CaseKind::Return, S::Accepted, T::Refund, staff).is_err());
    // the supplier answers, staff decide
    assert_eq!(
        step(CaseKind::Return, S::Disputed, T::Uphold, sup),
        Err(CaseRefused::StaffOnly)
    );
    assert_eq!(
        step(CaseKind::Return, S::Open, T::Accept, staff),
        Ok(S::Accepted)
    );
    // a charge-back keeps the status, even once resolved; nothing after closing
    assert_eq!(
        step(CaseKind::Refund, S::Resolved, T::ChargeBack, staff),
        Ok(S::Resolved)
    );
    assert_eq!(
        step(CaseKind::Refund, S::Open, T::Close, staff),
        Ok(S::Closed)
    );
    assert!(step(CaseKind::Refund, S::Closed, T::ChargeBack, staff).is_err());
    assert_eq!(
        steps_for(CaseKind::Remake, S::Open, sup),
        [T::Accept, T::Dispute]
    );
}

#[test]
fn a_case_claims_no_more_than_shipped() {
    let new = |q: Option<i64>| NewCase {
        line_no: 1,
        kind: CaseKind::Return,
        reason: " cracked ".into(),
        requested: None,
        quantity: q,
    };
    let c = Claimable {
        shipped: 3,
        claimed: 1,
    };
    assert_eq!(
        new(None).check(c).unwrap().quantity,
        Some(2),
        "all that is left"
    );
    assert_eq!(new(Some(2)).check(c).unwrap().reason, "cracked");
    assert_eq!(
        new(Some(3)).check(c).unwrap_err().code,
        ErrorCode::ExceedsShipped
    );
    assert_eq!(
        new(Some(0)).check(c).unwrap_err().code,
        ErrorCode::OutOfRange
    );
    let none = Claimable {
        shipped: 1,
        claimed: 1,
    };
    assert_eq!(
        new(None).check(none).unwrap_err().code,
        ErrorCode::ExceedsShipped
    );
}

#[test]
fn steps_carry_what_they_need() {
    let s = |step: T| NewStep {
        step: Some(step),
        ..Default::default()
    };
    assert_eq!(s(T::Dispute).check("USD").unwrap_err().field, "reason");
    assert_eq!(s(T::Inspect).check("USD").unwrap_err().field, "passed");
    assert_eq!(s(T::Refund).check("USD").unwrap_err().field, "amount");
    let yen = NewStep {
        amount: Some(Decimal::new(1050, 2)),
        ..s(T::Refund)
    };
    assert_eq!(yen.check("JPY").unwrap_err().code, ErrorCode::TooPrecise);
    let back = NewStep {
        carrier: Some("UPS".into()),
        tracking_number: Some("1z999aa10123456784".into()),
        ..s(T::ReturnShipped)
    };
    let (_, ok) = back.check("USD").unwrap();
    assert_eq!(ok.tracking_number.as_deref(), Some("1Z999AA10123456784"));
    let typo = NewStep {
        carrier: Some("UPS".into()),
        tracking_number: Some("1Z999AA10123456785".into()),
        ..s(T::ReturnShipped)
    };
    assert_eq!(
        typo.check("USD").unwrap_err().code,
        ErrorCode::TrackingNumberFormat
    );
}

#[test]
fn the_sla_clock_says_which_deadline_passed() {
    let at = time::macros::datetime!(2026-12-01 8:00 UTC);
    let (answer, resolve) = deadlines(at);
    assert_eq!(
        late(CaseStatus::Open, answer, resolve, at + Duration::hours(49)),
        Some("answer")
    );
    assert_eq!(
        late(
            CaseStatus::Accepted,
            answer,
            resolve,
            at + Duration::hours(49)
        ),
        None
    );
    assert_eq!(
        late(
            CaseStatus::Accepted,
            answer,
            resolve,
            at + Duration::days(8)
        ),
        Some("resolve")
    );
    assert_eq!(
        late(
            CaseStatus::Resolved,
            answer,
            resolve,
            at + Duration::days(8)
        ),
        None
    );
}
