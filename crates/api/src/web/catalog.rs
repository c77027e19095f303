//! Suppliers: the list, and the form that adds or edits one (contact,
//! categories served, weight, active) — refusals shown next to the field,
//! in the user's language, with everything typed kept; deactivating asks
//! for a confirmation first.

use super::i18n::Lang;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orderhub_domain::Capability;
use orderhub_domain::model::{NewSupplier, SupplierPatch};
use orderhub_store::StoreError;

struct SupplierRow {
    id: String,
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
    super::unless_can(p, Capability::ManageCatalog, "/tasks")
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
            id: x.id,
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
    /// The supplier being edited; empty when adding one.
    #[serde(default)]
    id: String,
    /// Whether the edited supplier was active when the form was shown.
    #[serde(default)]
    was_active: bool,
    /// The checkbox: present (`on`) when ticked.
    #[serde(default)]
    active: String,
    #[serde(default)]
    confirm: String,
    /// The "sees the customer's phone" checkbox.
    #[serde(default)]
    sees_phone: String,
    /// The checkbox: the seller's own workshop.
    internal: String,
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
    form: SupplierForm,
}

impl SupplierFormPage {
    fn title(&self) -> &'static str {
        self.layout.t(match self.form.id.is_empty() {
            true => "suppliers-add",
            false => "suppliers-edit",
        })
    }

    /// The refusal's message when it is about `field`.
    fn error_for(&self, field: &str) -> Option<&str> {
        super::message_for(&self.error, field)
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
        ("name", "field-name", form.name.clone(), "text"),
        ("code", "field-code", form.code.clone(), "text"),
        ("contact", "field-contact", form.contact.clone(), "text"),
        ("email", "field-email", form.email.clone(), "email"),
        ("phone", "field-phone", form.phone.clone(), "tel"),
        ("weight", "field-weight", form.weight.clone(), "number"),
    ];
    Ok(SupplierFormPage {
        layout,
        categories,
        error,
        fields,
        form,
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

/// A supplier's form, filled in.
pub async fn edit_supplier(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let Some(x) = super::found(s.store.get_supplier(&id).await)? else {
        return Ok(super::not_found(layout));
    };
    let form = SupplierForm {
        id: x.id,
        was_active: x.active,
        active: if x.active { "on".into() } else { String::new() },
        name: x.name,
        code: x.code,
        contact: x.contact.unwrap_or_default(),
        email: x.email.unwrap_or_default(),
        phone: x.phone.unwrap_or_default(),
        weight: x.weight.to_string(),
        category: x.categories,
        sees_phone: if x.sees_customer_phone {
            "on".into()
        } else {
            String::new()
        },
        internal: if x.internal {
            "on".into()
        } else {
            String::new()
        },
        ..SupplierForm::default()
    };
    Ok(form_page(&s, layout, form, None).await?.into_response())
}

/// The weight as typed: empty is none; anything else must be a number.
fn weight(lang: Lang, typed: &str) -> Result<Option<i64>, (String, String)> {
    match typed.trim() {
        "" => Ok(None),
        w => w
            .parse()
            .map(Some)
            .map_err(|_| ("weight".to_owned(), lang.t("error-out_of_range").to_owned())),
    }
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
    let weight = match weight(layout.lang, &form.weight) {
        Ok(w) => w,
        Err(error) => return refused(&s, layout, form, error).await,
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
        sees_customer_phone: Some(!form.sees_phone.is_empty()),
        internal: Some(!form.internal.is_empty()),
    };
    let result = s.store.create_supplier(&p.actor, new).await.map(|_| ());
    saved_or_refused(&s, layout, form, result).await
}

pub async fn update_supplier(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(pairs): axum::Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_staff(&p) {
        return Ok(redirect);
    }
    let mut form = collect(pairs);
    check_post(&s, &headers, &layout, &form.csrf)?;
    form.id = id.clone();
    let lang = layout.lang;
    let weight = match weight(lang, &form.weight) {
        Ok(w) => w,
        Err(error) => return refused(&s, layout, form, error).await,
    };
    let active = !form.active.is_empty();
    // deactivating stops new work going to the supplier: ask first
    if form.was_active && !active && form.confirm.is_empty() {
        let error = (
            "active".to_owned(),
            lang.t("suppliers-confirm_deactivate").to_owned(),
        );
        return refused(&s, layout, form, error).await;
    }
    // an emptied text clears it
    let text = |v: &str| Some(v.trim().to_owned());
    let patch = SupplierPatch {
        name: Some(form.name.clone()),
        code: Some(form.code.clone()).filter(|c| !c.trim().is_empty()),
        contact: text(&form.contact),
        email: text(&form.email),
        phone: text(&form.phone),
        categories: Some(form.category.clone()),
        active: Some(active),
        weight,
        sees_customer_phone: Some(!form.sees_phone.is_empty()),
        internal: Some(!form.internal.is_empty()),
    };
    let result = s
        .store
        .update_supplier(&p.actor, &id, patch)
        .await
        .map(|_| ());
    saved_or_refused(&s, layout, form, result).await
}

/// The form again, as typed, with `error` beside its field.
async fn refused(
    s: &AppState,
    layout: Layout,
    form: SupplierForm,
    error: (String, String),
) -> Result<Response, ApiError> {
    let page = form_page(s, layout, form, Some(error)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Back to the list when saved; the form as typed, with the refusal beside
/// its field, when not.
async fn saved_or_refused(
    s: &AppState,
    layout: Layout,
    form: SupplierForm,
    result: Result<(), StoreError>,
) -> Result<Response, ApiError> {
    let Err(e) = result else {
        let done = layout
            .lang
            .fill("flash-saved", &[("name", form.name.trim().into())]);
        return Ok(super::flash::redirect(
            s,
            &layout,
            "/suppliers",
            super::flash::Flash::done(done),
        ));
    };
    let (status, error) = refusal(layout.lang, e)?;
    let page = form_page(s, layout, form, Some(error)).await?;
    Ok((status, page).into_response())
}

/// A store refusal as a form shows it: its status and (field, message in
/// `lang`); a server failure stays an error.
pub(crate) fn refusal(
    lang: Lang,
    e: StoreError,
) -> Result<(StatusCode, (String, String)), ApiError> {
    let e = ApiError::from(e);
    if e.status.is_server_error() {
        return Err(e);
    }
    Ok((e.status, message(lang, &e)))
}

/// The refused field and why, in `lang` when the code has a text.
pub(crate) fn message(lang: Lang, e: &ApiError) -> (String, String) {
    let key = format!("error-{}", e.reason_code());
    let text = lang
        .lookup(&key)
        .map_or_else(|| e.problem.detail.clone(), str::to_owned);
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
            "was_active" => form.was_active = v == "true",
            "active" => form.active = v,
            "confirm" => form.confirm = v,
            "sees_phone" => form.sees_phone = v,
            "internal" => form.internal = v,
            "category" => form.category.push(v),
            _ => {}
        }
    }
    form
}
