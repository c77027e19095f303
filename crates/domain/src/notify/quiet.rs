//! Quiet hours (免打扰): a daily span of local time in which nothing is
//! sent; what falls due then waits for the span's end. The inbox is not
//! held back.

use crate::ErrorCode;
use crate::validate::ValidationError;

/// A daily span, in minutes after local midnight; `start > end` spans
/// midnight (22:00–07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub start: u16,
    pub end: u16,
}

const DAY: u16 = 24 * 60;

impl QuietHours {
    /// Parses `HH:MM-HH:MM` (as forms and the API write it).
    pub fn parse(field: &str, text: &str) -> Result<QuietHours, ValidationError> {
        let bad = || {
            ValidationError::new(
                field,
                ErrorCode::InvalidTime,
                "quiet hours are two times of day, e.g. 22:00-07:30",
            )
        };
        let (a, b) = text.trim().split_once('-').ok_or_else(bad)?;
        let (start, end) = (minute(a).ok_or_else(bad)?, minute(b).ok_or_else(bad)?);
        if start == end {
            return Err(ValidationError::new(
                field,
                ErrorCode::OutOfRange,
                "quiet hours must start and end at different times",
            ));
        }
        Ok(QuietHours { start, end })
    }

    /// From stored minutes; `None` unless both are set and valid.
    pub fn from_minutes(start: Option<i64>, end: Option<i64>) -> Option<QuietHours> {
        let ok = |m: i64| u16::try_from(m).ok().filter(|m| *m < DAY);
        let (start, end) = (ok(start?)?, ok(end?)?);
        (start != end).then_some(QuietHours { start, end })
    }

    /// Whether `minute` (after local midnight) is quiet.
    pub fn contains(self, minute: u16) -> bool {
        match self.start < self.end {
            true => (self.start..self.end).contains(&minute),
            false => minute >= self.start || minute < self.end,
        }
    }

    /// Minutes from `minute` until the quiet span ends (0 when it is not
    /// quiet).
    pub fn minutes_left(self, minute: u16) -> u16 {
        match self.contains(minute) {
            false => 0,
            true => (self.end + DAY - minute) % DAY,
        }
    }

    /// `HH:MM-HH:MM`.
    pub fn text(self) -> String {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        format!("{}-{}", hm(self.start), hm(self.end))
    }
}

fn minute(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && m.to_string().len() <= 2).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_over_midnight() {
        let q = QuietHours::parse("quiet", "22:00-07:30").unwrap();
        assert!(q.contains(23 * 60));
        assert!(q.contains(0));
        assert!(q.contains(7 * 60 + 29));
        assert!(!q.contains(7 * 60 + 30));
        assert!(!q.contains(12 * 60));
        assert_eq!(q.minutes_left(23 * 60), 8 * 60 + 30);
        assert_eq!(q.minutes_left(12 * 60), 0);
        assert_eq!(q.text(), "22:00-07:30");
    }

    #[test]
    fn a_span_within_a_day() {
        let q = QuietHours::parse("quiet", "12:00-13:00").unwrap();
        assert!(q.contains(12 * 60 + 30));
        assert!(!q.contains(13 * 60));
        assert_eq!(q.minutes_left(12 * 60 + 45), 15);
    }

    #[test]
    fn refuses_what_is_not_two_times() {
        for bad in [
            "",
            "22:00",
            "25:00-07:00",
            "22:60-07:00",
            "x-y",
            "08:00-08:00",
        ] {
            assert!(QuietHours::parse("quiet", bad).is_err(), "{bad}");
        }
        assert_eq!(
            QuietHours::from_minutes(Some(1320), Some(450))
                .unwrap()
                .text(),
            "22:00-07:30"
        );
        assert_eq!(QuietHours::from_minutes(Some(1320), None), None);
        assert_eq!(QuietHours::from_minutes(Some(5000), Some(1)), None);
    }
}
