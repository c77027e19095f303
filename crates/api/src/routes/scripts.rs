//! A category's scripts (the script step): `/categories/{id}/script`
//! writes its SKUs, `/categories/{id}/route-script` picks each line's
//! supplier; each with a test console — run a script against a sample
//! order and see what it gives, what it printed, or why it stopped,
//! before saving it. Staff only.

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use orderhub_domain::model::{Category, CategoryScript};
use orderhub_domain::{Capability, ErrorCode, ValidationError};
use orderhub_script::{Engine, Limits};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_script))
        .routes(routes!(test_script))
        .routes(routes!(set_route_script))
        .routes(routes!(test_route_script))
}

/// `PUT /categories/{id}/script`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScriptBody {
    /// Rhai source whose last expression is the SKU, e.g.
    /// `category.prefix + initials(order.customer_name) + random_digits(4)`;
    /// `null` or `""` removes it (the template writes the SKUs again).
    pub sku_script: Option<String>,
}

/// `POST /categories/{id}/script/test`: the script, and the sample it runs
/// against (defaults: an Etsy order `#1001` of Ada Lovelace, one
/// "Sample product").
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScriptTest {
    pub script: String,
    #[serde(default)]
    pub customer_name: Option<String>,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

/// What a test run did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScriptRun {
    pub ok: bool,
    /// The SKU it wrote.
    pub result: Option<String>,
    /// What it printed (`print`, `debug`).
    pub log: Vec<String>,
    /// Why it gave no SKU: a syntax error with its line, a loop stopped,
    /// a result that is not text or not a SKU.
    pub error: Option<String>,
    pub took_ms: u128,
}

/// Compiles `script`; refused on `field` (`sku_script`, `route_script`)
/// with the line and reason.
pub(crate) fn compiled(which: CategoryScript, script: &str) -> Result<(), ValidationError> {
    Engine::new(Limits::default())
        .check(script)
        .map_err(|e| ValidationError::new(which.as_str(), ErrorCode::InvalidScript, e.to_string()))
}

/// What a route script reads of `category`'s suppliers, as at release:
/// each in rotation order with its code, name and whether it is active.
pub(crate) async fn suppliers_of(s: &AppState, category: &Category) -> Result<Value, ApiError> {
    let all = s.store.list_suppliers().await?;
    let list: Vec<Value> = category
        .supplier_ids
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let x = all.iter().find(|x| &x.id == id)?;
            Some(
                json!({"id": x.id, "code": x.code, "name": x.name, "active": x.active,
                "position": i + 1, "weight": x.weight, "open_tasks": null, "on_time_30d": null}),
            )
        })
        .collect();
    Ok(Value::Array(list))
}

/// What a script's answer is: a SKU (1–64 characters, no spaces), or the
/// name of the supplier among `suppliers` it names (empty: the rotation).
fn judged(which: CategoryScript, out: &str, suppliers: &Value) -> Result<String, String> {
    let out = out.trim();
    match which {
        CategoryScript::Sku => {
            let valid =
                !out.is_empty() && !out.contains(char::is_whitespace) && out.chars().count() <= 64;
            valid
                .then(|| out.to_owned())
                .ok_or_else(|| format!("{out:?} is not a SKU (1–64 characters, no spaces)"))
        }
        CategoryScript::Route => {
            let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
            let all: Vec<(String, String, String)> = suppliers
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| (text(x, "id"), text(x, "code"), text(x, "name")))
                .collect();
            let names: Vec<(&str, &str, &str)> = all
                .iter()
                .map(|(i, c, n)| (i.as_str(), c.as_str(), n.as_str()))
                .collect();
            let id = orderhub_domain::routing::named(&names, out)?;
            Ok(id
                .and_then(|id| all.iter().find(|(i, _, _)| i == id))
                .map(|(_, _, name)| name.clone())
                .unwrap_or_default())
        }
    }
}

/// Runs `t` against its sample for `category`, on a blocking thread.
pub(crate) async fn run_test(
    which: CategoryScript,
    category: &Category,
    suppliers: Value,
    t: ScriptTest,
) -> ScriptRun {
    let order = json!({
        "number": "#1001",
        "platform": t.platform.unwrap_or_else(|| "etsy".into()),
        "customer_name": t.customer_name.unwrap_or_else(|| "Ada Lovelace".into()),
    });
    let line = json!({"title": t.title.unwrap_or_else(|| "Sample product".into()), "quantity": 1, "line_no": 1, "personalised": false});
    let cat = json!({"name": category.name, "prefix": category.sku_prefix});
    let supplier = json!({"id": category.supplier_ids.first(), "code": null});
    let sku = json!("SKU00000000");
    let script = t.script;
    let given = suppliers.clone();
    let run = tokio::task::spawn_blocking(move || {
        let mut inputs = vec![("order", &order), ("line", &line), ("category", &cat)];
        match which {
            CategoryScript::Sku => inputs.extend([("supplier", &supplier), ("sku", &sku)]),
            CategoryScript::Route => inputs.push(("suppliers", &given)),
        }
        Engine::new(Limits::default()).run(&script, &inputs)
    })
    .await;
    let failed = |error: String| ScriptRun {
        ok: false,
        result: None,
        log: Vec::new(),
        error: Some(error),
        took_ms: 0,
    };
    match run {
        Ok(Ok(out)) => {
            let judged = match (&out.fields, which) {
                (Some(_), CategoryScript::Sku) => Err("a SKU script gives text, not a map".into()),
                // a map moves the line, renames it or names the supplier;
                // shown as given (a category's suppliers are checked at release)
                (Some(fields), CategoryScript::Route) => Ok(fields
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join(" · ")),
                (None, _) => judged(which, &out.result, &suppliers),
            };
            ScriptRun {
                ok: judged.is_ok(),
                result: Some(
                    judged
                        .clone()
                        .unwrap_or_else(|_| out.result.trim().to_owned()),
                ),
                error: judged.err(),
                log: out.log,
                took_ms: out.took.as_millis(),
            }
        }
        Ok(Err(e)) => failed(e.to_string()),
        Err(e) => failed(e.to_string()),
    }
}

/// Sets or removes the category's SKU script (a script that does not
/// compile is refused: `invalid_script`, with its line). At release each
/// new task of the category gets the script's SKU; a script that fails
/// leaves the template's SKU and flags the order.
#[utoipa::path(put, path = "/categories/{id}/script", tag = "categories", request_body = ScriptBody,
    responses((status = 200, body = Category), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn set_script(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ScriptBody>,
) -> Result<Json<Category>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    save(&s, &p, &id, CategoryScript::Sku, body.sku_script).await
}

async fn save(
    s: &AppState,
    p: &Principal,
    id: &str,
    which: CategoryScript,
    script: Option<String>,
) -> Result<Json<Category>, ApiError> {
    let script = script.filter(|t| !t.trim().is_empty());
    if let Some(src) = &script {
        compiled(which, src)?;
    }
    Ok(Json(
        s.store
            .set_script(&p.actor, id, which, script.as_deref())
            .await?,
    ))
}

/// Runs a script against a sample order without saving it.
#[utoipa::path(post, path = "/categories/{id}/script/test", tag = "categories", request_body = ScriptTest,
    responses((status = 200, body = ScriptRun), (status = 404, body = Problem)))]
async fn test_script(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ScriptTest>,
) -> Result<Json<ScriptRun>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    let category = s.store.get_category(&id).await?;
    let run = run_test(CategoryScript::Sku, &category, Value::Null, body).await;
    Ok(Json(run))
}

/// `PUT /categories/{id}/route-script`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteScriptBody {
    /// Rhai source whose last expression names the line's supplier among
    /// `suppliers` (its code, id or name), or `""` for the rotation, e.g.
    /// `if line.title.contains("engraved") { "ENG" } else { "" }`; `null`
    /// or `""` removes it.
    pub route_script: Option<String>,
}

/// Sets or removes the category's route script (`invalid_script` with
/// its line when it does not compile). At release each new line of the
/// category goes to the supplier the script names when that supplier is
/// active and has not rejected the line, with no turn of the rotation; a
/// script that fails, or names somebody else, leaves it to the rotation
/// and flags the order.
#[utoipa::path(put, path = "/categories/{id}/route-script", tag = "categories", request_body = RouteScriptBody,
    responses((status = 200, body = Category), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn set_route_script(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RouteScriptBody>,
) -> Result<Json<Category>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    save(&s, &p, &id, CategoryScript::Route, body.route_script).await
}

/// Runs a route script against a sample order and the category's
/// suppliers without saving it: `result` is the supplier's name (empty:
/// the rotation decides).
#[utoipa::path(post, path = "/categories/{id}/route-script/test", tag = "categories", request_body = ScriptTest,
    responses((status = 200, body = ScriptRun), (status = 404, body = Problem)))]
async fn test_route_script(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ScriptTest>,
) -> Result<Json<ScriptRun>, ApiError> {
    p.require(Capability::ManageCatalog)?;
    let category = s.store.get_category(&id).await?;
    let suppliers = suppliers_of(&s, &category).await?;
    Ok(Json(
        run_test(CategoryScript::Route, &category, suppliers, body).await,
    ))
}
