//! `/organisations`: purchaser organisations and their people. Staff
//! manage them; a purchaser reads its own.

use crate::AppState;
use crate::auth::Principal;
use crate::extract::ApiJson;
use crate::problem::{ApiError, Problem};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use orderhub_domain::b2b::{NewMember, Organisation, OrganisationInput};
use orderhub_domain::model::{NewUser, User};
use orderhub_domain::{Capability, Role};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_organisations, create_organisation))
        .routes(routes!(get_organisation, update_organisation))
        .routes(routes!(list_members, invite_member))
}

/// Every purchaser organisation, by name (staff).
#[utoipa::path(get, path = "/organisations", tag = "b2b",
    responses((status = 200, body = Vec<Organisation>), (status = 403, body = Problem)))]
async fn list_organisations(
    State(s): State<AppState>,
    p: Principal,
) -> Result<Json<Vec<Organisation>>, ApiError> {
    p.require(Capability::ManageOrganisations)?;
    Ok(Json(s.store.list_organisations().await?))
}

/// A new purchaser organisation (staff): name, tax id, billing and
/// delivery addresses, payment terms, currency, and the approval limit
/// above which its buyers' requests wait for an approver.
#[utoipa::path(post, path = "/organisations", tag = "b2b", request_body = OrganisationInput,
    responses((status = 201, body = Organisation), (status = 403, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn create_organisation(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<(StatusCode, Json<Organisation>), ApiError> {
    p.require(Capability::ManageOrganisations)?;
    let org = s.store.create_organisation(&p.actor, input).await?;
    Ok((StatusCode::CREATED, Json(org)))
}

/// One organisation: staff any, a purchaser its own (another's is not
/// found).
#[utoipa::path(get, path = "/organisations/{id}", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = Organisation), (status = 404, body = Problem)))]
async fn get_organisation(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Organisation>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(s.store.get_organisation(&id, &p.scope).await?))
}

/// Changes the fields given (staff); `clear_approval_limit` removes the
/// limit, `active: false` stops new requests.
#[utoipa::path(patch, path = "/organisations/{id}", tag = "b2b", params(("id" = String, Path)),
    request_body = OrganisationInput,
    responses((status = 200, body = Organisation), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_organisation(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<Json<Organisation>, ApiError> {
    p.require(Capability::ManageOrganisations)?;
    Ok(Json(
        s.store.update_organisation(&p.actor, &id, input).await?,
    ))
}

/// The organisation's purchasers: staff any, a purchaser its own.
#[utoipa::path(get, path = "/organisations/{id}/members", tag = "b2b", params(("id" = String, Path)),
    responses((status = 200, body = Vec<User>), (status = 404, body = Problem)))]
async fn list_members(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<User>>, ApiError> {
    p.require(Capability::ReadRfqs)?;
    Ok(Json(s.store.organisation_members(&id, &p.scope).await?))
}

/// An invitation: the new account and the one-time link (shown once) at
/// which its owner sets a password.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberInvite {
    pub user: User,
    pub link: String,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// Invites a purchaser into the organisation (staff): `buyer` (the
/// default) or `approver`.
#[utoipa::path(post, path = "/organisations/{id}/members", tag = "b2b", params(("id" = String, Path)),
    request_body = NewMember,
    responses((status = 201, body = MemberInvite), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn invite_member(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(member): ApiJson<NewMember>,
) -> Result<(StatusCode, Json<MemberInvite>), ApiError> {
    p.require(Capability::ManageOrganisations)?;
    let org = s.store.get_organisation(&id, &p.scope).await?;
    let new = NewUser {
        email: member.email,
        display_name: member.display_name,
        role: Role::Purchaser,
        supplier: None,
        buyer: Some(org.id),
        org_role: member.org_role,
        password: String::new(),
    };
    let invite = s.store.invite_user(&p.actor, new).await?;
    let link = format!(
        "{}/invite/{}",
        crate::actions::links::base_url(&s, &headers),
        invite.token
    );
    Ok((
        StatusCode::CREATED,
        Json(MemberInvite {
            user: invite.user,
            link,
            expires_at: invite.expires_at,
        }),
    ))
}
