//! API tokens in the browser: an admin's (any role, any supplier) or a
//! supplier's own, for its systems to call the API. The secret is shown
//! once, in the flash; the list says when each was last used; a revoked
//! token stops working at once.

use super::flash::{self, Flash};
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::auth::Principal;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use orderhub_domain::model::NewToken;
use orderhub_domain::{Capability, Role};

/// Admins and suppliers (their own); anyone else goes home.
fn unless_allowed(p: &Principal) -> Option<Response> {
    super::unless_can(p, Capability::ManageTokens, "/")
}

/// One token in the list.
pub struct TokenRow {
    id: String,
    name: String,
    role: &'static str,
    supplier: String,
    created: String,
    last_used: String,
    expires: String,
    revoked: String,
}

#[derive(serde::Deserialize, Default)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    supplier: String,
    /// `YYYY-MM-DD`, the reader's day; empty: never.
    #[serde(default)]
    expires: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "tokens.html")]
pub struct TokensPage {
    layout: Layout,
    rows: Vec<TokenRow>,
    form: TokenForm,
    /// Admins choose the role and supplier; a supplier's tokens are its own.
    admin: bool,
    roles: Vec<(&'static str, &'static str)>,
    suppliers: Vec<(String, String)>,
    error: Option<(String, String)>,
}

impl TokensPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        super::message_for(&self.error, field)
    }
}

async fn page(
    s: &AppState,
    p: &Principal,
    layout: Layout,
    form: TokenForm,
    error: Option<(String, String)>,
) -> Result<Response, ApiError> {
    let tokens = s.store.list_tokens(&p.scope).await?;
    let names: std::collections::HashMap<String, String> =
        super::pages::supplier_names(s, &p.scope)
            .await?
            .into_iter()
            .collect();
    let rows = tokens
        .iter()
        .map(|t| TokenRow {
            id: t.id.clone(),
            name: t.name.clone(),
            role: layout.t(&format!("role-{}", t.role.as_str())),
            supplier: t
                .supplier_id
                .as_ref()
                .and_then(|id| names.get(id).cloned())
                .unwrap_or_default(),
            created: layout.when(Some(t.created_at)),
            last_used: layout.when(t.last_used_at),
            expires: layout.when(t.expires_at),
            revoked: layout.when(t.revoked_at),
        })
        .collect();
    let admin = p.role == Role::Admin;
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let page = TokensPage {
        rows,
        form,
        admin,
        roles: [Role::Supplier, Role::Operator, Role::Admin]
            .iter()
            .map(|r| (r.as_str(), layout.t(&format!("role-{}", r.as_str()))))
            .collect(),
        suppliers: names.into_iter().collect(),
        error,
        layout,
    };
    Ok((status, page).into_response())
}

pub async fn tokens(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if let Some(away) = unless_allowed(&p) {
        return Ok(away);
    }
    page(&s, &p, layout, TokenForm::default(), None).await
}

/// Creates a token; its secret goes into the flash, shown once.
pub async fn create_token(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(form): axum::Form<TokenForm>,
) -> Result<Response, ApiError> {
    if let Some(away) = unless_allowed(&p) {
        return Ok(away);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let expires = match form.expires.trim() {
        "" => None,
        day => match layout.zone.parse_input(&format!("{day}T23:59")) {
            Some(t) => Some(t),
            None => {
                let error = ("expires".to_owned(), layout.error_text("invalid_date"));
                return page(&s, &p, layout, form, Some(error)).await;
            }
        },
    };
    let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let new = NewToken {
        name: form.name.clone(),
        role: Role::parse(&form.role),
        supplier: some(&form.supplier),
        organisation: None,
        expires_at: expires,
    };
    let creator = p.user.as_ref().map(|u| u.id.as_str());
    match s.store.create_token(&p.actor, &p.scope, creator, new).await {
        Ok(created) => {
            let text = layout
                .lang
                .fill("tokens-created", &[("name", (&created.info.name).into())]);
            let done = Flash::done(text).once(created.token);
            Ok(flash::redirect(&s, &layout, "/tokens", done))
        }
        Err(e) => {
            let (_, error) = super::catalog::refusal(layout.lang, e)?;
            page(&s, &p, layout, form, Some(error)).await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct RevokeForm {
    csrf: String,
}

/// Revokes a token at once (another supplier's is not found).
pub async fn revoke_token(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<RevokeForm>,
) -> Result<Response, ApiError> {
    if let Some(away) = unless_allowed(&p) {
        return Ok(away);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let lang = layout.lang;
    let result = s.store.revoke_token(&p.actor, &p.scope, &id).await;
    flash::back_to(
        &s,
        &layout,
        "/tokens",
        result,
        |t| Flash::done(lang.fill("tokens-revoked", &[("name", (&t.name).into())])),
        |f| f,
    )
}
