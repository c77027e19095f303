//! `/categories/{id}/script`: a category's SKU script (the script step),
//! and its test console — run a script against a sample order and see the
//! SKU, what it printed, or why it stopped, before saving it. Staff only.

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use orderhub_domain::model::Category;
use orderhub_domain::{Capability, ErrorCode, ValidationError};
use orderhub_script::{Engine, Limits};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_script))
        .routes(routes!(test_script))
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

/// Compiles `script`; refused on `sku_script` with the line and reason.
pub(crate) fn compiled(script: &str) -> Result<(), ValidationError> {
    Engine::new(Limits::default())
        .check(script)
        .map_err(|e| ValidationError::new("sku_script", ErrorCode::InvalidScript, e.to_string()))
}

/// Runs `t` against its sample for `category`, on a blocking thread.
pub(crate) async fn run_test(category: &Category, t: ScriptTest) -> ScriptRun {
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
    let run = tokio::task::spawn_blocking(move || {
        let inputs = [
            ("order", &order),
            ("line", &line),
            ("category", &cat),
            ("supplier", &supplier),
            ("sku", &sku),
        ];
        Engine::new(Limits::default()).run(&script, &inputs)
    })
    .await;
    match run {
        Ok(Ok(out)) => {
            let valid = !out.result.trim().is_empty()
                && !out.result.trim().contains(char::is_whitespace)
                && out.result.trim().chars().count() <= 64;
            ScriptRun {
                ok: valid,
                error: (!valid)
                    .then(|| format!("{:?} is not a SKU (1–64 characters, no spaces)", out.result)),
                result: Some(out.result.trim().to_owned()),
                log: out.log,
                took_ms: out.took.as_millis(),
            }
        }
        Ok(Err(e)) => ScriptRun {
            ok: false,
            result: None,
            log: Vec::new(),
            error: Some(e.to_string()),
            took_ms: 0,
        },
        Err(e) => ScriptRun {
            ok: false,
            result: None,
            log: Vec::new(),
            error: Some(e.to_string()),
            took_ms: 0,
        },
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
    let script = body.sku_script.filter(|t| !t.trim().is_empty());
    if let Some(src) = &script {
        compiled(src)?;
    }
    Ok(Json(
        s.store
            .set_sku_script(&p.actor, &id, script.as_deref())
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
    Ok(Json(run_test(&category, body).await))
}
