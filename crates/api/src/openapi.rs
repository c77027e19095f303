//! The OpenAPI 3.1 document, generated from the handlers' annotations and
//! the domain types, and the browsable docs page (Swagger UI, vendored).

use crate::problem::PROBLEM_JSON;
use axum::Router;
use serde_json::{Value, json};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi, ServerBuilder};
use utoipa_swagger_ui::{Config, SwaggerUi};

/// The served document: the handlers' annotations plus what they do not
/// say — title, server prefix, auth scheme, and the rules that hold for
/// every operation (path parameters, problem responses).
pub fn finish(mut doc: OpenApi) -> Value {
    doc.info = InfoBuilder::new()
        .title("orderhub")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "Order collaboration hub: orders in from every channel, supplier tasks out. \
             Every error is application/problem+json with a stable `code`.",
        ))
        .build();
    doc.servers = Some(vec![ServerBuilder::new().url("/api/v1").build()]);
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
    );
    doc.security = Some(vec![utoipa::openapi::security::SecurityRequirement::new(
        "bearer",
        Vec::<String>::new(),
    )]);
    // Rules that hold for every operation are added here once, rather than
    // restated on each handler, on the document as JSON.
    let mut value = serde_json::to_value(&doc).unwrap_or_default();
    add_path_parameters(&mut value);
    add_problem_responses(&mut value);
    binary_bodies(&mut value);
    problem_members(&mut value);
    value
}

/// Files (spreadsheets, CSV and XLSX exports, zips, pictures) are bytes:
/// `type: string, format: binary` with their media type, so generated
/// clients hand them over as files instead of decoding them as text.
fn binary_bodies(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    let textual = |ct: &str| ct.contains("json") || ct == "text/plain";
    let binary = |ct: &str| json!({"type": "string", "format": "binary", "contentMediaType": ct});
    for item in paths.values_mut() {
        for method in METHODS {
            let Some(op) = item.get_mut(method) else {
                continue;
            };
            let mut places = vec!["/requestBody/content".to_owned()];
            if let Some(codes) = op["responses"].as_object() {
                places.extend(codes.keys().map(|c| format!("/responses/{c}/content")));
            }
            for place in places {
                if let Some(map) = op.pointer_mut(&place).and_then(Value::as_object_mut) {
                    for (ct, media) in map.iter_mut().filter(|(ct, _)| !textual(ct)) {
                        media["schema"] = binary(ct);
                    }
                }
            }
        }
    }
}

/// The extension members problems carry, listed on the schema: a refused
/// move's `current`, `allowed` and `requested` states, an access rule's
/// `rule`, a file's refused rows (`errors`).
fn problem_members(doc: &mut Value) {
    let row_error = serde_json::to_value(
        <orderhub_channels::spreadsheet::RowError as utoipa::PartialSchema>::schema(),
    )
    .unwrap_or_default();
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        schemas.entry("RowError").or_insert(row_error);
    }
    let target = match doc.pointer("/components/schemas/Problem/allOf/0") {
        Some(_) => "/components/schemas/Problem/allOf/0",
        None => "/components/schemas/Problem",
    };
    let Some(problem) = doc.pointer_mut(target) else {
        return;
    };
    let members = json!({
        "current": {"type": "string", "description": "a refused move: the state now"},
        "requested": {"type": "string", "description": "a refused move: the state asked for"},
        "allowed": {"type": "array", "items": {"type": "string"}, "description": "a refused move: the states it may go to"},
        "rule": {"type": "string", "description": "the access or lifecycle rule that refused"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/RowError"}, "description": "a file's refused rows"}
    });
    if let Some(props) = problem.as_object_mut() {
        let existing = props.entry("properties").or_insert_with(|| json!({}));
        if let (Some(have), Some(add)) = (existing.as_object_mut(), members.as_object()) {
            for (k, v) in add {
                have.insert(k.clone(), v.clone());
            }
        }
    }
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// Every `{name}` in a path is a required string parameter.
fn add_path_parameters(doc: &mut Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let names: Vec<&str> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let params = op.entry("parameters").or_insert_with(|| json!([]));
            let Some(list) = params.as_array_mut() else {
                continue;
            };
            for name in &names {
                let present = list.iter().any(|p| p["name"] == *name && p["in"] == "path");
                if !present {
                    list.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
                }
            }
        }
    }
}

/// Errors are `application/problem+json`, and the refusals every operation
/// can give (bad input, no credentials, a role that may not, an oversized
/// body, a busy database) are documented on each.
fn add_problem_responses(doc: &mut Value) {
    let problem = json!({"$ref": "#/components/schemas/Problem"});
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let has_body = op.contains_key("requestBody");
            let has_query = op
                .get("parameters")
                .and_then(Value::as_array)
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
            let responses = op.entry("responses").or_insert_with(|| json!({}));
            let Some(responses) = responses.as_object_mut() else {
                continue;
            };
            for (code, response) in responses.iter_mut() {
                if response
                    .get("description")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    let text = if code.as_str() >= "400" {
                        "refused (a problem document)"
                    } else {
                        "done"
                    };
                    response["description"] = json!(text);
                }
                if code.as_str() >= "400"
                    && let Some(content) = response["content"].as_object_mut()
                    && let Some(schema) = content.remove("application/json")
                {
                    content.insert(PROBLEM_JSON.to_owned(), schema);
                }
            }
            let mut common = vec![
                ("400", "malformed request"),
                ("401", "no or bad credentials"),
                ("403", "the role may not"),
                ("503", "busy; retry"),
            ];
            if has_body {
                common.extend([
                    ("413", "body over 2 MiB"),
                    ("415", "not JSON"),
                    ("422", "invalid field"),
                ]);
            }
            if has_query && !has_body {
                common.push(("422", "a query parameter out of range"));
            }
            if path.contains('{') {
                common.push(("404", "not found, or not yours"));
            }
            if method == "patch" {
                common.push(("409", "conflicts with the current state"));
            }
            if path.starts_with("/auth/") {
                common.push(("429", "too many failed logins"));
            }
            for (code, description) in common {
                responses.entry(code).or_insert_with(|| {
                    json!({"description": description, "content": {PROBLEM_JSON: {"schema": problem.clone()}}})
                });
            }
        }
    }
}

/// `/api/openapi.json` and `/api/docs` (Swagger UI, served from the binary).
pub fn docs(doc: OpenApi) -> Router {
    let document = std::sync::Arc::new(finish(doc));
    let json = move || {
        let document = document.clone();
        async move { axum::Json(document.as_ref().clone()) }
    };
    Router::new()
        .route("/api/openapi.json", axum::routing::get(json))
        .merge(SwaggerUi::new("/api/docs").config(Config::from("/api/openapi.json")))
}

#[cfg(test)]
mod tests {
    /// Every `$ref` names a schema the document defines (a parameter typed
    /// by an enum that no body uses is easy to leave dangling; fuzzers then
    /// skip the operation).
    #[test]
    fn every_reference_resolves() {
        let doc: serde_json::Value = serde_json::from_str(&crate::openapi_json()).unwrap();
        let defined = doc["components"]["schemas"].as_object().unwrap();
        let text = doc.to_string();
        let prefix = "#/components/schemas/";
        let mut missing: Vec<&str> = text
            .match_indices(prefix)
            .map(|(at, _)| {
                let rest = &text[at + prefix.len()..];
                &rest[..rest.find('"').unwrap_or(rest.len())]
            })
            .filter(|name| !defined.contains_key(*name))
            .collect();
        missing.dedup();
        assert!(missing.is_empty(), "unresolved: {missing:?}");
    }
}
