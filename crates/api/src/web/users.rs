//! Accounts, for admins: who can sign in, as what, for which supplier; an
//! invitation (a one-time link to set a password, shown once: orderhub
//! sends no e-mail yet) or a password set directly; role changes,
//! deactivation and a new link for someone locked out.

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
use orderhub_domain::model::{NewUser, User, UserPatch};
use orderhub_domain::{Capability, Role};
use orderhub_store::Invite;

/// Admins only; anyone else goes home.
fn unless_admin(p: &Principal) -> Option<Response> {
    super::unless_can(p, Capability::ManageUsers, "/")
}

/// One account in the list.
pub struct UserRow {
    id: String,
    email: String,
    name: String,
    role: &'static str,
    supplier: String,
    active: bool,
    last_login: String,
    /// "invited, link valid until …" while the link is unused.
    pending: String,
}

/// The invite form, as typed.
#[derive(serde::Deserialize, Default)]
pub struct UserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    supplier: String,
    /// Empty: send an invitation link instead.
    #[serde(default)]
    password: String,
    /// The edit form's "can sign in" box.
    #[serde(default)]
    active: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "users.html")]
pub struct UsersPage {
    layout: Layout,
    rows: Vec<UserRow>,
    form: UserForm,
    /// (value, label)
    roles: Vec<(&'static str, &'static str)>,
    /// (id, name)
    suppliers: Vec<(String, String)>,
    error: Option<(String, String)>,
}

impl UsersPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        super::message_for(&self.error, field)
    }
}

/// The roles an admin can give (purchasers come with B2B, issue 16).
fn roles(layout: &Layout) -> Vec<(&'static str, &'static str)> {
    [Role::Operator, Role::Supplier, Role::Admin]
        .iter()
        .map(|r| (r.as_str(), layout.t(&format!("role-{}", r.as_str()))))
        .collect()
}

async fn list_page(
    s: &AppState,
    layout: Layout,
    form: UserForm,
    error: Option<(String, String)>,
) -> Result<Response, ApiError> {
    let users = s.store.list_users().await?;
    let pending = s.store.pending_invites().await?;
    let suppliers = s.store.list_suppliers().await?;
    let name_of = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| suppliers.iter().find(|x| &x.id == id))
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let rows = users
        .iter()
        .map(|u| UserRow {
            id: u.id.clone(),
            email: u.email.clone(),
            name: u.display_name.clone(),
            role: layout.t(&format!("role-{}", u.role.as_str())),
            supplier: name_of(&u.supplier_id),
            active: u.active,
            last_login: layout.when(u.last_login_at),
            pending: pending
                .get(&u.id)
                .map(|until| layout.fill("users-pending", "until", layout.zone.show(*until)))
                .unwrap_or_default(),
        })
        .collect();
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let page = UsersPage {
        rows,
        form,
        roles: roles(&layout),
        suppliers: suppliers
            .iter()
            .filter(|x| x.active)
            .map(|x| (x.id.clone(), x.name.clone()))
            .collect(),
        error,
        layout,
    };
    Ok((status, page).into_response())
}

pub async fn users(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if let Some(away) = unless_admin(&p) {
        return Ok(away);
    }
    let form = UserForm {
        role: "supplier".into(),
        ..UserForm::default()
    };
    list_page(&s, layout, form, None).await
}

/// The flash that hands over a link, shown once.
pub(super) fn link_flash(
    s: &AppState,
    headers: &HeaderMap,
    layout: &Layout,
    invite: &Invite,
) -> Flash {
    let link = format!(
        "{}/invite/{}",
        crate::actions::links::base_url(s, headers),
        invite.token
    );
    let text = layout.lang.fill(
        "users-link",
        &[
            ("email", (&invite.user.email).into()),
            ("until", layout.zone.show(invite.expires_at).into()),
        ],
    );
    Flash::done(text).once(link)
}

/// Creates an account: with the password typed, or with an invitation
/// link when none was.
pub async fn create_user(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(form): axum::Form<UserForm>,
) -> Result<Response, ApiError> {
    if let Some(away) = unless_admin(&p) {
        return Ok(away);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let Some(role) = Role::parse(&form.role) else {
        let error = ("role".to_owned(), layout.error_text("invalid_value"));
        return list_page(&s, layout, form, Some(error)).await;
    };
    let some = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let new = NewUser {
        email: form.email.clone(),
        display_name: some(&form.display_name),
        role,
        supplier: some(&form.supplier).filter(|_| role == Role::Supplier),
        buyer: None,
        org_role: None,
        password: form.password.clone(),
    };
    let done = match form.password.is_empty() {
        true => s
            .store
            .invite_user(&p.actor, new)
            .await
            .map(|invite| link_flash(&s, &headers, &layout, &invite)),
        false => s.store.create_user(&p.actor, new).await.map(|u| {
            Flash::done(
                layout
                    .lang
                    .fill("flash-created", &[("name", (&u.email).into())]),
            )
        }),
    };
    match done {
        Ok(flash) => Ok(flash::redirect(&s, &layout, "/users", flash)),
        Err(e) => {
            let (_, error) = super::catalog::refusal(layout.lang, e)?;
            let form = UserForm {
                password: String::new(),
                ..form
            };
            list_page(&s, layout, form, Some(error)).await
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "user.html")]
pub struct UserPage {
    layout: Layout,
    user: User,
    form: UserForm,
    roles: Vec<(&'static str, &'static str)>,
    suppliers: Vec<(String, String)>,
    error: Option<(String, String)>,
}

impl UserPage {
    fn error_for(&self, field: &str) -> Option<&str> {
        super::message_for(&self.error, field)
    }
}

async fn user_page(
    s: &AppState,
    layout: Layout,
    user: User,
    form: Option<UserForm>,
    error: Option<(String, String)>,
) -> Result<Response, ApiError> {
    let suppliers = s.store.list_suppliers().await?;
    let form = form.unwrap_or_else(|| UserForm {
        display_name: user.display_name.clone(),
        role: user.role.as_str().to_owned(),
        supplier: user.supplier_id.clone().unwrap_or_default(),
        active: if user.active {
            "on".into()
        } else {
            String::new()
        },
        ..UserForm::default()
    });
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let page = UserPage {
        roles: roles(&layout),
        suppliers: suppliers
            .iter()
            .map(|x| (x.id.clone(), x.name.clone()))
            .collect(),
        user,
        form,
        error,
        layout,
    };
    Ok((status, page).into_response())
}

pub async fn user(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if let Some(away) = unless_admin(&p) {
        return Ok(away);
    }
    match super::found(s.store.get_user(&id).await)? {
        Some(user) => user_page(&s, layout, user, None, None).await,
        None => Ok(super::not_found(layout)),
    }
}

/// Saves name, role, supplier and whether the account can sign in (a role
/// change or deactivation signs it out everywhere).
pub async fn update_user(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<UserForm>,
) -> Result<Response, ApiError> {
    if let Some(away) = unless_admin(&p) {
        return Ok(away);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let Some(user) = super::found(s.store.get_user(&id).await)? else {
        return Ok(super::not_found(layout));
    };
    let role = Role::parse(&form.role);
    let patch = UserPatch {
        display_name: Some(form.display_name.clone()),
        role,
        supplier: Some(form.supplier.trim().to_owned())
            .filter(|v| !v.is_empty() && role == Some(Role::Supplier)),
        buyer: None,
        org_role: None,
        active: Some(!form.active.is_empty()),
    };
    match s.store.update_user(&p.actor, &id, patch).await {
        Ok(u) => {
            let done = Flash::done(
                layout
                    .lang
                    .fill("flash-saved", &[("name", (&u.email).into())]),
            );
            Ok(flash::redirect(&s, &layout, "/users", done))
        }
        Err(e) => {
            let (_, error) = super::catalog::refusal(layout.lang, e)?;
            user_page(&s, layout, user, Some(form), Some(error)).await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// A new one-time link for the account (an invitation resent, or a reset
/// for someone who forgot their password).
pub async fn new_link(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Result<Response, ApiError> {
    if let Some(away) = unless_admin(&p) {
        return Ok(away);
    }
    check_post(&s, &headers, &layout, &form.csrf)?;
    let invite = match super::found(s.store.invite_link(&p.actor, &id).await)? {
        Some(invite) => invite,
        None => return Ok(super::not_found(layout)),
    };
    let done = link_flash(&s, &headers, &layout, &invite);
    Ok(flash::redirect(&s, &layout, &format!("/users/{id}"), done))
}
