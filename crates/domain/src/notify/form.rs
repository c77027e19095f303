//! Group robots and personal settings as the API and the forms carry
//! them, checked.

use super::{Audience, NoticeChannel, QuietHours, Topic};
use crate::ErrorCode;
use crate::validate::{ValidationError, http_url, limits, optional_text, required_text};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// A robot's signing secret, at most.
const SECRET: usize = 200;

/// `POST /notifications/robots`: a group chat's robot that is told about
/// the topics chosen.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRobot {
    /// `dingtalk`, `feishu` or `wecom`.
    pub kind: NoticeChannel,
    /// What people call the group (“Workshop 2 group”).
    pub name: String,
    /// The robot's webhook address as the chat app shows it (DingTalk's
    /// carries `access_token`, WeCom's `key`).
    pub url: String,
    /// The signing secret (DingTalk 加签 `SEC…`, Feishu 签名校验); none:
    /// unsigned (WeCom never signs).
    #[serde(default)]
    pub secret: Option<String>,
    /// `en` or `zh-CN` (default).
    #[serde(default)]
    pub language: Option<String>,
    /// The IANA zone its quiet hours and times are read in (default
    /// `Asia/Shanghai`).
    #[serde(default)]
    pub time_zone: Option<String>,
    /// `HH:MM-HH:MM`, local: nothing is posted then; it waits.
    #[serde(default)]
    pub quiet_hours: Option<String>,
    /// Default: every topic of its audience.
    #[serde(default)]
    pub topics: Option<Vec<Topic>>,
    /// Staff only: the supplier the robot is for (a supplier's robot
    /// is told about that supplier's tasks). A supplier's own robots are
    /// always its own.
    #[serde(default)]
    pub supplier_id: Option<String>,
}

/// `PATCH /notifications/robots/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RobotPatch {
    pub name: Option<String>,
    pub url: Option<String>,
    /// `""` removes it.
    pub secret: Option<String>,
    pub language: Option<String>,
    pub time_zone: Option<String>,
    /// `""` removes them.
    pub quiet_hours: Option<String>,
    pub topics: Option<Vec<Topic>>,
    pub active: Option<bool>,
}

/// A robot as stored; its secret is never shown again, only whether it
/// has one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Robot {
    pub id: String,
    pub kind: NoticeChannel,
    pub name: String,
    pub url: String,
    pub signed: bool,
    pub language: String,
    pub time_zone: String,
    pub quiet_hours: Option<String>,
    pub topics: Vec<Topic>,
    pub supplier_id: Option<String>,
    pub active: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A robot's fields, checked (the time zone is checked where the zone
/// database is, in the API).
#[derive(Debug, Clone)]
pub struct RobotFields {
    pub kind: NoticeChannel,
    pub name: String,
    pub url: String,
    pub secret: Option<String>,
    pub language: String,
    pub time_zone: String,
    pub quiet: Option<QuietHours>,
    pub topics: Vec<Topic>,
}

/// `en` or `zh-CN`.
pub fn language(field: &str, value: Option<&str>) -> Result<Option<String>, ValidationError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(l) if l.eq_ignore_ascii_case("en") => Ok(Some("en".into())),
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => Ok(Some("zh-CN".into())),
        Some(_) => Err(ValidationError::new(
            field,
            ErrorCode::InvalidValue,
            "the language is en or zh-CN",
        )),
    }
}

fn quiet(value: Option<&str>) -> Result<Option<QuietHours>, ValidationError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(q) => QuietHours::parse("quiet_hours", q).map(Some),
    }
}

/// The topics asked for, each one its audience can receive.
pub fn topics(
    field: &str,
    asked: Option<Vec<Topic>>,
    audience: Audience,
) -> Result<Vec<Topic>, ValidationError> {
    let allowed = Topic::for_audience(audience);
    let asked = asked.unwrap_or_else(|| allowed.to_vec());
    if let Some(t) = asked.iter().find(|t| !allowed.contains(t)) {
        return Err(ValidationError::new(
            field,
            ErrorCode::InvalidValue,
            format!(
                "{t} is not a topic for a {audience} (they are: {})",
                list(allowed)
            ),
        ));
    }
    Ok(asked)
}

fn list(topics: &[Topic]) -> String {
    topics
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn secret(kind: NoticeChannel, value: Option<&str>) -> Result<Option<String>, ValidationError> {
    let secret = optional_text("secret", value, SECRET)?;
    if secret.is_some() && kind == NoticeChannel::WeCom {
        return Err(ValidationError::new(
            "secret",
            ErrorCode::InvalidValue,
            "a WeCom group robot has no signing secret: its key is in the address",
        ));
    }
    Ok(secret)
}

impl NewRobot {
    /// The fields checked for a robot of `audience`.
    pub fn validate(self, audience: Audience) -> Result<RobotFields, ValidationError> {
        if !self.kind.is_robot() {
            return Err(ValidationError::new(
                "kind",
                ErrorCode::InvalidValue,
                "a robot is dingtalk, feishu or wecom",
            ));
        }
        Ok(RobotFields {
            kind: self.kind,
            name: required_text("name", &self.name, limits::NAME)?,
            url: http_url("url", &self.url)?,
            secret: secret(self.kind, self.secret.as_deref())?,
            language: language("language", self.language.as_deref())?.unwrap_or("zh-CN".into()),
            time_zone: optional_text("time_zone", self.time_zone.as_deref(), 64)?
                .unwrap_or("Asia/Shanghai".into()),
            quiet: quiet(self.quiet_hours.as_deref())?,
            topics: topics("topics", self.topics, audience)?,
        })
    }
}

impl RobotPatch {
    /// `current` with this patch's fields applied, checked.
    pub fn apply(
        self,
        current: RobotFields,
        audience: Audience,
    ) -> Result<RobotFields, ValidationError> {
        let kind = current.kind;
        Ok(RobotFields {
            kind,
            name: match self.name {
                Some(n) => required_text("name", &n, limits::NAME)?,
                None => current.name,
            },
            url: match self.url {
                Some(u) => http_url("url", &u)?,
                None => current.url,
            },
            secret: match self.secret {
                Some(s) => secret(kind, Some(&s))?,
                None => current.secret,
            },
            language: language("language", self.language.as_deref())?.unwrap_or(current.language),
            time_zone: optional_text("time_zone", self.time_zone.as_deref(), 64)?
                .unwrap_or(current.time_zone),
            quiet: match self.quiet_hours {
                Some(q) => quiet(Some(&q))?,
                None => current.quiet,
            },
            topics: match self.topics {
                Some(t) => topics("topics", Some(t), audience)?,
                None => current.topics,
            },
        })
    }
}

/// A person's notification settings (`GET /notifications/settings`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotifySettings {
    /// The topics sent by e-mail; the inbox has every topic.
    pub email_topics: Vec<Topic>,
    /// `HH:MM-HH:MM` in the person's time zone: no e-mail then.
    pub quiet_hours: Option<String>,
    /// The topics this person can receive.
    pub topics: Vec<Topic>,
}

/// `PUT /notifications/settings`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsPatch {
    pub email_topics: Vec<Topic>,
    /// `""` or absent: none.
    #[serde(default)]
    pub quiet_hours: Option<String>,
}

impl SettingsPatch {
    pub fn validate(
        self,
        audience: Audience,
    ) -> Result<(Vec<Topic>, Option<QuietHours>), ValidationError> {
        Ok((
            topics("email_topics", Some(self.email_topics), audience)?,
            quiet(self.quiet_hours.as_deref())?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn robot(kind: NoticeChannel) -> NewRobot {
        NewRobot {
            kind,
            name: "Workshop group".into(),
            url: "https://oapi.dingtalk.com/robot/send?access_token=abc".into(),
            secret: Some("SECabc".into()),
            language: None,
            time_zone: None,
            quiet_hours: Some("22:00-07:00".into()),
            topics: None,
            supplier_id: None,
        }
    }

    #[test]
    fn a_robot_gets_its_audience_topics_by_default() {
        let r = robot(NoticeChannel::DingTalk)
            .validate(Audience::Supplier)
            .unwrap();
        assert_eq!(r.topics, Topic::for_audience(Audience::Supplier));
        assert_eq!(
            (r.language.as_str(), r.time_zone.as_str()),
            ("zh-CN", "Asia/Shanghai")
        );
        assert_eq!(r.quiet.unwrap().text(), "22:00-07:00");
    }

    #[test]
    fn refusals_name_the_field() {
        let e = robot(NoticeChannel::Email)
            .validate(Audience::Staff)
            .unwrap_err();
        assert_eq!(e.field, "kind");
        let e = robot(NoticeChannel::WeCom)
            .validate(Audience::Staff)
            .unwrap_err();
        assert_eq!(e.field, "secret");
        let mut r = robot(NoticeChannel::Feishu);
        r.topics = Some(vec![Topic::TaskAssigned]);
        assert_eq!(r.validate(Audience::Staff).unwrap_err().field, "topics");
        let mut r = robot(NoticeChannel::Feishu);
        r.url = "ftp://x".into();
        assert_eq!(
            r.validate(Audience::Staff).unwrap_err().code,
            ErrorCode::InvalidUrl
        );
        let mut r = robot(NoticeChannel::Feishu);
        r.quiet_hours = Some("late".into());
        assert_eq!(
            r.validate(Audience::Staff).unwrap_err().field,
            "quiet_hours"
        );
    }

    #[test]
    fn a_patch_keeps_what_it_does_not_name() {
        let r = robot(NoticeChannel::DingTalk)
            .validate(Audience::Supplier)
            .unwrap();
        let patch = RobotPatch {
            quiet_hours: Some(String::new()),
            secret: Some(String::new()),
            ..Default::default()
        };
        let p = patch.apply(r.clone(), Audience::Supplier).unwrap();
        assert_eq!((p.quiet, p.secret, p.name), (None, None, r.name));
    }
}
