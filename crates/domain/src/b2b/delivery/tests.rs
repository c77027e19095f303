use super::*;

fn shipment(lines: Vec<(i64, i64)>) -> NewShipment {
    NewShipment {
        method: ShipMethod::Express,
        carrier: " SF Express ".into(),
        tracking_number: "SF1002003000000".into(),
        shipped_on: None,
        expected_on: Some("2026-12-08".into()),
        note: None,
        lines: lines
            .into_iter()
            .map(|(line_no, quantity)| NewShipmentLine { line_no, quantity })
            .collect(),
    }
}

fn code(e: ValidationError) -> (String, ErrorCode) {
    (e.field, e.code)
}

#[test]
fn a_shipment_leaves_by_today_arrives_after_and_names_each_line_once() {
    let s = shipment(vec![(1, 5)]).normalize("2026-12-04").unwrap();
    assert_eq!(s.shipped_on.as_deref(), Some("2026-12-04"));
    assert_eq!(s.carrier, "SF Express");
    let mut late = shipment(vec![(1, 5)]);
    late.shipped_on = Some("2026-12-05".into());
    assert_eq!(
        code(late.normalize("2026-12-04").unwrap_err()),
        ("shipped_on".into(), ErrorCode::InTheFuture)
    );
    let mut early = shipment(vec![(1, 5)]);
    early.expected_on = Some("2026-12-01".into());
    assert_eq!(
        code(early.normalize("2026-12-04").unwrap_err()),
        ("expected_on".into(), ErrorCode::ArrivesBeforeShipped)
    );
    assert_eq!(
        code(
            shipment(vec![(1, 5), (1, 2)])
                .normalize("2026-12-04")
                .unwrap_err()
        ),
        ("lines[1].line_no".into(), ErrorCode::DuplicateLine)
    );
    assert_eq!(
        code(shipment(vec![(1, 0)]).normalize("2026-12-04").unwrap_err()).0,
        "lines[0].quantity"
    );
    assert_eq!(
        code(shipment(vec![]).normalize("2026-12-04").unwrap_err()),
        ("lines".into(), ErrorCode::InvalidLineCount)
    );
}

#[test]
fn only_an_accepted_open_task_ships_and_never_more_than_is_left() {
    let open = [
        Shippable {
            line_no: 1,
            task_status: TaskStatus::InProduction,
            quantity: 100,
            shipped: 60,
        },
        Shippable {
            line_no: 2,
            task_status: TaskStatus::Assigned,
            quantity: 10,
            shipped: 0,
        },
    ];
    let lines = |l: i64, q: i64| {
        vec![NewShipmentLine {
            line_no: l,
            quantity: q,
        }]
    };
    assert!(check_shipment(&lines(1, 40), &open).is_ok());
    assert_eq!(
        code(check_shipment(&lines(1, 41), &open).unwrap_err()),
        ("lines[0].quantity".into(), ErrorCode::ExceedsRemaining)
    );
    assert_eq!(
        code(check_shipment(&lines(2, 1), &open).unwrap_err()),
        ("lines[0].line_no".into(), ErrorCode::TaskNotShippable)
    );
    assert_eq!(
        code(check_shipment(&lines(3, 1), &open).unwrap_err()),
        ("lines[0].line_no".into(), ErrorCode::UnknownLine)
    );
}

#[test]
fn a_task_is_shipped_when_all_of_it_left_and_in_production_before() {
    use TaskStatus as T;
    assert_eq!(
        steps_after_shipping(T::Accepted, false),
        vec![T::InProduction]
    );
    assert!(steps_after_shipping(T::InProduction, false).is_empty());
    assert!(steps_after_shipping(T::Produced, false).is_empty());
    assert_eq!(
        steps_after_shipping(T::Accepted, true),
        vec![T::InProduction, T::Produced, T::Shipped]
    );
    assert_eq!(steps_after_shipping(T::Produced, true), vec![T::Shipped]);
    // every step is an edge a supplier may fire
    for from in [T::Accepted, T::InProduction, T::Produced] {
        let mut at = from;
        for to in steps_after_shipping(from, true) {
            crate::lifecycle::TASK_LIFECYCLE
                .check(at, to, crate::lifecycle::Party::Supplier)
                .unwrap();
            at = to;
        }
    }
}

#[test]
fn the_contract_becomes_an_order_the_supplier_can_work_from() {
    let terms = crate::b2b::contract::tests::terms();
    let product = ProductRef {
        category_id: "boxes".into(),
        code: "BX-1".into(),
    };
    let order = order_of(&terms, &HashMap::from([(1, product)]))
        .normalize()
        .unwrap();
    assert_eq!(order.lines[0].platform_sku.as_deref(), Some("BX-1"));
    assert_eq!(order.platform, PLATFORM);
    assert_eq!(order.external_number, terms.number);
    assert_eq!(order.customer.name, "Hanse");
    assert_eq!(order.lines[0].title, "Gift box — kraft");
    assert_eq!(order.lines[0].category.as_deref(), Some("boxes"));
    assert_eq!(order.lines[0].quantity, 250);
    assert_eq!(order.total_amount, Some(terms.total));
    assert!(order.note.unwrap().contains("1: FSC"));
    assert_eq!(order.status, Some(OrderStatus::Pending));
}
