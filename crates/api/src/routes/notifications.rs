//! `/notifications`: the caller's inbox (站内信) and notification
//! settings, and the group robots (DingTalk, Feishu, WeCom) notices are
//! posted to. The inbox and settings are a signed-in person's; robots
//! are the seller's (staff) or a supplier's own.

use super::page_limit;
use crate::AppState;
use crate::auth::Principal;
use crate::extract::{ApiJson, ApiQuery, empty_as_none, empty_as_none_num};
use crate::notifier::compose::compose;
use crate::problem::{ApiError, Problem};
use crate::web::i18n::Lang;
use crate::web::zone::Zone;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use orderhub_domain::model::{EventKind, User};
use orderhub_domain::notify::{
    Audience, NewRobot, NotifySettings, Robot, RobotPatch, SettingsPatch, Topic,
};
use orderhub_domain::{Capability, ErrorCode, Forbidden, ValidationError};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(mark_read))
        .routes(routes!(mark_all_read))
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(list_robots, create_robot))
        .routes(routes!(get_robot, update_robot, delete_robot))
        .routes(routes!(test_robot))
}

/// The signed-in person (an API token has no inbox); notices are about
/// work, so the seller's staff and suppliers have them.
fn person(p: &Principal) -> Result<&User, ApiError> {
    p.require(Capability::WorkTasks)?;
    p.user.as_ref().ok_or_else(|| {
        Forbidden::new(
            ErrorCode::SessionOnly,
            "the inbox and notification settings are a signed-in person's, not a token's",
        )
        .into()
    })
}

/// The audience a person of this principal belongs to.
fn audience(p: &Principal) -> Audience {
    Audience::of(p.scope.supplier())
}

/// A notice in the inbox, written in the reader's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxItem {
    pub id: String,
    pub topic: Topic,
    pub read: bool,
    pub title: String,
    pub lines: Vec<String>,
    /// The page to open (`/tasks/…`, `/orders/…`).
    pub link: Option<String>,
    pub event_kind: EventKind,
    pub order_id: Option<String>,
    pub task_id: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A page of the inbox, with the unread count.
#[derive(Debug, Serialize, ToSchema)]
pub struct Inbox {
    pub items: Vec<InboxItem>,
    pub next_cursor: Option<String>,
    pub unread: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct InboxQuery {
    /// Only unread notices.
    #[serde(default)]
    unread: bool,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "empty_as_none_num")]
    limit: Option<i64>,
    #[serde(default, deserialize_with = "empty_as_none")]
    cursor: Option<String>,
}

/// The caller's language and zone for notices.
fn reader(user: &User, headers: &HeaderMap) -> (Lang, Zone) {
    (
        Lang::of_user(headers, user.language.as_deref()),
        Zone::of(user.time_zone.as_deref(), headers),
    )
}

/// The inbox's notices for the page, written for `user`.
pub(crate) async fn inbox_page(
    s: &AppState,
    user: &User,
    headers: &HeaderMap,
    unread: bool,
    limit: i64,
    cursor: Option<&str>,
) -> Result<Inbox, ApiError> {
    let page = s.store.inbox(&user.id, unread, limit, cursor).await?;
    let (lang, zone) = reader(user, headers);
    let mut items = Vec::with_capacity(page.items.len());
    for n in page.items {
        let note = compose(&s.store, n.topic, Some(&n.event), None, lang, &zone).await;
        items.push(InboxItem {
            id: n.id,
            topic: n.topic,
            read: n.read,
            title: note.title,
            lines: note.lines,
            link: note.path,
            event_kind: n.event.kind,
            order_id: n.event.order_id,
            task_id: n.event.task_id,
            created_at: n.event.created_at,
        });
    }
    Ok(Inbox {
        items,
        next_cursor: page.next_cursor,
        unread: s.store.unread_count(&user.id).await?,
    })
}

/// The caller's notices, newest first, in their language (`lang`
/// cookie, their setting, `Accept-Language`).
#[utoipa::path(get, path = "/notifications", tag = "notifications", params(InboxQuery),
    responses((status = 200, body = Inbox), (status = 403, body = Problem)))]
async fn inbox(
    State(s): State<AppState>,
    p: Principal,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> Result<Json<Inbox>, ApiError> {
    let user = person(&p)?;
    let limit = page_limit(q.limit)?;
    Ok(Json(
        inbox_page(&s, user, &headers, q.unread, limit, q.cursor.as_deref()).await?,
    ))
}

/// Marks one of the caller's notices read (another's answers 404).
#[utoipa::path(post, path = "/notifications/{id}/read", tag = "notifications",
    responses((status = 204), (status = 404, body = Problem)))]
async fn mark_read(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let user = person(&p)?;
    s.store.mark_read(&user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many notices were marked read.
#[derive(Debug, Serialize, ToSchema)]
pub struct Marked {
    pub marked: u64,
}

/// Marks all the caller's notices read.
#[utoipa::path(post, path = "/notifications/read-all", tag = "notifications",
    responses((status = 200, body = Marked), (status = 403, body = Problem)))]
async fn mark_all_read(State(s): State<AppState>, p: Principal) -> Result<Json<Marked>, ApiError> {
    let user = person(&p)?;
    Ok(Json(Marked {
        marked: s.store.mark_all_read(&user.id).await?,
    }))
}

pub(crate) async fn settings_of(s: &AppState, p: &Principal) -> Result<NotifySettings, ApiError> {
    let user = person(p)?;
    let stored = s.store.person_settings(&user.id).await?;
    let topics = Topic::for_audience(audience(p)).to_vec();
    Ok(NotifySettings {
        email_topics: stored.email_topics.unwrap_or_else(|| topics.clone()),
        quiet_hours: stored.quiet.map(|q| q.text()),
        topics,
    })
}

/// The caller's settings: which topics come by e-mail (the inbox has
/// all), and quiet hours in their time zone.
#[utoipa::path(get, path = "/notifications/settings", tag = "notifications",
    responses((status = 200, body = NotifySettings), (status = 403, body = Problem)))]
async fn get_settings(
    State(s): State<AppState>,
    p: Principal,
) -> Result<Json<NotifySettings>, ApiError> {
    Ok(Json(settings_of(&s, &p).await?))
}

/// Replaces the caller's settings.
#[utoipa::path(put, path = "/notifications/settings", tag = "notifications", request_body = SettingsPatch,
    responses((status = 200, body = NotifySettings), (status = 422, body = Problem)))]
async fn put_settings(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<SettingsPatch>,
) -> Result<Json<NotifySettings>, ApiError> {
    let user = person(&p)?;
    let (topics, quiet) = body.validate(audience(&p))?;
    s.store
        .set_person_settings(&user.id, &topics, quiet)
        .await?;
    Ok(Json(settings_of(&s, &p).await?))
}

/// Refuses a time zone the zone database does not have.
pub(crate) fn check_zone(name: &str) -> Result<(), ValidationError> {
    match Zone::named(name) {
        Some(_) => Ok(()),
        None => Err(ValidationError::new(
            "time_zone",
            ErrorCode::InvalidValue,
            format!("{name:?} is not an IANA time zone (e.g. Asia/Shanghai)"),
        )),
    }
}

/// Robots the caller may see: staff all, a supplier its own.
#[utoipa::path(get, path = "/notifications/robots", tag = "notifications",
    responses((status = 200, body = Vec<Robot>), (status = 403, body = Problem)))]
async fn list_robots(
    State(s): State<AppState>,
    p: Principal,
) -> Result<Json<Vec<Robot>>, ApiError> {
    p.require(Capability::ManageRobots)?;
    Ok(Json(s.store.list_robots(&p.scope).await?))
}

/// Adds a group robot. Staff add the seller's own (told about staff
/// topics) or, with `supplier_id`, a supplier's; a supplier adds its own.
/// The secret is not shown again.
#[utoipa::path(post, path = "/notifications/robots", tag = "notifications", request_body = NewRobot,
    responses((status = 201, body = Robot), (status = 403, body = Problem), (status = 422, body = Problem)))]
async fn create_robot(
    State(s): State<AppState>,
    p: Principal,
    ApiJson(body): ApiJson<NewRobot>,
) -> Result<(StatusCode, Json<Robot>), ApiError> {
    p.require(Capability::ManageRobots)?;
    let supplier = match p.scope.supplier() {
        Some(own) => Some(own.to_owned()),
        None => body.supplier_id.clone().filter(|s| !s.is_empty()),
    };
    let fields = body.validate(Audience::of(supplier.as_deref()))?;
    crate::egress::check_url("url", &fields.url, s.config.allow_private_targets)?;
    check_zone(&fields.time_zone)?;
    let robot = s
        .store
        .create_robot(&p.actor, supplier.as_deref(), fields)
        .await?;
    Ok((StatusCode::CREATED, Json(robot)))
}

#[utoipa::path(get, path = "/notifications/robots/{id}", tag = "notifications",
    responses((status = 200, body = Robot), (status = 404, body = Problem)))]
async fn get_robot(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<Robot>, ApiError> {
    p.require(Capability::ManageRobots)?;
    Ok(Json(s.store.get_robot(&id, &p.scope).await?.0))
}

/// Changes a robot; only the fields given change (`active: false`
/// pauses it: nothing is written for it meanwhile).
#[utoipa::path(patch, path = "/notifications/robots/{id}", tag = "notifications", request_body = RobotPatch,
    responses((status = 200, body = Robot), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn update_robot(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RobotPatch>,
) -> Result<Json<Robot>, ApiError> {
    p.require(Capability::ManageRobots)?;
    let (robot, current) = s.store.get_robot(&id, &p.scope).await?;
    let active = body.active;
    let fields = body.apply(current, Audience::of(robot.supplier_id.as_deref()))?;
    crate::egress::check_url("url", &fields.url, s.config.allow_private_targets)?;
    check_zone(&fields.time_zone)?;
    Ok(Json(
        s.store.update_robot(&id, &p.scope, fields, active).await?,
    ))
}

/// Removes a robot and its deliveries.
#[utoipa::path(delete, path = "/notifications/robots/{id}", tag = "notifications",
    responses((status = 204), (status = 404, body = Problem)))]
async fn delete_robot(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    p.require(Capability::ManageRobots)?;
    s.store.delete_robot(&id, &p.scope).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What a test message did.
#[derive(Debug, Serialize, ToSchema)]
pub struct RobotTested {
    pub ok: bool,
    /// The robot's refusal or the network's error, when not ok.
    pub error: Option<String>,
}

/// Posts a test message to the robot now and says what it answered (a
/// wrong signature, a keyword the group requires…).
#[utoipa::path(post, path = "/notifications/robots/{id}/test", tag = "notifications",
    responses((status = 200, body = RobotTested), (status = 404, body = Problem)))]
async fn test_robot(
    State(s): State<AppState>,
    p: Principal,
    Path(id): Path<String>,
) -> Result<Json<RobotTested>, ApiError> {
    p.require(Capability::ManageRobots)?;
    let (_, fields) = s.store.get_robot(&id, &p.scope).await?;
    let base = s.config.public_url.clone();
    let outcome =
        crate::notifier::test_robot(&fields, &s.store, base, s.config.allow_private_targets).await;
    Ok(Json(RobotTested {
        ok: outcome.is_ok(),
        error: outcome.err(),
    }))
}
