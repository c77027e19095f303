//! E-mail over SMTP (lettre). The server is given as a URL:
//! `smtps://user:pass@smtp.example.com` (TLS), `smtp://…?tls=required`
//! (STARTTLS) or `smtp://127.0.0.1:2525` (plain, for a relay on this
//! machine). Each message's `Message-ID` is made of the notice's id, so a
//! mail system that sees one twice (a crash between its answer and our
//! record of it) can tell.

use super::compose::Note;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Where e-mail goes out, and from whom.
#[derive(Clone, Debug)]
pub struct MailConfig {
    /// `smtp://`, `smtps://` URL, with credentials if the server wants them.
    pub url: String,
    /// `orderhub <orders@example.com>`.
    pub from: String,
}

/// A connection pool to the SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// Refuses a URL or sender lettre cannot read.
    pub fn new(config: &MailConfig) -> Result<Self, String> {
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| format!("--mail-from {:?}: {e}", config.from))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.url)
            .map_err(|e| format!("--smtp-url: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        Ok(Self { transport, from })
    }

    /// Sends `note` to `to` as plain text; `base` makes its link whole.
    pub async fn send(
        &self,
        id: &str,
        to: (&str, &str),
        note: &Note,
        open: &str,
        base: Option<&str>,
    ) -> Result<(), String> {
        let (email, name) = to;
        let to = Mailbox::new(
            Some(name.to_owned()).filter(|n| !n.is_empty()),
            email.parse().map_err(|e| format!("{email}: {e}"))?,
        );
        let mut body = note.lines.join("\n");
        if let Some(path) = &note.path {
            body.push_str(&format!("\n\n{open}: {}{path}", base.unwrap_or_default()));
        }
        let domain = self.from.email.domain().to_owned();
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(note.title.clone())
            .message_id(Some(format!("<{id}@{domain}>")))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
