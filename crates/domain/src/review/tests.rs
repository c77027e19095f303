use super::*;
use time::OffsetDateTime;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn address() -> Address {
    Address {
        country: "DE".into(),
        region: None,
        city: Some("Berlin".into()),
        line1: Some("Hauptstr. 1".into()),
        line2: None,
        postal_code: Some("10115".into()),
    }
}

fn facts(a: Option<&Address>, payment: PaymentStatus, total: Decimal) -> Facts<'_> {
    Facts {
        payment,
        address: a,
        platform: "shopify",
        currency: "CNY",
        total: Some(total),
        customer_email: Some("Buyer@Example.com"),
        holds: Vec::new(),
        lines: vec![
            LineFacts {
                line_no: 1,
                unit_price: Some(d("30")),
                platform_sku: Some("MUG-01"),
                quantity: 1,
                no_task: false,
            },
            LineFacts {
                line_no: 2,
                unit_price: Some(d("0")),
                platform_sku: None,
                quantity: 1,
                no_task: true,
            },
        ],
    }
}

fn rule(name: &str, min: Option<Decimal>, approver: Role) -> ApprovalRule {
    ApprovalRule {
        id: name.into(),
        name: name.into(),
        min_amount: min,
        currency: min.map(|_| "CNY".into()),
        platform: None,
        customer_email: None,
        approver,
        active: true,
        updated_at: OffsetDateTime::UNIX_EPOCH,
    }
}

#[test]
fn a_paid_order_with_an_address_and_prices_passes_every_check() {
    let a = address();
    let r = review(
        &facts(Some(&a), PaymentStatus::Paid, d("30")),
        &Supplies::default(),
        &[],
        false,
    );
    assert!(r.failed().is_empty(), "{r:?}");
    assert_eq!(
        r.verdict(Asked::Policy),
        Verdict::Release {
            acknowledged: vec![]
        }
    );
}

#[test]
fn each_check_says_what_is_wrong() {
    let mut a = address();
    a.line1 = Some("  ".into());
    let mut prices = SupplyPrices::default();
    prices.add("mug-01", "CNY", d("45"));
    prices.add("MUG-01", "CNY", d("35")); // the lowest supplier price counts
    prices.add("MUG-01", "USD", d("1"));
    let mut f = facts(Some(&a), PaymentStatus::Unpaid, d("30"));
    f.lines.push(LineFacts {
        line_no: 3,
        unit_price: Some(d("0.00")),
        platform_sku: None,
        quantity: 1,
        no_task: false,
    });
    let r = review(
        &f,
        &Supplies {
            prices,
            ..Default::default()
        },
        &[],
        false,
    );
    assert_eq!(r.failed(), vec![Check::Paid, Check::Address, Check::Prices]);
    let problems: Vec<String> = r
        .findings
        .iter()
        .flat_map(|f| f.problems.iter().map(ToString::to_string))
        .collect();
    assert_eq!(
        problems,
        [
            "the order is unpaid",
            "the address has no line1",
            "line 1 sells at 30, below the supplier price 35 of MUG-01",
        ]
    );
    let mut free = facts(None, PaymentStatus::Paid, d("1"));
    free.lines.push(LineFacts {
        line_no: 3,
        unit_price: Some(d("0")),
        platform_sku: Some("GIFT"),
        quantity: 1,
        no_task: false,
    });
    let none = SupplyPrices::default();
    let r = review(
        &free,
        &Supplies {
            prices: none.clone(),
            ..Default::default()
        },
        &[],
        false,
    );
    assert_eq!(r.findings[1].problems, vec![Problem::NoAddress]);
    assert!(
        r.findings[2].passed,
        "a free line beside priced ones is a gift"
    );
    free.lines[0].unit_price = Some(d("0"));
    let r = review(
        &free,
        &Supplies {
            prices: none.clone(),
            ..Default::default()
        },
        &[],
        false,
    );
    assert_eq!(
        r.findings[2].problems,
        vec![Problem::NoPrices],
        "Amazon's pending 0.00"
    );
}

#[test]
fn policy_holds_on_any_failure_a_person_only_for_approval() {
    let a = address();
    let f = facts(Some(&a), PaymentStatus::Unpaid, d("12000"));
    let rules = [rule("big", Some(d("10000")), Role::Admin)];
    let r = review(&f, &Supplies::default(), &rules, false);
    assert_eq!(
        r.verdict(Asked::Policy),
        Verdict::Hold(vec![Check::Paid, Check::Approval])
    );
    assert_eq!(
        r.verdict(Asked::Person),
        Verdict::NeedsApproval(rules[0].clone())
    );
    let approved = review(&f, &Supplies::default(), &rules, true);
    assert_eq!(
        approved.verdict(Asked::Person),
        Verdict::Release {
            acknowledged: vec![Check::Paid]
        }
    );
    assert_eq!(
        approved.verdict(Asked::Policy),
        Verdict::Hold(vec![Check::Paid])
    );
}

#[test]
fn rules_match_on_all_their_conditions_and_the_stronger_wins() {
    let a = address();
    let f = facts(Some(&a), PaymentStatus::Paid, d("10000"));
    let ops = rule("ops", Some(d("5000")), Role::Operator);
    let big = rule("big", Some(d("10000")), Role::Admin);
    let bigger = rule("bigger", Some(d("10000.01")), Role::Admin);
    let rules = [ops.clone(), big.clone(), bigger];
    assert_eq!(approval::applicable(&rules, &f), Some(&big));
    let mut usd = big.clone();
    usd.currency = Some("USD".into());
    assert_eq!(approval::applicable(&[usd], &f), None, "another currency");
    let mut inactive = big.clone();
    inactive.active = false;
    assert_eq!(approval::applicable(&[inactive], &f), None);
    let mut buyer = rule("buyer", None, Role::Operator);
    buyer.customer_email = Some("buyer@example.com".into());
    buyer.platform = Some("Shopify".into());
    assert!(buyer.matches(&f), "e-mail and platform in any case");
    buyer.platform = Some("etsy".into());
    assert!(!buyer.matches(&f), "every condition has to hold");
    assert!(ops.may_approve(Role::Admin) && ops.may_approve(Role::Operator));
    assert!(big.may_approve(Role::Admin) && !big.may_approve(Role::Operator));
    assert!(!ops.may_approve(Role::Supplier));
}

#[test]
fn a_rule_needs_a_condition_an_amount_its_currency_and_a_staff_approver() {
    let new =
        |min: Option<Decimal>, currency: Option<&str>, approver: Option<Role>| NewApprovalRule {
            name: " Big orders ".into(),
            min_amount: min,
            currency: currency.map(Into::into),
            platform: None,
            customer_email: None,
            approver,
            active: None,
        };
    let code = |n: NewApprovalRule| n.normalize().unwrap_err().code;
    assert_eq!(code(new(None, None, None)), "rule_without_condition");
    assert_eq!(code(new(Some(d("10")), None, None)), "required");
    assert_eq!(code(new(Some(d("-1")), Some("CNY"), None)), "negative");
    assert_eq!(
        code(new(Some(d("1.000001")), Some("CNY"), None)),
        "too_precise"
    );
    assert_eq!(
        code(new(Some(d("10")), Some("CNY"), Some(Role::Supplier))),
        "invalid_approver"
    );
    let ok = new(Some(d("10000")), Some("cny"), None)
        .normalize()
        .unwrap();
    assert_eq!(
        (ok.name.as_str(), ok.currency.as_deref()),
        ("Big orders", Some("CNY"))
    );
    assert_eq!((ok.approver, ok.active), (Some(Role::Admin), Some(true)));
}

#[test]
fn an_automation_rule_holds_until_a_person_releases() {
    let a = address();
    let mut f = facts(Some(&a), PaymentStatus::Paid, d("612"));
    f.holds = vec![("r1".into(), "Big orders".into(), "check the buyer".into())];
    let r = review(&f, &Supplies::default(), &[], false);
    assert_eq!(r.failed(), [Check::Rule]);
    let found = r.findings.iter().find(|x| x.check == Check::Rule).unwrap();
    assert_eq!(
        found.problems[0].to_string(),
        "rule “Big orders” holds it: check the buyer"
    );
    assert_eq!(r.verdict(Asked::Policy), Verdict::Hold(vec![Check::Rule]));
    assert_eq!(
        r.verdict(Asked::Person),
        Verdict::Release {
            acknowledged: vec![Check::Rule]
        }
    );
}
