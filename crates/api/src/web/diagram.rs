//! State machines drawn as SVG from the lifecycle tables the server
//! enforces (`orderhub_domain::lifecycle`): nothing here restates a rule.
//! States stand in a column in their declared order; a move forward is an
//! arc on the right, a move back an arc on the left, coloured by who may
//! make it.

use super::i18n::Lang;
use orderhub_domain::lifecycle::{Lifecycle, Trigger};
use std::fmt::Write;

const BOX_W: i32 = 170;
const BOX_H: i32 = 34;
const GAP: i32 = 22;
const LEFT: i32 = 150;

/// The ink of boxes and text, and each mover's colour (the page's legend
/// uses the same, in app.css). Drawn as SVG attributes rather than CSS:
/// the file then reads the same on the page (whose Content-Security-Policy
/// allows no inline style) and in the docs.
const INK: &str = "#1d2433";

fn stroke(class: &str) -> &'static str {
    match class {
        "by-operator" => r##"stroke="#2458d6""##,
        "by-supplier" => r##"stroke="#1f8a4c""##,
        "by-buyer" => r##"stroke="#b35c00""##,
        _ => r##"stroke="#5b6475" stroke-dasharray="5 4""##,
    }
}

/// One arrow of a chart: between states `from` and `to` (their places),
/// coloured by `class` (who may take it), described by `title`.
struct Edge {
    from: i32,
    to: i32,
    class: &'static str,
    title: String,
}

/// The SVG of `lifecycle`, labelled in `lang`.
pub fn svg<S: Copy + PartialEq>(
    lifecycle: &Lifecycle<S>,
    name: impl Fn(S) -> &'static str,
    lang: Lang,
    title: &str,
) -> String {
    let label = |s: S| lang.t(&format!("status-{}", name(s)));
    let index = |s: S| lifecycle.states.iter().position(|x| *x == s).unwrap_or(0) as i32;
    let edges = lifecycle
        .transitions
        .iter()
        .map(|t| Edge {
            from: index(t.from),
            to: index(t.to),
            class: trigger_class(t.by),
            title: format!(
                "{} → {}: {}",
                label(t.from),
                label(t.to),
                lang.t(trigger_key(t.by))
            ),
        })
        .collect();
    let states: Vec<&str> = lifecycle.states.iter().map(|s| label(*s)).collect();
    draw(title, &states, index(lifecycle.initial), edges)
}

/// The SVG of a task's proof steps (`orderhub_domain::proof::STEPS`),
/// labelled in `lang`; coloured by the first party that may take a step.
pub fn proof_svg(lang: Lang, title: &str) -> String {
    use orderhub_domain::proof::{ProofParty, ProofStatus, STEPS};
    let label = |s: ProofStatus| lang.t(&format!("proof-status-{}", s.as_str()));
    let index = |s: ProofStatus| ProofStatus::ALL.iter().position(|x| *x == s).unwrap_or(0) as i32;
    let edges = STEPS
        .iter()
        // sending the same round again stays where it is: no arrow
        .filter(|e| e.from != e.to)
        .map(|e| {
            let parties: Vec<&str> = e.by.iter().map(|p| lang.t(party_key(*p))).collect();
            Edge {
                from: index(e.from),
                to: index(e.to),
                class: match e.by.first() {
                    Some(ProofParty::Supplier) => "by-supplier",
                    Some(ProofParty::Buyer) => "by-buyer",
                    _ => "by-operator",
                },
                title: format!(
                    "{} → {}: {} ({})",
                    label(e.from),
                    label(e.to),
                    lang.t(&format!("proof-step-{}", e.step.as_str())),
                    parties.join(", ")
                ),
            }
        })
        .collect();
    let states: Vec<&str> = ProofStatus::ALL.iter().map(|s| label(*s)).collect();
    draw(title, &states, index(ProofStatus::Required), edges)
}

fn party_key(p: orderhub_domain::proof::ProofParty) -> &'static str {
    use orderhub_domain::proof::ProofParty;
    match p {
        ProofParty::Supplier => "workflow-by_supplier",
        ProofParty::Operator => "workflow-by_operator",
        ProofParty::Buyer => "workflow-by_buyer",
    }
}

/// States stand in a column; a move forward is an arc on the right, a
/// move back an arc on the left.
fn draw(title: &str, states: &[&str], initial: i32, edges: Vec<Edge>) -> String {
    let n = states.len() as i32;
    let height = n * (BOX_H + GAP) + 40;
    let width = LEFT * 2 + BOX_W;
    let y = |i: i32| 20 + i * (BOX_H + GAP);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-label="{}" class="diagram">"#,
        escape(title)
    );
    out.push_str(
        r#"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>"#,
    );
    for e in edges {
        let (a, b) = (e.from, e.to);
        let (y1, y2) = (y(a) + BOX_H / 2, y(b) + BOX_H / 2);
        let reach = 18 + 14 * (a - b).abs();
        let (x, bend) = if b > a {
            (LEFT + BOX_W, LEFT + BOX_W + reach)
        } else {
            (LEFT, LEFT - reach)
        };
        let _ = write!(
            out,
            r#"<path d="M{x},{y1} C{bend},{y1} {bend},{y2} {x},{y2}" fill="none" class="edge {}" {} stroke-width="1.6" marker-end="url(#arrow)"><title>{}</title></path>"#,
            e.class,
            stroke(e.class),
            escape(&e.title),
        );
    }
    for (i, label) in states.iter().enumerate() {
        let i = i as i32;
        let (first, width) = if i == initial {
            (" initial", 3)
        } else {
            ("", 1)
        };
        let _ = write!(
            out,
            r##"<g class="state{first}"><rect x="{LEFT}" y="{}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="#fff" stroke="{INK}" stroke-width="{width}"/><text x="{}" y="{}" text-anchor="middle" font-family="system-ui, sans-serif" font-size="14" fill="{INK}">{}</text></g>"##,
            y(i),
            LEFT + BOX_W / 2,
            y(i) + BOX_H / 2 + 5,
            escape(label),
        );
    }
    out.push_str("</svg>");
    out
}

fn trigger_class(t: Trigger) -> &'static str {
    match t {
        Trigger::Operator => "by-operator",
        Trigger::Supplier => "by-supplier",
        Trigger::Automatic => "by-automatic",
    }
}

/// The legend's text key for a trigger.
pub fn trigger_key(t: Trigger) -> &'static str {
    match t {
        Trigger::Operator => "workflow-by_operator",
        Trigger::Supplier => "workflow-by_supplier",
        Trigger::Automatic => "workflow-by_automatic",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use orderhub_domain::{ORDER_LIFECYCLE, TASK_LIFECYCLE};

    #[test]
    fn every_state_and_transition_is_drawn() {
        let svg = svg(&TASK_LIFECYCLE, |s| s.as_str(), Lang::En, "Task");
        assert_eq!(svg.matches("<rect").count(), TASK_LIFECYCLE.states.len());
        assert_eq!(
            svg.matches("class=\"edge ").count(),
            TASK_LIFECYCLE.transitions.len()
        );
        let zh = svg_zh();
        assert!(zh.contains("采购中"), "{zh}");
    }

    /// docs/ shows the diagrams the server draws: regenerate them with
    /// `orderhub diagram order > docs/lifecycle-order.svg` (and `task`,
    /// `--lang zh-CN`) when a lifecycle changes.
    #[test]
    fn the_docs_show_the_diagrams_the_server_draws() {
        let docs = [
            (
                "order",
                "en",
                include_str!("../../../../docs/lifecycle-order.svg"),
            ),
            (
                "task",
                "en",
                include_str!("../../../../docs/lifecycle-task.svg"),
            ),
            (
                "order",
                "zh-CN",
                include_str!("../../../../docs/lifecycle-order-zh.svg"),
            ),
            (
                "task",
                "zh-CN",
                include_str!("../../../../docs/lifecycle-task-zh.svg"),
            ),
            (
                "proof",
                "en",
                include_str!("../../../../docs/lifecycle-proof.svg"),
            ),
            (
                "proof",
                "zh-CN",
                include_str!("../../../../docs/lifecycle-proof-zh.svg"),
            ),
        ];
        for (subject, lang, file) in docs {
            let drawn = super::super::lifecycle_svg(subject, lang).unwrap();
            assert_eq!(
                file.trim_end(),
                drawn,
                "docs/lifecycle-{subject} ({lang}) is stale"
            );
        }
    }

    fn svg_zh() -> String {
        svg(&ORDER_LIFECYCLE, |s| s.as_str(), Lang::Zh, "订单")
    }
}
