//! Group robots in the web app: the caller's robots (staff: the seller's
//! own and every supplier's; a supplier: its own), a form to add one,
//! and for each a test message, pause/resume and removal.

use super::flash::{self, Flash, back_to};
use super::posted::{Posted, checked, field, text};
use super::{Layout, Session};
use crate::AppState;
use crate::auth::Principal;
use crate::problem::ApiError;
use crate::routes::notifications::check_zone;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::Capability;
use orderhub_domain::model::Supplier;
use orderhub_domain::notify::{Audience, NewRobot, NoticeChannel, Robot, RobotPatch, Topic};

/// The add form's fields, kept when a post is refused.
const FIELDS: [&str; 7] = [
    "kind",
    "name",
    "url",
    "language",
    "time_zone",
    "quiet_hours",
    "supplier_id",
];

#[derive(Template, WebTemplate)]
#[template(path = "robots.html")]
struct RobotsPage {
    layout: Layout,
    robots: Vec<Robot>,
    /// Staff choose whose robot it is.
    suppliers: Vec<Supplier>,
    staff: bool,
}

impl RobotsPage {
    fn kind_name(&self, k: &NoticeChannel) -> &'static str {
        self.layout.t(&format!("channel-{k}"))
    }

    fn topic_name(&self, t: &Topic) -> &'static str {
        self.layout.t(&format!("topic-{t}"))
    }

    fn topics(&self) -> Vec<Topic> {
        let mut all = Topic::for_audience(Audience::Supplier).to_vec();
        if self.staff {
            all.extend(
                Topic::for_audience(Audience::Staff)
                    .iter()
                    .filter(|t| !all.contains(t))
                    .collect::<Vec<_>>(),
            );
        }
        all
    }

    fn owner(&self, r: &Robot) -> String {
        match &r.supplier_id {
            None => self.layout.t("robots-ours").to_owned(),
            Some(id) => self
                .suppliers
                .iter()
                .find(|s| &s.id == id)
                .map_or_else(|| id.clone(), |s| s.name.clone()),
        }
    }

    fn refused(&self, field: &str) -> bool {
        self.layout.flash.as_ref().is_some_and(|f| f.field == field)
    }
}

fn allowed(p: &Principal) -> bool {
    p.require(Capability::ManageRobots).is_ok()
}

pub async fn robots(
    State(s): State<AppState>,
    Session(p, layout): Session,
) -> Result<Response, ApiError> {
    if !allowed(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let staff = p.scope.supplier().is_none();
    Ok(RobotsPage {
        robots: s.store.list_robots(&p.scope).await?,
        suppliers: match staff {
            true => s.store.list_suppliers().await?,
            false => Vec::new(),
        },
        staff,
        layout,
    }
    .into_response())
}

/// Adds a robot from the form; refused, the form comes back filled.
pub async fn create(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let topics = super::posted::topics(&posted);
    let form = checked(&s, &headers, &layout, posted)?;
    if !allowed(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let supplier = match p.scope.supplier() {
        Some(own) => Some(own.to_owned()),
        None => text(&form, "supplier_id"),
    };
    let audience = Audience::of(supplier.as_deref());
    // topics ticked that this robot's audience cannot have are dropped
    let topics: Vec<Topic> = topics
        .into_iter()
        .filter(|t| Topic::for_audience(audience).contains(t))
        .collect();
    let new = NewRobot {
        kind: NoticeChannel::parse(field(&form, "kind")).unwrap_or(NoticeChannel::Inbox),
        name: field(&form, "name").to_owned(),
        url: field(&form, "url").to_owned(),
        secret: text(&form, "secret"),
        language: text(&form, "language"),
        time_zone: text(&form, "time_zone"),
        quiet_hours: text(&form, "quiet_hours"),
        topics: Some(topics).filter(|t| !t.is_empty()),
        supplier_id: None,
    };
    let allow = s.config.allow_private_targets;
    let result = async {
        let fields = new.validate(audience)?;
        crate::egress::check_url("url", &fields.url, allow)?;
        check_zone(&fields.time_zone)?;
        Ok::<_, ApiError>(
            s.store
                .create_robot(&p.actor, supplier.as_deref(), fields)
                .await?,
        )
    }
    .await;
    let kept: Vec<(&str, &str)> = FIELDS.iter().map(|f| (*f, field(&form, f))).collect();
    let done = |r: &Robot| Flash::done(format!("{}: {}", r.name, layout.t("robots-added")));
    back_to(&s, &layout, "/robots", result, done, |f| {
        f.keeping("robot", kept)
    })
}

/// Tests, pauses, resumes or removes a robot.
pub async fn manage(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    if !allowed(&p) {
        return Ok(Redirect::to("/").into_response());
    }
    let Some((robot, fields)) = super::found(s.store.get_robot(&id, &p.scope).await)? else {
        return Ok(super::not_found(layout));
    };
    let said = |key: &str| Flash::done(format!("{}: {}", robot.name, layout.t(key)));
    match field(&form, "action") {
        "test" => {
            let base = s.config.public_url.clone();
            let outcome = crate::notifier::test_robot(
                &fields,
                &s.store,
                base,
                s.config.allow_private_targets,
            )
            .await;
            let flash = match outcome {
                Ok(()) => said("robots-test_ok"),
                Err(e) => Flash::refused(format!(
                    "{}: {} {e}",
                    robot.name,
                    layout.t("robots-test_failed")
                )),
            };
            Ok(flash::redirect(&s, &layout, "/robots", flash))
        }
        action @ ("pause" | "resume") => {
            let on = action == "resume";
            let patch = RobotPatch {
                active: Some(on),
                ..Default::default()
            };
            let audience = Audience::of(robot.supplier_id.as_deref());
            let fields = patch.apply(fields, audience)?;
            let done = s.store.update_robot(&id, &p.scope, fields, Some(on)).await;
            let key = if on {
                "robots-resumed"
            } else {
                "robots-paused"
            };
            back_to(&s, &layout, "/robots", done, |_| said(key), |f| f)
        }
        "delete" if !field(&form, "confirm").is_empty() => {
            s.store.delete_robot(&id, &p.scope).await?;
            Ok(flash::redirect(
                &s,
                &layout,
                "/robots",
                said("robots-deleted"),
            ))
        }
        _ => {
            let ask = Flash::warning(format!(
                "{}: {}",
                robot.name,
                layout.t("robots-confirm_delete")
            ));
            Ok(flash::redirect(&s, &layout, "/robots", ask))
        }
    }
}
