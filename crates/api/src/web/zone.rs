//! Times in the reader's time zone. Everything is stored in UTC; a page
//! shows it in the signed-in user's zone (their profile), else the zone
//! this browser reported (the `tz` cookie `app.js` sets), else UTC, always
//! with the zone's abbreviation so nobody mistakes one for another. The
//! tz database is jiff's, bundled.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use time::OffsetDateTime;

/// The cookie the browser's own zone travels in.
pub const COOKIE: &str = "tz";

/// A time zone to show times in.
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

impl Default for Zone {
    fn default() -> Self {
        Self {
            name: "UTC".into(),
            tz: TimeZone::UTC,
        }
    }
}

impl Zone {
    /// The IANA zone `name` (`Asia/Shanghai`), if the database has it.
    pub fn named(name: &str) -> Option<Self> {
        let name = name.trim();
        if name.is_empty() || name.len() > 64 {
            return None;
        }
        let tz = jiff::tz::db().get(name).ok()?;
        Some(Self {
            name: name.to_owned(),
            tz,
        })
    }

    /// The user's zone, else this browser's, else UTC.
    pub fn of(user: Option<&str>, headers: &axum::http::HeaderMap) -> Self {
        let browser =
            crate::auth::cookie(headers, COOKIE).map(|v| v.replace("%2F", "/").replace("%2f", "/"));
        user.and_then(Self::named)
            .or_else(|| browser.as_deref().and_then(Self::named))
            .unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// `t` here, written with `format` (strftime); empty when `t` is out
    /// of jiff's range.
    fn format(&self, t: OffsetDateTime, format: &str) -> String {
        Timestamp::from_second(t.unix_timestamp())
            .map(|ts| {
                ts.to_zoned_datetime(self.tz.clone())
                    .strftime(format)
                    .to_string()
            })
            .unwrap_or_default()
    }

    /// `2026-12-03 18:04 CST`: minutes, with the zone's abbreviation.
    pub fn show(&self, t: OffsetDateTime) -> String {
        self.format(t, "%Y-%m-%d %H:%M %Z")
    }

    /// [`Self::show`] to the second (logs, delivery attempts).
    pub fn show_seconds(&self, t: OffsetDateTime) -> String {
        self.format(t, "%Y-%m-%d %H:%M:%S %Z")
    }

    /// The calendar day `t` falls on here, as `YYYY-MM-DD`.
    pub fn day(&self, t: OffsetDateTime) -> String {
        self.format(t, "%Y-%m-%d")
    }

    /// Minutes after local midnight at `ms` (quiet hours are read so).
    pub fn minute_of_day(&self, ms: i64) -> u16 {
        Timestamp::from_millisecond(ms)
            .map(|ts| {
                let z = ts.to_zoned_datetime(self.tz.clone());
                (z.hour() as u16) * 60 + z.minute() as u16
            })
            .unwrap_or(0)
    }

    /// The local hour and day (`YYYY-MM-DD`) at `ms`.
    pub fn hour_and_day(&self, ms: i64) -> (i8, String) {
        Timestamp::from_millisecond(ms)
            .map(|ts| {
                let z = ts.to_zoned_datetime(self.tz.clone());
                (z.hour(), z.strftime("%Y-%m-%d").to_string())
            })
            .unwrap_or((0, String::new()))
    }

    /// A `datetime-local` input's value for `t` here (`YYYY-MM-DDTHH:MM`).
    pub fn input(&self, t: OffsetDateTime) -> String {
        self.format(t, "%Y-%m-%dT%H:%M")
    }

    /// A `datetime-local` value typed here, as an instant; `None` when it
    /// is not one (the caller refuses it). A time skipped by a clock change
    /// moves forward, one that happens twice takes the earlier.
    pub fn parse_input(&self, value: &str) -> Option<OffsetDateTime> {
        let civil: DateTime = value.trim().parse().ok()?;
        let zoned = civil.to_zoned_datetime(self.tz.clone()).ok()?;
        OffsetDateTime::from_unix_timestamp(zoned.timestamp().as_second()).ok()
    }

    /// Every zone the database knows, for a picker, sorted.
    pub fn names() -> Vec<String> {
        let mut names: Vec<String> = jiff::tz::db()
            .available()
            .map(|n| n.to_string())
            .filter(|n| n.contains('/') || n == "UTC")
            .filter(|n| !n.starts_with("Etc/") && !n.starts_with("SystemV/"))
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_time_reads_in_the_readers_zone() {
        let t = datetime!(2026-12-03 23:30 UTC);
        assert_eq!(Zone::default().show(t), "2026-12-03 23:30 UTC");
        let shanghai = Zone::named("Asia/Shanghai").unwrap();
        assert_eq!(shanghai.show(t), "2026-12-04 07:30 CST");
        assert_eq!(shanghai.day(t), "2026-12-04", "already tomorrow there");
        let ny = Zone::named("America/New_York").unwrap();
        assert_eq!(ny.show(t), "2026-12-03 18:30 EST");
        assert_eq!(ny.input(t), "2026-12-03T18:30");
        assert_eq!(ny.parse_input("2026-12-03T18:30"), Some(t));
        // summer time: the same wall clock is an hour earlier in UTC
        assert_eq!(
            ny.parse_input("2026-07-01T09:00"),
            Some(datetime!(2026-07-01 13:00 UTC))
        );
        assert_eq!(ny.parse_input("tomorrow"), None);
    }

    #[test]
    fn only_known_zones() {
        assert!(Zone::named("Europe/Berlin").is_some());
        assert!(Zone::named("Mars/Olympus").is_none());
        assert!(Zone::named("").is_none());
        assert!(Zone::named("../../etc/passwd").is_none());
        let names = Zone::names();
        assert!(names.len() > 300, "{}", names.len());
        assert!(names.iter().any(|n| n == "Asia/Shanghai"));
        assert!(names.iter().any(|n| n == "UTC"));
    }
}
