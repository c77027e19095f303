//! Fixtures: payloads shaped like each platform's (see FORMATS-*.md).

use serde_json::Value;

/// `tests/fixtures/<path>`, parsed.
pub fn fixture(path: &str) -> Value {
    let file = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}
