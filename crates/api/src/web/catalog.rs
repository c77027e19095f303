//! Suppliers: the list, and the form that adds one — refusals shown next to
//! the field, in the user's language, with everything typed kept.

use super::i18n::Lang;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::Capability;
use orderhub_domain::model::NewSupplier;

struct SupplierRow {
    name: String,
    code: String,
    contact: String,
    categories: String,
    weight: i64,
    active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "suppliers.html")]
struct SuppliersPage {
    layout: Layout,
    rows: Vec<SupplierRow>,
}

/// Callers who may not manage the catalogue (suppliers) go to their tasks.
pub(crate) fn unless_staff(p: &crate::auth::Principal) -> Option<Response> {
    p.require(Capability::ManageCatalog)
        .err()
        .map(|_| Redirect::to("/tasks").into_response())
}

pub async fn suppliers(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let categories = s.store.list_categories().await?;
    let name_of = |id: &String| {
        categories
            .iter()
            .find(|c| &c.id == id)
            .map_or(id.clone(), |c| c.name.clone())
    };
    let rows = s
        .store
        .list_suppliers()
        .await?
        .into_iter()
        .map(|x| SupplierRow {
            categories: x
                .categories
                .iter()
                .map(name_of)
                .collect::<Vec<_>>()
                .join(", "),
            contact: [x.contact.unwrap_or_default(), x.email.unwrap_or_default()]
                .iter()
                .filter(|v| !v.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(" · "),
            name: x.name,
            code: x.code,
            weight: x.weight,
            active: x.active,
        })
        .collect();
    Ok(SuppliersPage { layout, rows }.into_response())
}

/// What the form holds: as typed, so a refused form comes back intact.
#[derive(serde::Deserialize, Default)]
pub struct SupplierForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    weight: String,
    #[serde(default)]
    category: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "supplier_form.html")]
struct SupplierFormPage {
    layout: Layout,
    categories: Vec<(String, String, bool)>,
    /// (field, message) of the refusal.
    error: Option<(String, String)>,
    /// The text inputs: (name, label key, value as typed, input type).
    fields: Vec<(&'static str, &'static str, String, &'static str)>,
}

impl SupplierFormPage {
    /// The refusal's message when it is about `field`.
    fn error_for(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

async fn form_page(
    s: &AppState,
    layout: Layout,
    form: SupplierForm,
    error: Option<(String, String)>,
) -> Result<SupplierFormPage, ApiError> {
    let categories = s
        .store
        .list_categories()
        .await?
        .into_iter()
        .map(|c| {
            let chosen = form.category.contains(&c.id);
            (c.id, c.name, chosen)
        })
        .collect();
    let fields = vec![
        ("name", "field.name", form.name.clone(), "text"),
        ("code", "field.code", form.code.clone(), "text"),
        ("contact", "field.contact", form.contact.clone(), "text"),
        ("email", "field.email", form.email.clone(), "email"),
        ("phone", "field.phone", form.phone.clone(), "tel"),
        ("weight", "field.weight", form.weight.clone(), "number"),
    ];
    Ok(SupplierFormPage {
        layout,
        categories,
        error,
        fields,
    })
}

pub async fn new_supplier(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    Ok(form_page(&s, layout, SupplierForm::default(), None)
        .await?
        .into_response())
}

pub async fn create_supplier(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let form = collect(pairs);
    check_post(&s, &headers, &layout, &form.csrf)?;
    let lang = layout.lang;
    let weight = match form.weight.trim() {
        "" => None,
        w => match w.parse() {
            Ok(w) => Some(w),
            Err(_) => {
                let error = Some(("weight".to_owned(), lang.t("error.out_of_range").to_owned()));
                let page = form_page(&s, layout, form, error).await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
            }
        },
    };
    let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let new = NewSupplier {
        name: form.name.clone(),
        code: some(&form.code),
        contact: some(&form.contact),
        email: some(&form.email),
        phone: some(&form.phone),
        categories: form.category.clone(),
        active: Some(true),
        weight,
    };
    match s.store.create_supplier(&p.actor, new).await {
        Ok(_) => Ok(Redirect::to("/suppliers").into_response()),
        Err(e) => {
            let e = ApiError::from(e);
            if e.status.is_server_error() {
                return Err(e);
            }
            let status = e.status;
            let error = Some(message(lang, &e));
            let page = form_page(&s, layout, form, error).await?;
            Ok((status, page).into_response())
        }
    }
}

/// The refused field and why, in `lang` when the code has a text.
pub(crate) fn message(lang: Lang, e: &ApiError) -> (String, String) {
    let key = format!("error.{}", e.reason_code());
    let text = match lang.t(&key) {
        "?" => e.problem.detail.clone(),
        t => t.to_owned(),
    };
    let field = e.problem.field.clone().unwrap_or_default();
    // `categories[0]` and the like belong to the category picker
    let field = field.split('[').next().unwrap_or("").to_owned();
    (field, text)
}

/// A form with repeated `category` fields, as browsers send it.
fn collect(pairs: Vec<(String, String)>) -> SupplierForm {
    let mut form = SupplierForm::default();
    for (k, v) in pairs {
        match k.as_str() {
            "csrf" => form.csrf = v,
            "name" => form.name = v,
            "code" => form.code = v,
            "contact" => form.contact = v,
            "email" => form.email = v,
            "phone" => form.phone = v,
            "weight" => form.weight = v,
            "category" => form.category.push(v),
            _ => {}
        }
    }
    form
}
