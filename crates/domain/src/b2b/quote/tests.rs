use super::*;

fn rfq() -> Vec<RfqLine> {
    (1..=2)
        .map(|n| RfqLine {
            line_no: n,
            product_id: None,
            title: format!("Item {n}"),
            specs: None,
            quantity: 100 * n,
            unit: None,
            quality: None,
            needed_by: None,
            target_price: None,
        })
        .collect()
}

fn quote(lines: Vec<NewQuoteLine>) -> NewQuote {
    NewQuote {
        lines,
        shipping_cost: Some("35".parse().unwrap()),
        payment_terms: Some("30 days net".into()),
        valid_until: "2026-12-31".into(),
        note: None,
    }
}

fn line(no: i64, price: &str) -> NewQuoteLine {
    NewQuoteLine {
        line_no: no,
        unit_price: price.parse().unwrap(),
        quantity: None,
        lead_time_days: Some(14),
        delivery_date: None,
        quality: None,
        note: None,
    }
}

#[test]
fn a_quote_takes_the_quantity_asked_and_totals_with_shipping() {
    let offer = quote(vec![line(2, "1.5"), line(1, "4.2")])
        .offer(&rfq(), "USD", "2026-12-04")
        .unwrap();
    assert_eq!(offer.lines[0].line_no, 1);
    assert_eq!(offer.lines[1].quantity, 200);
    // 100 × 4.20 + 200 × 1.50 + 35
    assert_eq!(offer.total(), "755".parse::<Decimal>().unwrap());
    assert!(!offer.expired("2026-12-31"));
    assert!(offer.expired("2027-01-01"));
}

#[test]
fn a_quote_names_real_lines_once_and_holds_until_today_at_least() {
    let e = quote(vec![line(3, "1")])
        .offer(&rfq(), "USD", "2026-12-04")
        .unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.code),
        ("lines[0].line_no", ErrorCode::UnknownLine)
    );
    let e = quote(vec![line(1, "1"), line(1, "2")])
        .offer(&rfq(), "USD", "2026-12-04")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::DuplicateLine);
    let e = quote(vec![line(1, "1")])
        .offer(&rfq(), "USD", "2027-01-01")
        .unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.code),
        ("valid_until", ErrorCode::InThePast)
    );
    // yen take two extra places on a unit price, not three
    assert!(
        quote(vec![line(1, "1.5")])
            .offer(&rfq(), "JPY", "2026-12-04")
            .is_ok()
    );
    let e = quote(vec![line(1, "1.505")])
        .offer(&rfq(), "JPY", "2026-12-04")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::TooPrecise);
}

#[test]
fn a_counter_offer_changes_what_it_names_and_the_diff_shows_it() {
    let first = quote(vec![line(1, "4.2"), line(2, "1.5")])
        .offer(&rfq(), "USD", "2026-12-04")
        .unwrap();
    let counter = CounterOffer {
        lines: vec![CounterLine {
            line_no: 1,
            unit_price: Some("3.9".parse().unwrap()),
            quantity: Some(120),
            delivery_date: None,
            quality: Some("AQL 1.5".into()),
        }],
        ..Default::default()
    };
    let second = counter.apply(&first).unwrap();
    let diff = changes(&first, &second);
    let fields: Vec<_> = diff.iter().map(|c| (c.line_no, c.field)).collect();
    assert_eq!(
        fields,
        vec![
            (Some(1), OfferField::UnitPrice),
            (Some(1), OfferField::Quantity),
            (Some(1), OfferField::Quality)
        ]
    );
    assert_eq!(diff[0].before.as_deref(), Some("4.20"));
    assert_eq!(diff[0].after.as_deref(), Some("3.90"));
}

#[test]
fn a_counter_offer_that_changes_nothing_is_refused() {
    let first = quote(vec![line(1, "4.2")])
        .offer(&rfq(), "USD", "2026-12-04")
        .unwrap();
    let same = CounterOffer {
        lines: vec![CounterLine {
            line_no: 1,
            unit_price: Some("4.20".parse().unwrap()),
            quantity: None,
            delivery_date: None,
            quality: None,
        }],
        note: Some("please".into()),
        ..Default::default()
    };
    assert_eq!(same.apply(&first).unwrap_err().code, ErrorCode::EmptyPatch);
    // a line the quote does not cover cannot be countered
    let other = CounterOffer {
        lines: vec![CounterLine {
            line_no: 2,
            unit_price: Some("1".parse().unwrap()),
            quantity: None,
            delivery_date: None,
            quality: None,
        }],
        ..Default::default()
    };
    assert_eq!(
        other.apply(&first).unwrap_err().code,
        ErrorCode::UnknownLine
    );
}

#[test]
fn lines_added_or_dropped_between_versions_show_as_such() {
    let one = quote(vec![line(1, "4.2")])
        .offer(&rfq(), "USD", "2026-12-04")
        .unwrap();
    let both = quote(vec![line(1, "4.2"), line(2, "1.5")])
        .offer(&rfq(), "USD", "2026-12-04")
        .unwrap();
    let diff = changes(&one, &both);
    assert_eq!(diff[0].field, OfferField::Line);
    assert_eq!(
        (diff[0].before.as_deref(), diff[0].after.as_deref()),
        (None, Some("200"))
    );
}
