//! The web app: server-rendered pages (askama templates in
//! `crates/api/templates/`), signed in with the same session cookie as the
//! API, in English or Simplified Chinese ([`i18n`]). Works without
//! JavaScript. Forms carry the session's CSRF token in a hidden field and
//! must come from this origin.

use orderhub_domain::ErrorCode;
mod account;
mod after_shipping;
mod amendments;
mod approval_rules;
mod attention;
mod b2b;
mod billing;
mod billing_view;
mod bulk;
mod bulk_orders;
mod buyer_proof;
mod capacity;
mod cases;
mod catalog;
mod categories;
mod category_script;
mod channel_edit;
mod channels;
mod charts;
mod classifier;
mod counts;
mod dashboard;
mod deliveries;
mod delivery_view;
mod diagram;
pub(crate) mod flash;
mod fulfilments;
mod history;
pub mod i18n;
mod imports;
mod inbox;
mod invite;
mod login;
pub mod numbers;
mod operations;
mod robots;
mod rules;
mod users;
mod views;
pub use dashboard::DashboardCache;
pub(crate) use pages::customization;
mod layout;
mod materials;
mod order_edit;
mod order_form;
mod order_page;
mod organisations;
pub(crate) mod pages;
mod payments;
mod plan;
mod posted;
mod products;
mod proofs;
mod replica;
mod review;
mod rfq_compare;
mod rfq_contracts;
mod rfq_form;
mod rfq_view;
mod rfqs;
mod scorecards;
mod shares;
mod ship_file;
mod statistics;
mod stats_rates;
mod stats_tables;
mod stock;
mod task_card;
mod task_page;
mod tasks;
mod tokens;
mod webhooks;
pub mod zone;

pub use layout::{Layout, SignedIn};

use crate::AppState;
use crate::auth::{Principal, SESSION_COOKIE, cookie};
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use i18n::Lang;
use orderhub_domain::{ORDER_LIFECYCLE, TASK_LIFECYCLE};

/// The pages and their assets.
pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    for &(path, content_type, cache, body) in ASSETS {
        let answer = (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, cache),
            ],
            body,
        );
        router = router.route(path, get(move || async move { answer }));
    }
    router
        .route("/", get(dashboard::dashboard))
        .route("/stats", get(statistics::statistics))
        .route("/stats/rates", post(stats_rates::save_rates))
        .route("/stats/suppliers", get(scorecards::scorecards))
        .route("/login", get(login::login_form).post(login::login))
        .route("/logout", post(login::logout))
        .route("/workflow", get(workflow))
        .route(
            "/account",
            get(account::account).post(account::save_preferences),
        )
        .route("/account/password", post(account::change_password))
        .route("/views", post(views::save))
        .route("/views/{id}/delete", post(views::delete))
        .route("/tokens", get(tokens::tokens).post(tokens::create_token))
        .route("/tokens/{id}/revoke", post(tokens::revoke_token))
        .route("/users", get(users::users).post(users::create_user))
        .route("/users/{id}", get(users::user).post(users::update_user))
        .route("/users/{id}/link", post(users::new_link))
        .route("/invite/{token}", get(invite::invite).post(invite::accept))
        .route(
            "/proof/{token}",
            get(buyer_proof::show).post(buyer_proof::answer),
        )
        .route("/proof/{token}/files/{name}", get(buyer_proof::file))
        .route(
            "/account/sessions/end-others",
            post(account::end_other_sessions),
        )
        .route("/orders", get(pages::orders).post(order_form::create_order))
        .route("/orders/new", get(order_form::new_order))
        .route("/orders/bulk", post(bulk_orders::bulk_orders))
        .route("/orders/{id}", get(order_page::order))
        .route("/tasks", get(tasks::tasks))
        .route("/tasks/bulk", post(bulk::bulk_move))
        .route("/tasks/{id}", get(task_page::task))
        .route("/tasks/{id}/edit", post(tasks::edit_task))
        .route("/tasks/{id}/move", post(tasks::move_task))
        .route("/tasks/{id}/amendment", post(amendments::answer))
        .route(
            "/orders/{id}/suppliers/{supplier_id}/confirm",
            post(shares::confirm),
        )
        .route(
            "/tasks/{id}/amendments/{amendment_id}/keep",
            post(attention::keep),
        )
        .route(
            "/tasks/{id}/proofs",
            post(proofs::submit_round).layer(axum::extract::DefaultBodyLimit::max(
                crate::actions::proofs::MAX_ROUND_BYTES,
            )),
        )
        .route("/tasks/{id}/proof/answer", post(proofs::answer))
        .route("/tasks/{id}/proof/send", post(proofs::send))
        .route("/tasks/{id}/reassign", post(tasks::reassign_task))
        .route("/orders/{id}/move", post(order_page::move_order))
        .route("/orders/{id}/delete", post(order_page::delete_order))
        .route(
            "/orders/{id}/edit",
            get(order_edit::edit_form).post(order_edit::save_edit),
        )
        .route("/orders/{id}/payments", post(payments::record_payment))
        .route("/orders/{id}/approval", post(review::decide))
        .route("/review", get(review::queue))
        .route(
            "/review/rules",
            get(approval_rules::rules).post(approval_rules::add_rule),
        )
        .route("/review/rules/{id}", post(approval_rules::switch_rule))
        .route(
            "/suppliers",
            get(catalog::suppliers).post(catalog::create_supplier),
        )
        .route(
            "/channels",
            get(channels::channels).post(channels::create_channel),
        )
        .route("/suppliers/new", get(catalog::new_supplier))
        .route("/suppliers/{id}", post(catalog::update_supplier))
        .route("/suppliers/{id}/edit", get(catalog::edit_supplier))
        .route(
            "/suppliers/{id}/capacity",
            get(capacity::page).post(capacity::save),
        )
        .route("/capacity", get(capacity::own))
        .route("/plan", get(plan::page))
        .route("/tasks/{id}/plan", post(plan::replan))
        .route("/products/{id}/materials", post(materials::save))
        .route("/stock", get(stock::page))
        .route("/stock/{action}", post(stock::act))
        .route("/stock/locations/{id}", post(stock::keeper))
        .route("/stock/items/{id}", get(stock::item))
        .route("/stock/items/{id}/threshold", post(stock::threshold))
        .route("/stock/reservations/{id}/{how}", post(stock::close))
        .route(
            "/categories",
            get(categories::categories).post(categories::create_category),
        )
        .route("/categories/new", get(categories::new_category))
        .route("/categories/{id}", post(categories::update_category))
        .route("/categories/{id}/edit", get(categories::edit_category))
        .route(
            "/categories/{id}/script",
            get(category_script::page).post(category_script::post),
        )
        .route(
            "/categories/{id}/route-script",
            get(category_script::route_page).post(category_script::route_post),
        )
        .route("/automation", get(history::history))
        .route("/products", get(products::products))
        .route(
            "/products/upload",
            post(products::upload_post).layer(axum::extract::DefaultBodyLimit::max(
                orderhub_channels::catalogue::MAX_UPLOAD_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/products/{id}",
            get(products::product).post(products::update_product),
        )
        .route(
            "/products/{id}/pictures",
            // room for a picture too big, so the rule can say so
            post(products::add_picture).layer(axum::extract::DefaultBodyLimit::max(
                8 * orderhub_domain::model::MAX_IMAGE_BYTES,
            )),
        )
        .route(
            "/products/{id}/pictures/remove",
            post(products::remove_picture),
        )
        .route(
            "/webhooks",
            get(webhooks::webhooks).post(webhooks::create_webhook),
        )
        .route("/channels/{id}", post(channel_edit::update_channel))
        .route("/channels/{id}/edit", get(channel_edit::edit_channel))
        .route("/channels/{id}/poll", post(channel_edit::set_poll))
        .route("/channels/{id}/poll/run", post(channel_edit::poll_now))
        .route("/webhooks/{id}", get(webhooks::webhook))
        .route("/inbox", get(inbox::inbox))
        .route("/inbox/read-all", post(inbox::read_all))
        .route("/inbox/settings", post(inbox::save_settings))
        .route("/inbox/{id}/open", post(inbox::open))
        .route("/robots", get(robots::robots).post(robots::create))
        .route("/robots/{id}", post(robots::manage))
        .route("/operations", get(operations::operations))
        .route(
            "/classifier",
            get(classifier::page).post(classifier::save_settings),
        )
        .route("/classifier/examples", post(classifier::teach))
        .route(
            "/orders/{id}/lines/{line}/category",
            post(classifier::file_line),
        )
        .route("/rules", get(rules::rules).post(rules::create))
        .route("/rules/{id}", get(rules::rule).post(rules::update))
        .route("/operations/{name}/run", post(operations::run_now))
        .route("/webhooks/{id}/manage", post(webhooks::manage))
        .route(
            "/webhooks/{id}/messages/{message}/redeliver",
            post(webhooks::redeliver),
        )
        .route(
            "/imports",
            get(imports::import_form).post(imports::import_post),
        )
        .route("/categories/sku-preview", get(categories::sku_preview))
        .route("/lang/{code}", get(choose_language))
        .merge(b2b::routes())
        .merge(after_shipping::routes())
        .layer(axum::middleware::from_fn(flash::clear_shown))
        .with_state(state)
}

/// The name of one task move's form, for keeping what was typed in it.
pub(crate) fn move_form(task: &str, to: &str) -> String {
    format!("move/{task}/{to}")
}

/// A page the caller's role may not use sends them to `away` (their own
/// first page) rather than showing a refusal.
pub(crate) fn unless_can(
    p: &Principal,
    capability: orderhub_domain::Capability,
    away: &str,
) -> Option<Response> {
    p.require(capability)
        .err()
        .map(|_| Redirect::to(away).into_response())
}

/// The caller and the page layout, or the redirect to the login page.
pub(crate) async fn session_or_login(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Result<(Principal, Layout), Response>, ApiError> {
    Ok(match signed_in(state, headers).await? {
        Some((p, user)) => {
            let chosen = p.user.as_ref().and_then(|u| u.language.as_deref());
            let lang = Lang::of_user(headers, chosen);
            let flash = flash::read(headers, &user.csrf);
            let zone = zone::Zone::of(
                p.user.as_ref().and_then(|u| u.time_zone.as_deref()),
                headers,
            );
            Ok((
                p,
                Layout {
                    lang,
                    user: Some(user),
                    flash,
                    zone,
                },
            ))
        }
        None => Err(Redirect::to("/login").into_response()),
    })
}

/// A form that changes something must carry the session's CSRF token
/// (compared in constant time); its origin is checked by the caller.
/// A form post from a signed-in page: from our own origin, carrying the
/// session's CSRF token.
pub(crate) fn check_post(
    s: &AppState,
    headers: &HeaderMap,
    layout: &Layout,
    given: &str,
) -> Result<(), ApiError> {
    crate::auth::check_origin(headers, &s.config)?;
    check_form(&layout.csrf(), given)
}

pub(crate) fn check_form(expected: &str, given: &str) -> Result<(), ApiError> {
    if given.is_empty() || !crate::auth::constant_time_eq(expected.as_bytes(), given.as_bytes()) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::CsrfTokenInvalid,
            "the form's CSRF token does not match the session",
        )
        .field("csrf"));
    }
    Ok(())
}

/// A signed-in page's caller and layout; anyone else is sent to the login
/// page.
pub(crate) struct Session(pub Principal, pub Layout);

impl axum::extract::FromRequestParts<AppState> for Session {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Response> {
        match session_or_login(state, &parts.headers).await {
            Ok(Ok((p, layout))) => Ok(Session(p, layout)),
            Ok(Err(redirect)) => Err(redirect),
            Err(e) => Err(e.into_response()),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "not_found.html")]
struct NotFoundPage {
    layout: Layout,
}

/// A 404 page in the user's language.
pub(crate) fn not_found(layout: Layout) -> Response {
    (StatusCode::NOT_FOUND, NotFoundPage { layout }).into_response()
}

/// A form refusal's message when it is about `field` (refusals name the
/// field as `message` in catalog.rs shapes it: `categories[0]` → `categories`).
pub(crate) fn message_for<'a>(error: &'a Option<(String, String)>, field: &str) -> Option<&'a str> {
    error
        .as_ref()
        .filter(|(f, _)| f == field)
        .map(|(_, m)| m.as_str())
}

/// A lookup's value, `None` when it does not exist (or is out of the
/// caller's scope: the same), any other failure as an error.
pub(crate) fn found<T>(r: Result<T, orderhub_store::StoreError>) -> Result<Option<T>, ApiError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(orderhub_store::StoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The page's layout for this request; `None` when nobody is signed in.
pub(super) async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(Principal, SignedIn)>, ApiError> {
    let Some(id) = cookie(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let Some(p) = crate::auth::from_session(state, &id).await? else {
        return Ok(None);
    };
    // the inbox's unread count, for the header (staff and suppliers)
    let unread = match (&p.user, p.require(orderhub_domain::Capability::WorkTasks)) {
        (Some(u), Ok(())) => state.store.unread_count(&u.id).await?,
        _ => 0,
    };
    let user = p.user.as_ref().map(|u| SignedIn {
        unread,
        name: if u.display_name.is_empty() {
            u.email.clone()
        } else {
            u.display_name.clone()
        },
        role_key: format!("role-{}", p.role.as_str()),
        csrf: p.session.as_ref().map(|s| s.1.clone()).unwrap_or_default(),
    });
    Ok(user.map(|u| (p, u)))
}

/// 303 See Other to `to`, setting a cookie.
pub(super) fn redirect_setting(to: &str, cookie: HeaderValue) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.headers_mut().insert(header::SET_COOKIE, cookie);
    res
}

#[derive(Template, WebTemplate)]
#[template(path = "workflow.html")]
struct WorkflowPage {
    layout: Layout,
    order_svg: String,
    task_svg: String,
    proof_svg: String,
}

async fn workflow(Session(_, layout): Session) -> Response {
    let code = layout.lang.code();
    WorkflowPage {
        order_svg: lifecycle_svg("order", code).unwrap_or_default(),
        task_svg: lifecycle_svg("task", code).unwrap_or_default(),
        proof_svg: lifecycle_svg("proof", code).unwrap_or_default(),
        layout,
    }
    .into_response()
}

/// The diagram of the `order` or `task` lifecycle, or of the `proof`
/// steps, in language `lang`
/// (`en`, `zh-CN`), as the workflow page shows it and `orderhub diagram`
/// prints it for the docs; `None` for another subject or language.
pub fn lifecycle_svg(subject: &str, lang: &str) -> Option<String> {
    let lang = i18n::Lang::parse(lang)?;
    Some(match subject {
        "order" => diagram::svg(
            &ORDER_LIFECYCLE,
            |s| s.as_str(),
            lang,
            lang.t("workflow-order"),
        ),
        "task" => diagram::svg(
            &TASK_LIFECYCLE,
            |s| s.as_str(),
            lang,
            lang.t("workflow-task"),
        ),
        "proof" => diagram::proof_svg(lang, lang.t("workflow-proof")),
        _ => return None,
    })
}

/// Switches this browser's language (a cookie) and goes back. It is the
/// device's choice: the default for the user's other devices is set on
/// their account page.
async fn choose_language(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let code = Lang::parse(&code).unwrap_or(Lang::En).code();
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            r.find("://")
                .and_then(|i| r[i + 3..].find('/').map(|j| &r[i + 3 + j..]))
        })
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or("/")
        .to_owned();
    let cookie = format!("lang={code}; Path=/; SameSite=Lax; Max-Age=31536000");
    redirect_setting(
        &back,
        HeaderValue::from_str(&cookie).unwrap_or(HeaderValue::from_static("lang=en; Path=/")),
    )
}

/// Files served as they are: path, content type, cache lifetime, body.
/// htmx 2.0.11 (npm `htmx.org`, BSD-2-Clause) is vendored: no CDN. The icon
/// is also answered at `/favicon.ico`, where browsers and tools ask
/// whatever a page declares; the manifest names it for a phone's home
/// screen.
const ASSETS: &[(&str, &str, &str, &str)] = &[
    (
        "/assets/htmx-2.0.11.min.js",
        "text/javascript; charset=utf-8",
        "max-age=86400",
        include_str!("../../assets/htmx-2.0.11.min.js"),
    ),
    (
        "/assets/app.css",
        "text/css; charset=utf-8",
        "max-age=3600",
        include_str!("../../assets/app.css"),
    ),
    (
        "/assets/app.js",
        "text/javascript; charset=utf-8",
        "max-age=3600",
        include_str!("../../assets/app.js"),
    ),
    (
        "/assets/icon.svg",
        "image/svg+xml",
        "max-age=86400",
        include_str!("../../assets/icon.svg"),
    ),
    (
        "/favicon.ico",
        "image/svg+xml",
        "max-age=86400",
        include_str!("../../assets/icon.svg"),
    ),
    (
        "/assets/manifest.webmanifest",
        "application/manifest+json",
        "max-age=86400",
        include_str!("../../assets/manifest.webmanifest"),
    ),
];
