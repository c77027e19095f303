//! `/organisations`: staff add purchaser organisations (name, tax id,
//! currency, approval limit, payment terms, delivery address) and invite
//! their buyers and approvers, each with a one-time link to set a
//! password (`orderhub_domain::b2b::org` holds what an organisation is).

use super::flash::{Flash, back_to};
use super::numbers::money;
use super::posted::{Posted, field, fields, keep, number, text};
use super::users::link_flash;
use super::{Layout, Session, check_post};
use crate::AppState;
use crate::problem::ApiError;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use orderhub_domain::b2b::{OrgRole, Organisation, OrganisationInput};
use orderhub_domain::model::{Address, NewUser};
use orderhub_domain::{Capability, Role};

const FORM: &str = "organisation";

pub(super) struct OrgRow {
    pub id: String,
    pub name: String,
    pub tax_id: String,
    pub limit: String,
    pub terms: String,
    pub delivery: String,
    pub active: bool,
}

fn row(layout: &Layout, o: &Organisation) -> OrgRow {
    OrgRow {
        id: o.id.clone(),
        name: o.name.clone(),
        tax_id: o.tax_id.clone().unwrap_or_default(),
        limit: o
            .approval_limit
            .map(|l| money(layout.lang, l, &o.currency))
            .unwrap_or_else(|| layout.t("org-no_limit").to_owned()),
        terms: o.payment_terms.clone().unwrap_or_default(),
        delivery: o
            .delivery_address
            .as_ref()
            .map(Address::one_line)
            .unwrap_or_default(),
        active: o.active,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "organisations.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<OrgRow>,
}

/// `/organisations`: every purchaser organisation, and a form to add one.
pub async fn list(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    p.require(Capability::ManageOrganisations)?;
    let rows = s
        .store
        .list_organisations()
        .await?
        .iter()
        .map(|o| row(&layout, o))
        .collect();
    Ok(ListPage { layout, rows }.into_response())
}

/// Adds an organisation; to its page, or back with what was typed.
pub async fn create(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::ManageOrganisations)?;
    let delivery = text(&form, "country").map(|country| Address {
        country,
        region: None,
        city: text(&form, "city"),
        line1: text(&form, "line1"),
        line2: None,
        postal_code: text(&form, "postal_code"),
    });
    let input = number(&form, "approval_limit").map(|limit| OrganisationInput {
        name: Some(field(&form, "name").to_owned()),
        tax_id: text(&form, "tax_id"),
        billing_address: delivery.clone(),
        delivery_address: delivery,
        payment_terms: text(&form, "payment_terms"),
        currency: text(&form, "currency"),
        approval_limit: limit,
        ..Default::default()
    });
    let result = match input {
        Ok(i) => s
            .store
            .create_organisation(&p.actor, i)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e),
    };
    let back = match &result {
        Ok(o) => format!("/organisations/{}", o.id),
        Err(_) => "/organisations".to_owned(),
    };
    let lang = layout.lang;
    back_to(
        &s,
        &layout,
        &back,
        result,
        |o| Flash::done(lang.fill("flash-created", &[("name", o.name.as_str().into())])),
        |f| keep(f, FORM, &form),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "organisation.html")]
struct OrgPage {
    layout: Layout,
    org: OrgRow,
    /// (e-mail, name, role in the organisation, signed in once)
    members: Vec<(String, String, &'static str, bool)>,
}

/// `/organisations/{id}`: the organisation, its people, and the invite form.
pub async fn page(
    State(s): State<AppState>,
    Session(p, layout): Session,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    p.require(Capability::ManageOrganisations)?;
    let Some(org) = super::found(s.store.get_organisation(&id, &p.scope).await)? else {
        return Ok(super::not_found(layout));
    };
    let members = s
        .store
        .organisation_members(&id, &p.scope)
        .await?
        .into_iter()
        .map(|u| {
            let role = layout.t(&format!(
                "org-role_{}",
                u.org_role.unwrap_or(OrgRole::Buyer).as_str()
            ));
            (u.email, u.display_name, role, u.last_login_at.is_some())
        })
        .collect();
    Ok(OrgPage {
        org: row(&layout, &org),
        members,
        layout,
    }
    .into_response())
}

/// Invites a buyer or an approver: the link is shown once.
pub async fn invite(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = fields(posted);
    check_post(&s, &headers, &layout, field(&form, "csrf"))?;
    p.require(Capability::ManageOrganisations)?;
    let new = NewUser {
        email: field(&form, "email").to_owned(),
        display_name: text(&form, "display_name"),
        role: Role::Purchaser,
        supplier: None,
        buyer: Some(id.clone()),
        org_role: OrgRole::parse(field(&form, "org_role")),
        password: String::new(),
    };
    let result = match s.store.get_organisation(&id, &p.scope).await {
        Ok(_) => s.store.invite_user(&p.actor, new).await,
        Err(e) => Err(e),
    };
    back_to(
        &s,
        &layout,
        &format!("/organisations/{id}"),
        result,
        |invite| link_flash(&s, &headers, &layout, invite),
        |f| keep(f, "member", &form),
    )
}
