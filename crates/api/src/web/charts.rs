//! Charts drawn on the server as SVG: no script, no library, readable by
//! a screen reader through each chart's title and the table printed
//! beside it (the chart repeats the table; it never replaces it).

use std::fmt::Write;

/// Escapes text for an SVG attribute or element.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One bar: its label, its size, and the value as written for people.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub shown: String,
}

/// Vertical bars over time (a trend), the first, middle and last points
/// named under it in the page's own text (readable at any width).
pub fn columns(title: &str, bars: &[Bar]) -> String {
    let n = bars.len().max(1) as f64;
    let (width, base) = (600.0, 124.0);
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let step = width / n;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {width} 125" role="img" aria-label="{}">"#,
        esc(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let h = (b.value.max(0.0) / max * 120.0).round();
        let _ = write!(
            svg,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{h}"><title>{}: {}</title></rect>"#,
            i as f64 * step + step * 0.1,
            base - h,
            (step * 0.8).max(0.5),
            esc(&b.label),
            esc(&b.shown)
        );
    }
    let _ = write!(
        svg,
        r#"<line x1="0" y1="{base}" x2="{width}" y2="{base}"/></svg>"#
    );
    svg.push_str(r#"<div class="chart-axis" aria-hidden="true">"#);
    let marks = [0, bars.len() / 2, bars.len().saturating_sub(1)];
    for (k, i) in marks.iter().enumerate() {
        let label = match bars.get(*i) {
            Some(b) if k == 0 || *i != marks[k - 1] => esc(&b.label),
            _ => String::new(),
        };
        let _ = write!(svg, "<span>{label}</span>");
    }
    svg.push_str("</div>");
    svg
}

/// Horizontal bars, one per row of a table, largest first as given: the
/// names and values are the page's text, the bars drawn between them.
pub fn bars(title: &str, bars: &[Bar]) -> String {
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let mut html = format!(
        r#"<div class="hbars" role="img" aria-label="{}">"#,
        esc(title)
    );
    for b in bars {
        let pct = (b.value.max(0.0) / max * 100.0).round();
        let _ = write!(
            html,
            r#"<span class="l" title="{0}">{0}</span><svg viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true"><rect width="{pct}" height="8"/></svg><span class="v">{1}</span>"#,
            esc(&b.label),
            esc(&b.shown)
        );
    }
    html.push_str("</div>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_labels_and_scale_to_the_largest() {
        let b = |l: &str, v: f64| Bar {
            label: l.into(),
            value: v,
            shown: v.to_string(),
        };
        let svg = bars(
            "Sales <by> \"country\"",
            &[b("<script>", 10.0), b("JP", 5.0)],
        );
        assert!(!svg.contains("<script>"));
        assert!(
            svg.contains(r#"width="100""#) && svg.contains(r#"width="50""#),
            "{svg}"
        );
        let svg = columns("Trend", &[b("2026-01-01", 0.0), b("2026-01-02", 4.0)]);
        assert!(svg.contains(r#"height="120""#) && svg.contains("2026-01-02"));
        assert!(columns("Empty", &[]).contains("</svg>"));
        assert!(columns("Trend", &[b("2026-01-01", 1.0)]).contains("<span>2026-01-01</span>"));
    }
}
