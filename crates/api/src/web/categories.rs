//! Categories: the list, and the form that adds one with a preview of the
//! first SKU its template gives — live with htmx, or with the Preview
//! button without JavaScript.

use super::catalog::{message, unless_staff};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::model::{NewCategory, preview_new_sku};
use orderhub_domain::routing::Strategy;

struct CategoryRow {
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
            strategy: layout.t(&format!("strategy.{}", c.strategy.as_str())),
            suppliers: c.supplier_ids.len(),
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
}

#[derive(Template, WebTemplate)]
#[template(path = "category_form.html")]
struct CategoryFormPage {
    layout: Layout,
    form: CategoryForm,
    strategies: Vec<(&'static str, &'static str, bool)>,
    preview: Preview,
    error: Option<(String, String)>,
}

impl CategoryFormPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
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

fn preview(layout: &Layout, form: &CategoryForm) -> Preview {
    let template = if form.sku_template.trim().is_empty() {
        orderhub_domain::sku::DEFAULT_TEMPLATE
    } else {
        form.sku_template.as_str()
    };
    let (sku, problem) = match preview_new_sku(template, &form.sku_prefix) {
        Ok(sku) => (Some(sku), None),
        Err(e) => (None, Some(e.detail.clone())),
    };
    Preview {
        sku,
        problem,
        label: layout.t("categories.preview"),
    }
}

fn page(layout: Layout, form: CategoryForm, error: Option<(String, String)>) -> CategoryFormPage {
    let strategies = Strategy::ALL
        .iter()
        .map(|st| {
            let chosen = form.strategy == st.as_str();
            (
                st.as_str(),
                layout.t(&format!("strategy.{}", st.as_str())),
                chosen,
            )
        })
        .collect();
    CategoryFormPage {
        preview: preview(&layout, &form),
        layout,
        form,
        strategies,
        error,
    }
}

/// The empty form, or — from the Preview button, without JavaScript — the
/// form as typed with its preview.
pub async fn new_category(
    Session(p, layout): Session,
    Query(form): Query<CategoryForm>,
) -> Response {
    if let Some(redirect) = unless_staff(&p) {
        return redirect;
    }
    page(layout, form, None).into_response()
}

/// The preview alone, for htmx.
pub async fn sku_preview(Session(_, layout): Session, Query(form): Query<CategoryForm>) -> Preview {
    preview(&layout, &form)
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
        keywords: form
            .keywords
            .split([',', '，', '、', '\n'])
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect(),
        sku_prefix: some(&form.sku_prefix),
        sku_template: some(&form.sku_template),
        strategy: Strategy::parse(&form.strategy),
    };
    match s.store.create_category(&p.actor, new).await {
        Ok(_) => Ok(Redirect::to("/categories").into_response()),
        Err(e) => {
            let e = ApiError::from(e);
            if e.status.is_server_error() {
                return Err(e);
            }
            let status = if e.status.is_client_error() {
                e.status
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let error = Some(message(layout.lang, &e));
            Ok((status, page(layout, form, error)).into_response())
        }
    }
}
