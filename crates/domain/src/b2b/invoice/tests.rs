use super::*;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn billable(invoiced: &str) -> Billable {
    Billable {
        currency: "CNY".into(),
        total: dec("1880.00"),
        credited: dec("47.00"),
        invoiced: dec(invoiced),
    }
}

fn refused(r: Result<InvoiceTerms, ValidationError>) -> (String, ErrorCode) {
    let e = r.unwrap_err();
    (e.field, e.code)
}

#[test]
fn an_invoice_bills_a_share_an_amount_or_the_rest_never_more() {
    let today = "2026-12-04";
    let advance = NewInvoice {
        milestone: Some("30% advance 预付款".into()),
        percent: Some(dec("30")),
        ..Default::default()
    };
    let t = advance.terms(&billable("0"), today).unwrap();
    assert_eq!((t.amount, t.due_on.as_str()), (dec("564.00"), today));
    // the rest: the contract less its credits less what was invoiced
    let rest = NewInvoice::default()
        .terms(&billable("564.00"), today)
        .unwrap();
    assert_eq!(
        (rest.amount, rest.milestone.as_str()),
        (dec("1269.00"), "part payment")
    );
    let whole = NewInvoice::default().terms(&billable("0"), today).unwrap();
    assert_eq!(
        (whole.amount, whole.milestone.as_str()),
        (dec("1833.00"), "in full")
    );
    let too_much = NewInvoice {
        amount: Some(dec("1269.01")),
        ..Default::default()
    };
    assert_eq!(
        refused(too_much.terms(&billable("564.00"), today)),
        ("amount".into(), ErrorCode::ExceedsContract)
    );
    assert_eq!(
        refused(NewInvoice::default().terms(&billable("1833.00"), today)).1,
        ErrorCode::ExceedsContract,
        "nothing left to invoice"
    );
    let both = NewInvoice {
        amount: Some(dec("1")),
        percent: Some(dec("1")),
        ..Default::default()
    };
    assert_eq!(
        refused(both.terms(&billable("0"), today)).1,
        ErrorCode::Conflicting
    );
    let cents = NewInvoice {
        amount: Some(dec("10.005")),
        ..Default::default()
    };
    assert_eq!(
        refused(cents.terms(&billable("0"), today)).1,
        ErrorCode::TooPrecise
    );
    let share = NewInvoice {
        percent: Some(dec("101")),
        ..Default::default()
    };
    assert_eq!(
        refused(share.terms(&billable("0"), today)).1,
        ErrorCode::OutOfRange
    );
}

#[test]
fn a_payment_is_typed_in_only_by_hand_and_never_beyond_the_invoice() {
    let pay = |method, amount: &str, paid_on: Option<&str>| NewPayment {
        method,
        amount: dec(amount),
        reference: " 2026120412345 ".into(),
        paid_on: paid_on.map(str::to_owned),
        note: None,
    };
    let today = "2026-12-04";
    let ok = pay(PayMethod::BankTransfer, "564.00", None)
        .check(dec("564.00"), "CNY", today)
        .unwrap();
    assert_eq!(
        (ok.reference.as_str(), ok.paid_on.as_deref()),
        ("2026120412345", Some(today))
    );
    let code = |r: Result<NewPayment, ValidationError>| r.unwrap_err().code;
    assert_eq!(
        code(pay(PayMethod::Cheque, "564.01", None).check(dec("564.00"), "CNY", today)),
        ErrorCode::ExceedsInvoice
    );
    assert_eq!(
        code(pay(PayMethod::Alipay, "1", None).check(dec("564.00"), "CNY", today)),
        ErrorCode::OnlineByProvider
    );
    assert_eq!(
        code(pay(PayMethod::Cheque, "1", Some("2026-12-05")).check(dec("564.00"), "CNY", today)),
        ErrorCode::InTheFuture
    );
    let reject = PaymentAnswer {
        decision: PaymentDecision::Reject,
        reason: Some("  ".into()),
    };
    assert_eq!(reject.check().unwrap_err().code, ErrorCode::ReasonRequired);
}

#[test]
fn settled_when_confirmed_payments_reach_the_total_less_credits() {
    let b = billable("1833.00");
    assert!(!balance(&b, dec("564.00")).settled);
    let done = balance(&b, dec("1833.00"));
    assert_eq!((done.outstanding, done.settled), (Decimal::ZERO, true));
    assert_eq!(
        invoice_status(dec("10"), dec("0"), false),
        InvoiceStatus::Open
    );
    assert_eq!(
        invoice_status(dec("10"), dec("4"), false),
        InvoiceStatus::PartlyPaid
    );
    assert_eq!(
        invoice_status(dec("10"), dec("10"), false),
        InvoiceStatus::Paid
    );
    assert_eq!(
        invoice_status(dec("10"), dec("0"), true),
        InvoiceStatus::Cancelled
    );
}
