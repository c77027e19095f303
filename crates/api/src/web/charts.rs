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

/// Vertical bars over time (a trend), labelled at the first, middle and
/// last points.
pub fn columns(title: &str, bars: &[Bar]) -> String {
    let n = bars.len().max(1) as f64;
    let (width, height, base) = (600.0, 160.0, 140.0);
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let step = width / n;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{}">"#,
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
        r#"<line x1="0" y1="{base}" x2="{width}" y2="{base}"/>"#
    );
    let marks = [0, bars.len() / 2, bars.len().saturating_sub(1)];
    for (k, i) in marks.iter().enumerate() {
        if let Some(b) = bars.get(*i).filter(|_| k == 0 || *i != marks[k - 1]) {
            let anchor = ["start", "middle", "end"][k];
            let x = match k {
                0 => 0.0,
                1 => *i as f64 * step + step / 2.0,
                _ => width,
            };
            let _ = write!(
                svg,
                r#"<text x="{x:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
                height - 4.0,
                esc(&b.label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars, one per row of a table, largest first as given.
pub fn bars(title: &str, bars: &[Bar]) -> String {
    let (width, row) = (600.0, 22.0);
    let height = row * bars.len().max(1) as f64;
    let max = bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let mut svg = format!(
        r#"<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" aria-label="{}">"#,
        esc(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i as f64 * row;
        let w = (b.value.max(0.0) / max * 380.0).round();
        let _ = write!(
            svg,
            r#"<text x="0" y="{:.1}">{}</text><rect x="200" y="{:.1}" width="{w}" height="{:.1}"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}">{}</text>"#,
            y + 15.0,
            esc(&truncate(&b.label, 24)),
            y + 4.0,
            row - 8.0,
            esc(&b.label),
            esc(&b.shown),
            205.0 + w,
            y + 15.0,
            esc(&b.shown)
        );
    }
    svg.push_str("</svg>");
    svg
}

fn truncate(text: &str, max: usize) -> String {
    match text.chars().count() > max {
        true => format!("{}…", text.chars().take(max - 1).collect::<String>()),
        false => text.to_owned(),
    }
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
            svg.contains(r#"width="380""#) && svg.contains(r#"width="190""#),
            "{svg}"
        );
        let svg = columns("Trend", &[b("2026-01-01", 0.0), b("2026-01-02", 4.0)]);
        assert!(svg.contains(r#"height="120""#) && svg.contains("2026-01-02"));
        assert!(columns("Empty", &[]).contains("</svg>"));
    }
}
