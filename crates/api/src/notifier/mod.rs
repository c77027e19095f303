//! The notification worker: sends due deliveries (e-mail, group robots),
//! each in its recipient's language and time zone, holding back what
//! falls in their quiet hours. It runs beside the server, never inside a
//! request; a slow SMTP server or robot delays only its own messages.
//! Deliveries are written with their events (`orderhub_store` notify), so
//! one acknowledged change is never left untold, and one told is marked
//! sent before it is claimed again.

pub mod compose;
pub mod mail;

use crate::web::i18n::Lang;
use crate::web::zone::Zone;
use compose::compose;
pub use mail::{MailConfig, Mailer};
use orderhub_channels::robots;
use orderhub_domain::notify::NoticeChannel;
use orderhub_store::{DueNotice, Recipient, Store};
use std::time::Duration;

/// Deliveries claimed at a time, and how long a claim holds.
const BATCH: i64 = 16;
const LEASE_MS: i64 = 30_000;
/// How often the outbox is looked at.
const IDLE: Duration = Duration::from_millis(250);
/// The most of a robot's answer read.
const MAX_ANSWER: usize = 64 * 1024;

/// What the worker sends with.
#[derive(Clone)]
struct Sender {
    store: Store,
    mailer: Option<Mailer>,
    client: reqwest::Client,
    /// The site's address, for links.
    base: Option<String>,
    allow_private: bool,
}

/// Starts the worker on the current runtime.
pub fn start(store: Store, mail: Option<MailConfig>, base: Option<String>, allow_private: bool) {
    let mailer = match mail.as_ref().map(Mailer::new) {
        Some(Ok(m)) => Some(m),
        Some(Err(e)) => {
            tracing::error!(error = %e, "notifications: e-mail is off");
            None
        }
        None => None,
    };
    let client = crate::egress::client(allow_private)
        .timeout(Duration::from_secs(10))
        .user_agent(concat!("orderhub/", env!("CARGO_PKG_VERSION")))
        .build();
    let Ok(client) = client else {
        tracing::error!("notifications: no HTTP client; nothing will be sent");
        return;
    };
    let sender = Sender {
        store,
        mailer,
        client,
        base: base.map(|b| b.trim_end_matches('/').to_owned()),
        allow_private,
    };
    tokio::spawn(async move {
        let mut pause = IDLE;
        loop {
            tokio::time::sleep(pause).await;
            match sender
                .store
                .claim_notices(BATCH, LEASE_MS, sender.mailer.is_some())
                .await
            {
                Ok(due) => {
                    pause = IDLE;
                    let mut sends = tokio::task::JoinSet::new();
                    for notice in due {
                        let sender = sender.clone();
                        sends.spawn(async move { sender.deliver(notice).await });
                    }
                    while sends.join_next().await.is_some() {}
                }
                Err(e) => {
                    pause = (pause * 2).min(Duration::from_secs(30));
                    tracing::warn!(error = %e, retry_in = ?pause, "notifications: claiming failed");
                }
            }
        }
    });
}

/// A recipient's language, zone and quiet hours.
fn reader(r: &Recipient) -> (Lang, Zone, Option<orderhub_domain::notify::QuietHours>) {
    let (language, zone, quiet) = match r {
        Recipient::Person {
            language,
            time_zone,
            quiet,
            ..
        } => (language.as_deref(), time_zone.as_deref(), *quiet),
        Recipient::Robot {
            language,
            time_zone,
            quiet,
            ..
        } => (Some(language.as_str()), Some(time_zone.as_str()), *quiet),
    };
    (
        language.and_then(Lang::parse).unwrap_or(Lang::En),
        zone.and_then(Zone::named).unwrap_or_default(),
        quiet,
    )
}

/// Posts a test card to a robot at once; the robot's answer, or why it
/// failed (a wrong signature, a keyword the group requires…).
pub async fn test_robot(
    fields: &orderhub_domain::notify::RobotFields,
    store: &Store,
    base: Option<String>,
    allow_private: bool,
) -> Result<(), String> {
    let client = crate::egress::client(allow_private)
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let sender = Sender {
        store: store.clone(),
        mailer: None,
        client,
        base: base.map(|b| b.trim_end_matches('/').to_owned()),
        allow_private,
    };
    let lang = Lang::parse(&fields.language).unwrap_or(Lang::En);
    let note = compose::Note {
        title: lang.t("notify-test").to_owned(),
        lines: vec![lang.fill("notify-test-line", &[("name", fields.name.as_str().into())])],
        path: Some("/notifications".into()),
    };
    let secret = fields.secret.as_deref();
    sender
        .post(
            fields.kind,
            &fields.url,
            secret,
            &note,
            lang.t("notify-open"),
        )
        .await
}

impl Sender {
    async fn deliver(&self, notice: DueNotice) {
        let (lang, zone, quiet) = reader(&notice.recipient);
        let now = self.store.now_ms();
        let wait = quiet.map_or(0, |q| q.minutes_left(zone.minute_of_day(now)));
        let result = if wait > 0 {
            self.store
                .postpone_notice(&notice.id, now + i64::from(wait) * 60_000)
                .await
        } else {
            let note = compose(
                &self.store,
                notice.topic,
                notice.event.as_ref(),
                notice.details.as_ref(),
                lang,
                &zone,
            )
            .await;
            match self.send(&notice, &note, lang).await {
                Some(outcome) => self.store.record_notice(&notice, outcome).await,
                None => {
                    self.store
                        .skip_notice(&notice.id, "no mail server is set up (--smtp-url)")
                        .await
                }
            }
        };
        if let Err(e) = result {
            // the claim lapses and the delivery is tried again
            tracing::warn!(error = %e, notice = %notice.id, "notifications: recording failed");
        }
    }

    /// Sends one delivery; `None` when its channel is not set up here.
    async fn send(
        &self,
        notice: &DueNotice,
        note: &compose::Note,
        lang: Lang,
    ) -> Option<Result<(), String>> {
        let open = lang.t("notify-open");
        match &notice.recipient {
            Recipient::Person {
                email,
                display_name,
                ..
            } => {
                let mailer = self.mailer.as_ref()?;
                let to = (email.as_str(), display_name.as_str());
                Some(
                    mailer
                        .send(&notice.id, to, note, open, self.base.as_deref())
                        .await,
                )
            }
            Recipient::Robot { url, secret, .. } => Some(
                self.post(notice.channel, url, secret.as_deref(), note, open)
                    .await,
            ),
        }
    }

    async fn post(
        &self,
        kind: NoticeChannel,
        url: &str,
        secret: Option<&str>,
        note: &compose::Note,
        open: &str,
    ) -> Result<(), String> {
        crate::egress::check_url("url", url, self.allow_private).map_err(|e| e.detail)?;
        let card = robots::Card {
            title: note.title.clone(),
            lines: note.lines.clone(),
            link: note.path.as_ref().map(|p| {
                (
                    open.to_owned(),
                    format!("{}{p}", self.base.as_deref().unwrap_or_default()),
                )
            }),
        };
        // the platforms check the signature's time against theirs: the
        // real time, not the scheduler's
        let post = robots::post(kind, url, secret, crate::now_ms(), &card);
        let res = self
            .client
            .post(&post.url)
            .json(&post.body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = res.status().as_u16();
        let body = crate::fulfil::read_capped(res, MAX_ANSWER)
            .await
            .unwrap_or_default();
        robots::answer(status, &body)
    }
}
