use super::*;
use serde_json::json;

fn run(source: &str) -> Result<Outcome, ScriptError> {
    let order = json!({"customer_name": "Ada Lovelace", "platform": "amazon", "number": "112-1"});
    let category = json!({"name": "Mugs", "prefix": "MUG"});
    Engine::new(Limits::default()).run(source, &[("order", &order), ("category", &category)])
}

#[test]
fn the_sku_the_issue_asks_for() {
    let out =
        run(r#"category.prefix + "-" + initials(order.customer_name) + "-" + random_digits(4)"#)
            .unwrap();
    let (head, digits) = out.result.rsplit_once('-').unwrap();
    assert_eq!(head, "MUG-AL");
    assert_eq!(digits.len(), 4);
    assert!(digits.chars().all(|c| c.is_ascii_digit()));
}

#[test]
fn a_loop_that_never_ends_is_stopped() {
    let e = run("let x = 0; loop { x += 1; }").unwrap_err();
    assert!(
        matches!(
            e,
            ScriptError::TooManyOperations(_) | ScriptError::TooSlow(_)
        ),
        "{e:?}"
    );
    // a slow one that stays under the operation count is stopped by time
    let mut slow = Engine::new(Limits {
        operations: u64::MAX / 2,
        time: std::time::Duration::from_millis(50),
        ..Limits::default()
    });
    let started = std::time::Instant::now();
    let e = slow.run("loop { }", &[]).unwrap_err();
    assert!(matches!(e, ScriptError::TooSlow(_)), "{e:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

#[test]
fn memory_is_bounded() {
    let e = run(r#"let s = "x"; loop { s += s; }"#).unwrap_err();
    assert!(matches!(e, ScriptError::Runtime(_)), "{e:?}");
    let e = run("let a = []; loop { a.push(1); }").unwrap_err();
    assert!(
        matches!(
            e,
            ScriptError::Runtime(_) | ScriptError::TooManyOperations(_)
        ),
        "{e:?}"
    );
}

#[test]
fn no_way_out_of_the_sandbox() {
    for escape in [
        r#"eval("1")"#,
        r#"import "std" as s; 1"#,
        r#"open("/etc/passwd")"#,
    ] {
        assert!(run(escape).is_err(), "{escape}");
    }
}

#[test]
fn errors_say_where_and_what() {
    let e = run("let x = ;").unwrap_err();
    assert!(matches!(e, ScriptError::Syntax { line: 1, .. }), "{e:?}");
    assert_eq!(run("42").unwrap_err(), ScriptError::NotText("i64".into()));
    let out = run(r#"print("hello"); "A""#).unwrap();
    assert_eq!(out.log, ["hello"]);
    assert!(matches!(
        run(&"x".repeat(30_000)).unwrap_err(),
        ScriptError::TooLong(_)
    ));
}

#[test]
fn initials_of_any_script() {
    assert_eq!(initials("ada  lovelace"), "AL");
    assert_eq!(initials("李 雷"), "李雷");
    assert_eq!(initials(""), "");
}

#[test]
fn a_map_of_text_is_an_answer_too() {
    let out = run(r#"#{category: "Engraving", title: "Mug — " + order.customer_name}"#).unwrap();
    assert_eq!(out.result, "");
    let fields = out.fields.unwrap();
    assert_eq!(fields["category"], "Engraving");
    assert_eq!(fields["title"], "Mug — Ada Lovelace");
    assert_eq!(
        run(r#"#{category: 3}"#).unwrap_err(),
        ScriptError::FieldNotText("category".into())
    );
    assert!(run(r#""plain""#).unwrap().fields.is_none());
}
