//! Product catalogues in the browser: the list (a supplier sees its own),
//! the bulk upload of a zip (preview with every refused row, then take),
//! and a product's page with its pictures and an edit form.

use super::catalog::{message, refusal};
use super::flash::Flash;
use super::imports::{multipart_fields, row_errors, text_field};
use super::numbers::money;
use super::pages::query_string;
use super::{Layout, Session, check_post, found, message_for, not_found};
use crate::AppState;
use crate::actions::uploads::{ProductUploadReport, UploadQuery, upload};
use crate::auth::Principal;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orderhub_channels::spreadsheet::RowError;
use orderhub_domain::Capability;
use orderhub_domain::model::{Product, ProductPatch};
use orderhub_store::Preview;
use orderhub_store::ProductFilter;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One product as the list shows it.
struct Row {
    id: String,
    code: String,
    title: String,
    category: String,
    supplier: String,
    price: String,
    retail: String,
    thumb: Option<String>,
    active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "products.html")]
struct ProductsPage {
    layout: Layout,
    rows: Vec<Row>,
    next: Option<String>,
    q: String,
    supplier_id: String,
    /// Staff pick the supplier: (id, name).
    suppliers: Vec<(String, String)>,
    currency: String,
    report: Option<ProductUploadReport>,
    errors: Vec<RowError>,
    /// A previewed upload waiting for "take".
    token: Option<String>,
    name: String,
    message: String,
}

impl ProductsPage {
    /// What an uploaded zip holds, as one sentence.
    fn found(&self, r: &ProductUploadReport) -> String {
        self.layout.lang.fill(
            "products-found",
            &[
                ("file", self.name.as_str().into()),
                ("sheet", r.sheet.as_str().into()),
                ("encoding", r.encoding.as_str().into()),
                ("products", r.products.into()),
                ("images", r.images.into()),
            ],
        )
    }

    /// New, changed and unchanged products of an upload.
    fn tally(&self, r: &ProductUploadReport) -> String {
        self.layout.lang.fill(
            "products-tally",
            &[
                ("created", r.created.into()),
                ("updated", r.updated.into()),
                ("unchanged", r.unchanged.into()),
            ],
        )
    }
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    supplier_id: String,
    #[serde(default)]
    cursor: String,
}

/// Suppliers-to-be and purchasers have no catalogue: to their tasks.
fn unless_products(p: &Principal) -> Option<Response> {
    super::unless_can(p, Capability::ManageProducts, "/tasks")
}

fn some(v: &str) -> Option<String> {
    Some(v.trim().to_owned()).filter(|v| !v.is_empty())
}

async fn list_page(
    s: &AppState,
    p: &Principal,
    layout: Layout,
    q: &ListQuery,
) -> Result<ProductsPage, ApiError> {
    let filter = ProductFilter {
        supplier_id: some(&q.supplier_id),
        category_id: None,
        q: some(&q.q),
        limit: 50,
        cursor: some(&q.cursor),
    };
    let page = s.store.list_products(&filter, &p.scope).await?;
    let categories = s.store.list_categories().await?;
    let suppliers = super::pages::supplier_names(s, &p.scope).await?;
    let name = |list: &[(String, String)], id: &str| {
        list.iter()
            .find(|(i, _)| i == id)
            .map_or(String::new(), |(_, n)| n.clone())
    };
    let category_names: Vec<(String, String)> =
        categories.into_iter().map(|c| (c.id, c.name)).collect();
    let rows = page
        .items
        .into_iter()
        .map(|x| Row {
            thumb: x.main_image.as_ref().map(|m| image_url(&x, m)),
            category: name(&category_names, &x.category_id),
            supplier: name(&suppliers, &x.supplier_id),
            price: money(layout.lang, x.supplier_price, &x.currency),
            retail: x
                .retail_price
                .map(|r| money(layout.lang, r, &x.currency))
                .unwrap_or_default(),
            id: x.id,
            code: x.code,
            title: x.title,
            active: x.active,
        })
        .collect();
    let next = page.next_cursor.map(|c| {
        let pairs = [
            ("q", q.q.as_str()),
            ("supplier_id", q.supplier_id.as_str()),
            ("cursor", c.as_str()),
        ];
        format!("/products?{}", query_string(&pairs))
    });
    Ok(ProductsPage {
        layout,
        rows,
        next,
        q: q.q.clone(),
        supplier_id: q.supplier_id.clone(),
        suppliers,
        currency: "USD".into(),
        report: None,
        errors: Vec::new(),
        token: None,
        name: String::new(),
        message: String::new(),
    })
}

/// Where the browser fetches a product's picture (the API, with the
/// session cookie).
fn image_url(p: &Product, name: &str) -> String {
    format!("/api/v1/products/{}/images/{name}", p.id)
}

pub async fn products(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_products(&p) {
        return Ok(redirect);
    }
    Ok(list_page(&s, &p, layout, &q).await?.into_response())
}

/// The upload form's fields: `csrf`, `supplier_id` (staff), `currency`,
/// and `file` (a new zip, previewed) or `token` (a previewed zip, taken).
pub async fn upload_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    form: Multipart,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_products(&p) {
        return Ok(redirect);
    }
    let mut fields = multipart_fields(form).await?;
    let text = |k: &str| text_field(&fields, k);
    check_post(&s, &headers, &layout, &text("csrf"))?;
    let (token, mut choices) = (text("token"), vec![text("supplier_id"), text("currency")]);
    let who = p.actor.label.clone();
    let file = fields.remove("file").filter(|(_, b)| !b.is_empty());
    let (name, bytes, dry_run) = match file {
        Some((name, bytes)) => (name.unwrap_or_default(), bytes, true),
        None => match s.store.take_preview(&who, &token).await? {
            Some((preview, bytes)) => {
                let (name, kept) = (preview.name, preview.choices);
                choices = kept;
                (name, bytes, false)
            }
            None => {
                let mut view = list_page(&s, &p, layout, &ListQuery::default()).await?;
                view.message = view.layout.t("imports-expired").to_owned();
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response());
            }
        },
    };
    let q = UploadQuery {
        supplier_id: some(&choices[0]),
        currency: some(&choices[1]),
        dry_run: Some(dry_run),
    };
    let result = upload(&s, &p, &q, Bytes::from(bytes.clone())).await;
    // listed after the upload, so taken products show at once
    let mut view = list_page(&s, &p, layout, &ListQuery::default()).await?;
    view.name = name.clone();
    view.supplier_id = choices[0].clone();
    view.currency = some(&choices[1]).unwrap_or_else(|| "USD".into());
    match result {
        Ok(report) if !dry_run => {
            let done = view.layout.lang.fill(
                "flash-uploaded_products",
                &[
                    ("file", (&name).into()),
                    ("created", report.created.into()),
                    ("updated", report.updated.into()),
                ],
            );
            Ok(super::flash::redirect(
                &s,
                &view.layout,
                "/products",
                super::flash::Flash::done(done),
            ))
        }
        Ok(report) => {
            if dry_run && report.created + report.updated > 0 {
                let preview = Preview { who, name, choices };
                view.token = Some(s.store.keep_preview(preview, bytes).await?);
            }
            view.report = Some(report);
            Ok(view.into_response())
        }
        Err(e) if e.status.is_client_error() => {
            view.errors = row_errors(&e);
            view.message = message(view.layout.lang, &e).1;
            Ok((e.status, view).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "product.html")]
struct ProductPage {
    layout: Layout,
    product: Product,
    /// (stored name, URL, whether it is the main picture).
    images: Vec<(String, String, bool)>,
    supplier: String,
    categories: Vec<(String, String)>,
    form: ProductForm,
    error: Option<(String, String)>,
    /// Its materials, one `SKU amount` per line, as the form shows them.
    materials: String,
}

impl ProductPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        message_for(&self.error, field)
    }

    /// The text inputs: (field, label key, value).
    fn inputs(&self) -> [(&'static str, &'static str, &str); 4] {
        [
            ("title", "products-product_title", &self.form.title),
            (
                "supplier_price",
                "products-supplier_price",
                &self.form.supplier_price,
            ),
            (
                "retail_price",
                "products-retail_price",
                &self.form.retail_price,
            ),
            ("currency", "field-currency", &self.form.currency),
        ]
    }
}

/// The edit form as typed.
#[derive(serde::Deserialize, Default, Clone)]
pub struct ProductForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    specs: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    supplier_price: String,
    #[serde(default)]
    retail_price: String,
    #[serde(default)]
    active: String,
}

impl ProductForm {
    fn of(p: &Product) -> Self {
        Self {
            csrf: String::new(),
            title: p.title.clone(),
            category: p.category_id.clone(),
            specs: p.specs.clone().unwrap_or_default(),
            currency: p.currency.clone(),
            supplier_price: p.supplier_price.to_string(),
            retail_price: p.retail_price.map(|r| r.to_string()).unwrap_or_default(),
            active: if p.active { "on".into() } else { String::new() },
        }
    }
}

async fn product_page(
    s: &AppState,
    layout: Layout,
    product: Product,
    form: Option<ProductForm>,
    error: Option<(String, String)>,
) -> Result<ProductPage, ApiError> {
    let categories = s
        .store
        .list_categories()
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let supplier =
        found(s.store.get_supplier(&product.supplier_id).await)?.map_or(String::new(), |x| x.name);
    let main = product.main_image.iter().map(|n| (n, true));
    let images = main
        .chain(product.extra_images.iter().map(|n| (n, false)))
        .map(|(n, is_main)| (n.clone(), image_url(&product, n), is_main))
        .collect();
    let stored = s
        .store
        .product_materials(&orderhub_domain::Scope::All, &product.id)
        .await?;
    let materials = super::materials::shown(&layout, &stored);
    Ok(ProductPage {
        materials,
        layout,
        form: form.unwrap_or_else(|| ProductForm::of(&product)),
        images,
        supplier,
        categories,
        product,
        error,
    })
}

pub async fn product(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_products(&p) {
        return Ok(redirect);
    }
    let Some(product) = found(s.store.get_product(&id, &p.scope).await)? else {
        return Ok(not_found(layout));
    };
    Ok(product_page(&s, layout, product, None, None)
        .await?
        .into_response())
}

/// Saves the edit form; a refusal comes back beside its field.
pub async fn update_product(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<ProductForm>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_products(&p) {
        return Ok(redirect);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let Some(current) = found(s.store.get_product(&id, &p.scope).await)? else {
        return Ok(not_found(layout));
    };
    let lang = layout.lang;
    let amount = |field: &str, text: &str| -> Result<Option<Decimal>, (String, String)> {
        match text.trim() {
            "" => Ok(None),
            t => Decimal::from_str(t)
                .map(Some)
                .map_err(|_| (field.to_owned(), lang.t("error-invalid_number").to_owned())),
        }
    };
    let required = || {
        (
            "supplier_price".to_owned(),
            lang.t("error-required").to_owned(),
        )
    };
    let prices = amount("supplier_price", &form.supplier_price)
        .and_then(|s| s.ok_or_else(required))
        .and_then(|s| Ok((s, amount("retail_price", &form.retail_price)?)));
    let (supplier_price, retail_price) = match prices {
        Ok(p) => p,
        Err(error) => {
            let page = product_page(&s, layout, current, Some(form), Some(error)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let patch = ProductPatch {
        title: Some(form.title.clone()),
        category: Some(form.category.clone()),
        specs: Some(form.specs.clone()),
        currency: Some(form.currency.clone()),
        supplier_price: Some(supplier_price),
        clear_retail_price: retail_price.is_none(),
        retail_price,
        active: Some(!form.active.is_empty()),
        published: None,
        min_order_qty: None,
        price_on_request: None,
    };
    match s.store.update_product(&p.actor, &p.scope, &id, patch).await {
        Ok(product) => {
            let done = Flash::done(lang.fill("flash-saved", &[("name", (&product.title).into())]));
            Ok(super::flash::redirect(
                &s,
                &layout,
                &format!("/products/{id}"),
                done,
            ))
        }
        Err(e) => {
            let (status, error) = refusal(lang, e)?;
            let page = product_page(&s, layout, current, Some(form), Some(error)).await?;
            Ok((status, page).into_response())
        }
    }
}

/// A picture for the product: `slot` `main` (replaces the main picture)
/// or `extra` (adds one); a refused file comes back beside the form.
pub async fn add_picture(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    form: Multipart,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_products(&p) {
        return Ok(redirect);
    }
    let mut fields = multipart_fields(form).await?;
    check_post(&s, &headers, &layout, &text_field(&fields, "csrf"))?;
    let slot = text_field(&fields, "slot");
    let bytes = Bytes::from(fields.remove("picture").map(|(_, b)| b).unwrap_or_default());
    let done = match slot.as_str() {
        "main" => crate::actions::pictures::set_main(&s, &p, &id, bytes).await,
        _ => crate::actions::pictures::add_extra(&s, &p, &id, bytes).await,
    };
    picture_done(&s, &p, layout, &id, done).await
}

#[derive(serde::Deserialize)]
pub struct RemoveForm {
    csrf: String,
    name: String,
}

/// Takes a picture off the product.
pub async fn remove_picture(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<RemoveForm>,
) -> Result<Response, ApiError> {
    if let Some(redirect) = unless_products(&p) {
        return Ok(redirect);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let done = crate::actions::pictures::remove_picture(&s, &p, &id, &form.name).await;
    picture_done(&s, &p, layout, &id, done).await
}

/// Back to the product's page; a refusal shown on it, beside the pictures.
async fn picture_done(
    s: &AppState,
    p: &Principal,
    layout: Layout,
    id: &str,
    done: Result<Product, ApiError>,
) -> Result<Response, ApiError> {
    let e = match done {
        Ok(product) => {
            let done = Flash::done(
                layout
                    .lang
                    .fill("flash-saved", &[("name", (&product.title).into())]),
            );
            return Ok(super::flash::redirect(
                s,
                &layout,
                &format!("/products/{id}"),
                done,
            ));
        }
        Err(e) if e.status.is_client_error() => e,
        Err(e) => return Err(e),
    };
    let Some(product) = found(s.store.get_product(id, &p.scope).await)? else {
        return Ok(not_found(layout));
    };
    let (_, text) = message(layout.lang, &e);
    let error = Some(("picture".to_owned(), format!("{text} {}", e.problem.detail)));
    let page = product_page(s, layout, product, None, error).await?;
    Ok((e.status, page).into_response())
}
