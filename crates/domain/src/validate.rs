//! Field validation shared by every input: one error type that names the
//! offending field and carries a stable machine-readable code.

use crate::ErrorCode;
use std::fmt;

/// A refused input value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// JSON path of the offending field, e.g. `lines[0].quantity`.
    pub field: String,
    /// Stable code clients can match on, e.g. `too_long`.
    pub code: ErrorCode,
    /// What is wrong, for a person.
    pub detail: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.detail)
    }
}

impl ValidationError {
    pub fn new(field: impl Into<String>, code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code,
            detail: detail.into(),
        }
    }

    /// Prefixes the field path, e.g. `quantity` inside `lines[2]`.
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

/// Length limits, in characters.
pub mod limits {
    pub const NAME: usize = 200;
    pub const SHORT: usize = 64;
    pub const TEXT: usize = 2_000;
    pub const KEYWORDS: usize = 100;
    pub const LINES: usize = 200;
    pub const CUSTOMIZATION_BYTES: usize = 16_384;
}

/// Trims `value` and refuses it when empty or longer than `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, ValidationError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::new(
            field,
            ErrorCode::Required,
            "must not be empty",
        ));
    }
    optional_text(field, Some(trimmed), max).map(|v| v.unwrap_or_default())
}

/// Trims `value`; empty becomes `None`; refuses more than `max` characters
/// and control characters other than newline and tab.
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, ValidationError> {
    let Some(trimmed) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let count = trimmed.chars().count();
    if count > max {
        return Err(ValidationError::new(
            field,
            ErrorCode::TooLong,
            format!("is {count} characters long; at most {max} are allowed"),
        ));
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(ValidationError::new(
            field,
            ErrorCode::ControlCharacters,
            "must not contain control characters",
        ));
    }
    Ok(Some(trimmed.to_owned()))
}

/// Refuses an integer outside `min..=max`.
pub fn in_range(field: &str, value: i64, min: i64, max: i64) -> Result<i64, ValidationError> {
    if value < min || value > max {
        return Err(ValidationError::new(
            field,
            ErrorCode::OutOfRange,
            format!("must be between {min} and {max}, got {value}"),
        ));
    }
    Ok(value)
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(field: &str, value: &str) -> Result<time::Date, ValidationError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(value.trim(), format).map_err(|_| {
        ValidationError::new(
            field,
            ErrorCode::InvalidDate,
            format!("must be a date written YYYY-MM-DD, got {value:?}"),
        )
    })
}

/// A moment written `YYYY-MM-DDTHH:MM` (seconds optional), taken as UTC:
/// what an HTML `datetime-local` input sends.
pub fn date_time(field: &str, value: &str) -> Result<time::OffsetDateTime, ValidationError> {
    let value = value.trim();
    let minutes = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let seconds =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    time::PrimitiveDateTime::parse(value, minutes)
        .or_else(|_| time::PrimitiveDateTime::parse(value, seconds))
        .map(|t| t.assume_utc())
        .map_err(|_| {
            ValidationError::new(
                field,
                ErrorCode::InvalidDateTime,
                format!("must be a time written YYYY-MM-DDTHH:MM, got {value:?}"),
            )
        })
}

/// An `http://` or `https://` address (no spaces), without a trailing `/`,
/// whose host is a name, an IPv4 address or a bracketed IPv6 address, with
/// an optional port: what any URL parser reads the same way.
pub fn http_url(field: &str, value: &str) -> Result<String, ValidationError> {
    let v = required_text(field, value, limits::TEXT)?;
    let refuse = || {
        ValidationError::new(
            field,
            ErrorCode::InvalidUrl,
            "an http:// or https:// address",
        )
    };
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .ok_or_else(refuse)?;
    if v.contains(char::is_whitespace) || v.chars().any(char::is_control) {
        return Err(refuse());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.strip_prefix('[') {
        Some(inner) => {
            let (ip, after) = inner.split_once(']').ok_or_else(refuse)?;
            ip.parse::<std::net::Ipv6Addr>().map_err(|_| refuse())?;
            (ip, after.strip_prefix(':'))
        }
        None => match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        },
    };
    let name_ok = |h: &str| {
        !h.is_empty()
            && h.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.parse::<u16>().is_ok());
    if !(host_port.starts_with('[') || name_ok(host)) || !port_ok {
        return Err(refuse());
    }
    Ok(v.trim_end_matches('/').to_owned())
}

/// A loose e-mail check: one `@` with something on both sides and a dot after it.
pub fn email(field: &str, value: Option<&str>) -> Result<Option<String>, ValidationError> {
    let Some(v) = optional_text(field, value, limits::NAME)? else {
        return Ok(None);
    };
    let valid = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.contains(char::is_whitespace)
        }
        None => false,
    };
    if !valid {
        return Err(ValidationError::new(
            field,
            ErrorCode::InvalidEmail,
            "is not an e-mail address",
        ));
    }
    Ok(Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(required_text("name", "  Mug  ", 10).unwrap(), "Mug");
        assert_eq!(
            required_text("name", "  ", 10).unwrap_err().code,
            "required"
        );
        assert_eq!(
            required_text("name", "杯子杯子杯子", 5).unwrap_err().code,
            "too_long"
        );
        assert_eq!(optional_text("n", Some(""), 5).unwrap(), None);
        assert_eq!(
            optional_text("n", Some("a\u{0}b"), 5).unwrap_err().code,
            "control_characters"
        );
    }

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(
            date("from", " 2026-02-28 ").unwrap().to_string(),
            "2026-02-28"
        );
        for bad in ["2026-02-30", "28/02/2026", "2026-2-8x", ""] {
            let e = date("from", bad).unwrap_err();
            assert_eq!(
                (e.field.as_str(), e.code.as_str()),
                ("from", "invalid_date")
            );
        }
    }

    #[test]
    fn date_times_are_utc_minutes_or_seconds() {
        let t = date_time("produced_at", "2026-11-30T08:05").unwrap();
        assert_eq!(t.unix_timestamp() % 86_400, 8 * 3600 + 5 * 60);
        assert!(date_time("x", "2026-11-30T08:05:09").is_ok());
        let e = date_time("produced_at", "2026-11-30 25:00").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code.as_str()),
            ("produced_at", "invalid_date_time")
        );
    }

    #[test]
    fn field_paths_nest() {
        let e = ValidationError::new("quantity", ErrorCode::OutOfRange, "x").within("lines[2]");
        assert_eq!(e.field, "lines[2].quantity");
        let e = ValidationError::new("[0]", ErrorCode::Required, "x").within("keywords");
        assert_eq!(e.field, "keywords[0]");
    }

    #[test]
    fn emails() {
        assert!(email("e", Some("a@b.co")).is_ok());
        for bad in ["a@b", "@b.co", "a b@c.de", "ab.co", "a@.co"] {
            assert!(email("e", Some(bad)).is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod url_tests {
    #[test]
    fn urls_parse_alike() {
        for ok in [
            "https://hooks.example.com/x",
            "http://127.0.0.1:9000/hook",
            "http://[::1]:8080/",
            "https://user:pw@example.com/",
            "https://例子.测试/",
        ] {
            assert!(super::http_url("url", ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://[",
            "http://[::1/",
            "http://[zz]/",
            "http://:80/",
            "http://h:99999/",
            "ftp://x",
            "http://a b/",
        ] {
            assert_eq!(
                super::http_url("url", bad).unwrap_err().code,
                "invalid_url",
                "{bad}"
            );
        }
    }
}
