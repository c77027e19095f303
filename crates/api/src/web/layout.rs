//! The page layout every template extends: the reader's language, who
//! is signed in, the flash of the last action, and the time zone; with
//! the helpers templates call on it (translations, times, what was typed
//! before a refusal).

use super::i18n::{self, Lang};
use super::{flash, move_form, zone};
use axum::http::HeaderMap;

/// What every page's layout shows: the language and who is signed in.
pub struct Layout {
    pub lang: Lang,
    pub user: Option<SignedIn>,
    /// What the last action did (shown once, then cleared).
    pub flash: Option<flash::Flash>,
    /// The time zone times are shown in.
    pub zone: zone::Zone,
}

/// The signed-in user, as the layout shows them.
pub struct SignedIn {
    pub name: String,
    pub role_key: String,
    pub csrf: String,
    /// Unread notices in their inbox.
    pub unread: i64,
}

impl Layout {
    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// The session's CSRF token, for forms.
    pub fn csrf(&self) -> String {
        self.user
            .as_ref()
            .map(|u| u.csrf.clone())
            .unwrap_or_default()
    }

    /// A refusal's code as a sentence in the user's language (the code
    /// itself when it has no text yet).
    pub fn error_text(&self, code: impl AsRef<str>) -> String {
        let code = code.as_ref();
        self.lang
            .lookup(&format!("error-{code}"))
            .map_or_else(|| code.to_owned(), str::to_owned)
    }

    /// [`Lang::fill`] with one value, for templates.
    pub fn fill<'a>(&self, key: &str, name: &str, value: impl Into<i18n::Arg<'a>>) -> String {
        self.lang.fill(key, &[(name, value.into())])
    }

    /// The layout of a page for someone not signed in (sign-in, an
    /// invitation): the browser's language and time zone.
    pub fn anonymous(headers: &HeaderMap) -> Self {
        Layout {
            lang: Lang::of(headers),
            user: None,
            flash: None,
            zone: zone::Zone::of(None, headers),
        }
    }

    /// A time in the reader's zone, to the minute, with the zone's
    /// abbreviation; empty for none.
    pub fn when(&self, t: Option<time::OffsetDateTime>) -> String {
        t.map(|t| self.zone.show(t)).unwrap_or_default()
    }

    /// [`Self::when`] of a time stored as Unix milliseconds.
    pub fn when_ms(&self, ms: i64) -> String {
        let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok();
        self.when(t)
    }

    /// The carriers a ship form offers (free text is accepted too), by
    /// the names the reader uses.
    pub fn carriers(&self) -> Vec<&'static str> {
        orderhub_domain::carrier::Carrier::ALL
            .iter()
            .map(|c| match self.lang {
                Lang::Zh => c.name_zh(),
                Lang::En => c.name(),
            })
            .collect()
    }

    /// What the user had typed in `field` of `form` before a refusal sent
    /// them back (empty otherwise).
    pub fn typed(&self, form: &str, field: &str) -> &str {
        self.flash.as_ref().map_or("", |f| f.value(form, field))
    }

    /// [`Self::typed`], or `stored` when nothing was kept for the form.
    pub fn typed_or<'a>(&'a self, form: &str, field: &str, stored: &'a str) -> &'a str {
        match self.flash.as_ref().filter(|f| f.form == form) {
            Some(f) if f.values.contains_key(field) => f.value(form, field),
            _ => stored,
        }
    }

    /// What was typed in one task move's form (the board has one per task
    /// and move).
    pub fn typed_move(&self, task: &str, to: &str, field: &str) -> &str {
        self.typed(&move_form(task, to), field)
    }

    /// Whether the signed-in user buys for an organisation (the B2B portal).
    pub fn is_purchaser(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role_key == "role-purchaser")
    }

    /// Whether the signed-in user works for a supplier (the portal view).
    pub fn is_supplier(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role_key == "role-supplier")
    }
}
