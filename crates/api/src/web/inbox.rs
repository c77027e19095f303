//! The inbox (站内信) in the web app: the signed-in person's notices,
//! newest first, unread ones marked; opening one marks it read and goes to
//! its page. Beside it, the person's own settings: which topics also come
//! by e-mail, and quiet hours.

use super::flash::{self, Flash, back_to};
use super::posted::{Posted, checked, field};
use super::{Layout, Session};
use crate::AppState;
use crate::problem::ApiError;
use crate::routes::notifications::{InboxItem, inbox_page, settings_of};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use orderhub_domain::notify::{Audience, SettingsPatch, Topic};

#[derive(Template, WebTemplate)]
#[template(path = "inbox.html")]
struct InboxPage {
    layout: Layout,
    items: Vec<InboxItem>,
    unread: i64,
    unread_only: bool,
    next: Option<String>,
    /// (topic, by e-mail)
    topics: Vec<(Topic, bool)>,
    quiet_hours: String,
}

impl InboxPage {
    fn topic_name(&self, t: &Topic) -> &'static str {
        self.layout.t(&format!("topic-{t}"))
    }

    /// Why the last post was refused.
    fn refusal(&self) -> &str {
        self.layout.flash.as_ref().map_or("", |f| f.text.as_str())
    }

    /// Whether the last post was refused about `field`.
    fn refused(&self, field: &str) -> bool {
        self.layout.flash.as_ref().is_some_and(|f| f.field == field)
    }
}

#[derive(serde::Deserialize, Default)]
pub struct InboxQuery {
    #[serde(default)]
    unread: Option<String>,
    #[serde(default)]
    after: Option<String>,
}

/// Staff and suppliers have an inbox; anyone else goes home.
fn has_inbox(p: &crate::auth::Principal) -> bool {
    p.require(orderhub_domain::Capability::WorkTasks).is_ok() && p.user.is_some()
}

pub async fn inbox(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Query(q): Query<InboxQuery>,
) -> Result<Response, ApiError> {
    let Some(user) = p.user.as_ref().filter(|_| has_inbox(&p)) else {
        return Ok(Redirect::to("/").into_response());
    };
    let unread_only = q.unread.is_some_and(|u| !u.is_empty());
    let page = inbox_page(&s, user, &headers, unread_only, 50, q.after.as_deref()).await?;
    let settings = settings_of(&s, &p).await?;
    let quiet = layout.typed_or(
        "settings",
        "quiet_hours",
        settings.quiet_hours.as_deref().unwrap_or(""),
    );
    Ok(InboxPage {
        quiet_hours: quiet.to_owned(),
        topics: settings
            .topics
            .iter()
            .map(|t| (*t, settings.email_topics.contains(t)))
            .collect(),
        items: page.items,
        unread: page.unread,
        unread_only,
        next: page.next_cursor,
        layout,
    }
    .into_response())
}

/// A notice's page, as the form carries it: one of ours (a task, an
/// order, a board), never another site (`//x`, a backslash), else the
/// inbox.
fn own_page(to: &str) -> &str {
    let ours =
        ["/tasks/", "/orders/"].iter().any(|p| to.starts_with(p)) || to == "/tasks" || to == "/";
    let plain = to
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'));
    if ours && plain && !to.contains("//") {
        to
    } else {
        "/inbox"
    }
}

/// Marks the notice read and opens its page.
pub async fn open(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    Path(id): Path<String>,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let form = checked(&s, &headers, &layout, posted)?;
    let Some(user) = p.user.as_ref().filter(|_| has_inbox(&p)) else {
        return Ok(Redirect::to("/").into_response());
    };
    // a notice that is not this person's is not marked; its page still
    // answers 404 to them if it is not theirs to see
    let _ = s.store.mark_read(&user.id, &id).await;
    let to = own_page(field(&form, "to"));
    Ok(Redirect::to(to).into_response())
}

pub async fn read_all(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    checked(&s, &headers, &layout, posted)?;
    let Some(user) = p.user.as_ref().filter(|_| has_inbox(&p)) else {
        return Ok(Redirect::to("/").into_response());
    };
    let n = s.store.mark_all_read(&user.id).await?;
    let done = Flash::done(layout.fill("inbox-marked", "count", n as i64));
    Ok(flash::redirect(&s, &layout, "/inbox", done))
}

/// Saves the topics that come by e-mail and the quiet hours.
pub async fn save_settings(
    State(s): State<AppState>,
    headers: HeaderMap,
    Session(p, layout): Session,
    axum::Form(posted): axum::Form<Posted>,
) -> Result<Response, ApiError> {
    let topics = super::posted::topics(&posted);
    let form = checked(&s, &headers, &layout, posted)?;
    let Some(user) = p.user.as_ref().filter(|_| has_inbox(&p)) else {
        return Ok(Redirect::to("/").into_response());
    };
    let quiet = field(&form, "quiet_hours").to_owned();
    let patch = SettingsPatch {
        email_topics: topics,
        quiet_hours: Some(quiet.clone()),
    };
    let result = match patch.validate(Audience::of(p.scope.supplier())) {
        Ok((topics, q)) => s
            .store
            .set_person_settings(&user.id, &topics, q)
            .await
            .map_err(ApiError::from),
        Err(e) => Err(e.into()),
    };
    let done = |_: &()| Flash::done(layout.t("inbox-settings_saved"));
    back_to(&s, &layout, "/inbox", result, done, |f| {
        f.keeping("settings", [("quiet_hours", quiet.as_str())])
    })
}

#[cfg(test)]
mod tests {
    use super::own_page;

    #[test]
    fn a_notice_opens_only_our_own_pages() {
        assert_eq!(own_page("/tasks/01a2-44"), "/tasks/01a2-44");
        assert_eq!(own_page("/orders/01a2"), "/orders/01a2");
        for away in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/tasks/../../x",
            "/tasks//x",
            "/account",
        ] {
            assert_eq!(own_page(away), "/inbox", "{away}");
        }
    }
}
