//! Categories: the list, and the form that adds or edits one (name,
//! keywords, SKU prefix and template, routing strategy) with a preview of
//! the next SKU — live with htmx, or with the Preview button without
//! JavaScript. Editing previews the category's real next SKU.

use super::catalog::{refusal, unless_staff};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::model::{CategoryPatch, NewCategory, preview_new_sku};
use orderhub_domain::proof::ProofPolicy;
use orderhub_domain::routing::Strategy;
use orderhub_store::StoreError;

struct CategoryRow {
    id: String,
    name: String,
    keywords: String,
    prefix: String,
    template: String,
    strategy: &'static str,
    suppliers: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "categories.html")]
struct CategoriesPage {
    layout: Layout,
    rows: Vec<CategoryRow>,
}

pub async fn categories(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let rows = s
        .store
        .list_categories()
        .await?
        .into_iter()
        .map(|c| CategoryRow {
            keywords: c.keywords.join(", "),
            strategy: layout.t(&format!("strategy-{}", c.strategy.as_str())),
            suppliers: c.supplier_ids.len(),
            id: c.id,
            name: c.name,
            prefix: c.sku_prefix,
            template: c.sku_template,
        })
        .collect();
    Ok(CategoriesPage { layout, rows }.into_response())
}

/// The form as typed.
#[derive(serde::Deserialize, Default)]
pub struct CategoryForm {
    #[serde(default)]
    csrf: String,
    /// The category being edited; empty when adding one.
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    keywords: String,
    #[serde(default)]
    sku_prefix: String,
    #[serde(default)]
    sku_template: String,
    #[serde(default)]
    strategy: String,
    #[serde(default)]
    proof: String,
    /// Minimum on-time percent; empty: off.
    #[serde(default)]
    min_on_time: String,
    /// Ships within this many working days; empty: no promise.
    #[serde(default)]
    ship_within: String,
    /// The checkbox: never above capacity.
    #[serde(default)]
    capacity_cap: Option<String>,
    /// Hours to accept a task; empty: no limit.
    #[serde(default)]
    accept_within: String,
    /// Its process steps' categories, by name, in order (`Uppers →
    /// Soles → Assembly`); empty: made in one go.
    #[serde(default)]
    steps: String,
}

/// The settings typed as whole numbers (minimum on-time percent, working
/// days to ship, hours to accept): empty is off (0); refused with the
/// field when not a whole number.
fn typed_settings(
    form: &CategoryForm,
) -> Result<[Option<i64>; 3], orderhub_domain::ValidationError> {
    let one = |field: &str, text: &str| match text.trim() {
        "" => Ok(Some(0)),
        t => t.parse().map(Some).map_err(|_| {
            orderhub_domain::ValidationError::new(
                field,
                orderhub_domain::ErrorCode::InvalidNumber,
                "a whole number",
            )
        }),
    };
    Ok([
        one("min_on_time", &form.min_on_time)?,
        one("ship_within", &form.ship_within)?,
        one("accept_within", &form.accept_within)?,
    ])
}

#[derive(Template, WebTemplate)]
#[template(path = "category_form.html")]
struct CategoryFormPage {
    layout: Layout,
    form: CategoryForm,
    strategies: Vec<(&'static str, &'static str, bool)>,
    proofs: Vec<(&'static str, &'static str, bool)>,
    preview: Preview,
    error: Option<(String, String)>,
}

impl CategoryFormPage {
    /// The SKU template's tokens, named as the grammar names them.
    fn template_help(&self) -> String {
        self.layout.lang.fill(
            "categories-template_help",
            &[
                ("tokens", orderhub_domain::sku::TOKENS.join(" ").into()),
                ("required", "{seq:N} / {rand:N}".into()),
            ],
        )
    }

    fn title(&self) -> &'static str {
        self.layout.t(match self.form.id.is_empty() {
            true => "categories-add",
            false => "categories-edit",
        })
    }

    fn error_for(&self, field: &str) -> Option<&str> {
        super::message_for(&self.error, field)
    }
}

/// The preview fragment: the SKU, or why the template is refused.
#[derive(Template, WebTemplate)]
#[template(path = "sku_preview.html")]
pub struct Preview {
    sku: Option<String>,
    problem: Option<String>,
    label: &'static str,
}

/// The next SKU: the edited category's own (its counter, its first
/// supplier), or the first of a new category.
async fn preview(s: &AppState, layout: &Layout, form: &CategoryForm) -> Preview {
    let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let template = some(&form.sku_template)
        .unwrap_or_else(|| orderhub_domain::sku::DEFAULT_TEMPLATE.to_owned());
    let result = match form.id.as_str() {
        "" => preview_new_sku(&template, &form.sku_prefix).map_err(|e| e.detail),
        id => s
            .store
            .sku_preview(id, Some(template), some(&form.sku_prefix))
            .await
            .map(|p| p.sku)
            .map_err(|e| ApiError::from(e).problem.detail),
    };
    let (sku, problem) = match result {
        Ok(sku) => (Some(sku), None),
        Err(detail) => (None, Some(detail)),
    };
    Preview {
        sku,
        problem,
        label: layout.t("categories-preview"),
    }
}

async fn page(
    s: &AppState,
    layout: Layout,
    form: CategoryForm,
    error: Option<(String, String)>,
) -> CategoryFormPage {
    let strategies = choices(
        &layout,
        Strategy::ALL.iter().map(|s| s.as_str()),
        &form.strategy,
        "strategy",
    );
    let proofs = choices(
        &layout,
        ProofPolicy::ALL.iter().map(|p| p.as_str()),
        &form.proof,
        "proof_policy",
    );
    CategoryFormPage {
        preview: preview(s, &layout, &form).await,
        layout,
        form,
        strategies,
        proofs,
        error,
    }
}

/// A vocabulary's words as a select's options: value, label (`{key}-{value}`
/// translated) and whether it is the chosen one.
fn choices(
    layout: &Layout,
    all: impl Iterator<Item = &'static str>,
    chosen: &str,
    key: &str,
) -> Vec<(&'static str, &'static str, bool)> {
    all.map(|v| (v, layout.t(&format!("{key}-{v}")), chosen == v))
        .collect()
}

/// The empty form, or — from the Preview button, without JavaScript — the
/// form as typed with its preview.
pub async fn new_category(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(form): Query<CategoryForm>,
) -> Response {
    if let Some(redirect) = unless_staff(&p) {
        return redirect;
    }
    page(&s, layout, form, None).await.into_response()
}

/// A category's form, filled in.
pub async fn edit_category(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let Some(c) = super::found(s.store.get_category(&id).await)? else {
        return Ok(super::not_found(layout));
    };
    let form = CategoryForm {
        csrf: String::new(),
        id: c.id,
        name: c.name,
        keywords: c.keywords.join(", "),
        sku_prefix: c.sku_prefix,
        sku_template: c.sku_template,
        strategy: c.strategy.as_str().to_owned(),
        proof: c.proof.as_str().to_owned(),
        min_on_time: c.min_on_time.map(|m| m.to_string()).unwrap_or_default(),
        ship_within: c.ship_within.map(|m| m.to_string()).unwrap_or_default(),
        capacity_cap: c.capacity_cap.then(|| "on".to_owned()),
        accept_within: c.accept_within.map(|m| m.to_string()).unwrap_or_default(),
        steps: step_names(&s, &c.steps).await?,
    };
    Ok(page(&s, layout, form, None).await.into_response())
}

/// The preview alone, for htmx.
pub async fn sku_preview(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(form): Query<CategoryForm>,
) -> Response {
    // staff only: it shows supplier codes and a category's counter
    if let Some(redirect) = unless_staff(&p) {
        return redirect;
    }
    preview(&s, &layout, &form).await.into_response()
}

/// Keywords as typed: separated by commas (either width), 、 or lines.
fn keywords(typed: &str) -> Vec<String> {
    typed
        .split([',', '，', '、', '\n'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A recipe's steps as typed: names separated by arrows, commas or lines.
fn steps(typed: &str) -> Vec<String> {
    typed
        .split([',', '，', '\n', '→', '>'])
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A recipe's step categories by name, as the form shows them.
async fn step_names(s: &AppState, ids: &[String]) -> Result<String, ApiError> {
    if ids.is_empty() {
        return Ok(String::new());
    }
    let all = s.store.list_categories().await?;
    let name = |id: &String| {
        all.iter()
            .find(|c| &c.id == id)
            .map_or(id.clone(), |c| c.name.clone())
    };
    Ok(ids.iter().map(name).collect::<Vec<_>>().join(" → "))
}

pub async fn create_category(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(form): axum::Form<CategoryForm>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let new = NewCategory {
        name: form.name.clone(),
        keywords: keywords(&form.keywords),
        sku_prefix: some(&form.sku_prefix),
        sku_template: some(&form.sku_template),
        strategy: Strategy::parse(&form.strategy),
        proof: ProofPolicy::parse(&form.proof),
        min_on_time: None,
        ship_within: None,
        capacity_cap: Some(form.capacity_cap.is_some()),
        accept_within: None,
        steps: Some(steps(&form.steps)),
    };
    let result = match typed_settings(&form) {
        Ok([min, ship, accept]) => {
            let new = NewCategory {
                min_on_time: min,
                ship_within: ship,
                accept_within: accept,
                ..new
            };
            s.store.create_category(&p.actor, new).await.map(|_| ())
        }
        Err(e) => Err(e.into()),
    };
    saved_or_refused(&s, layout, form, result).await
}

pub async fn update_category(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(mut form): axum::Form<CategoryForm>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    form.id = id.clone();
    let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let patch = CategoryPatch {
        name: Some(form.name.clone()),
        keywords: Some(keywords(&form.keywords)),
        sku_prefix: some(&form.sku_prefix),
        sku_template: some(&form.sku_template),
        strategy: Strategy::parse(&form.strategy),
        proof: ProofPolicy::parse(&form.proof),
        min_on_time: None,
        ship_within: None,
        capacity_cap: Some(form.capacity_cap.is_some()),
        accept_within: None,
        steps: Some(steps(&form.steps)),
    };
    let result = match typed_settings(&form) {
        Ok([min, ship, accept]) => {
            let patch = CategoryPatch {
                min_on_time: min,
                ship_within: ship,
                accept_within: accept,
                ..patch
            };
            s.store
                .update_category(&p.actor, &id, patch)
                .await
                .map(|_| ())
        }
        Err(e) => Err(e.into()),
    };
    saved_or_refused(&s, layout, form, result).await
}

/// Back to the list when saved; the form as typed, with the refusal beside
/// its field, when not.
async fn saved_or_refused(
    s: &AppState,
    layout: Layout,
    form: CategoryForm,
    result: Result<(), StoreError>,
) -> Result<Response, ApiError> {
    let Err(e) = result else {
        let done = layout
            .lang
            .fill("flash-saved", &[("name", form.name.trim().into())]);
        return Ok(super::flash::redirect(
            s,
            &layout,
            "/categories",
            super::flash::Flash::done(done),
        ));
    };
    let (status, error) = refusal(layout.lang, e)?;
    Ok((status, page(s, layout, form, Some(error)).await).into_response())
}
