//! A supplier's calendar and capacities as the API and the web form
//! carry them, checked.

use super::{Calendar, Capacity, MAX_HOLIDAYS, Weekday};
use crate::validate::{ValidationError, in_range, required_text};
use crate::{ErrorCode, stats};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A supplier's working calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkCalendar {
    /// The weekdays it works.
    pub work_days: Vec<Weekday>,
    /// Days off (`YYYY-MM-DD`), e.g. the Spring Festival.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Its clock, as the offset from UTC (`+08:00` in China).
    pub utc_offset: String,
}

/// What a supplier can do in one of its categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryCapacity {
    pub category_id: String,
    /// Units it makes per working day; none: no limit.
    pub units_per_day: Option<i64>,
    /// Fewest working days from receipt to shipment; none: not known
    /// (with no `units_per_day` either, no date is worked out).
    pub lead_days: Option<i64>,
    /// Orders received from this time of its day (`HH:MM`) count as
    /// received the next working day.
    pub cut_off: Option<String>,
}

/// `GET`/`PUT /suppliers/{id}/capacity`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierCapacity {
    pub calendar: WorkCalendar,
    /// One entry per category the supplier serves; a category left out
    /// keeps what it had.
    #[serde(default)]
    pub categories: Vec<CategoryCapacity>,
}

impl WorkCalendar {
    /// The calendar as stored and shown.
    pub fn of(cal: &Calendar) -> Self {
        WorkCalendar {
            work_days: cal.work_days(),
            holidays: cal.holidays().map(stats::iso).collect(),
            utc_offset: offset_text(cal.offset_minutes()),
        }
    }

    /// Checks it: at least one working day, real dates (at most
    /// [`MAX_HOLIDAYS`]), an offset within ±14 h.
    pub fn validate(&self) -> Result<Calendar, ValidationError> {
        if self.work_days.is_empty() {
            return Err(ValidationError::new(
                "calendar.work_days",
                ErrorCode::NoWorkDays,
                "choose at least one working day",
            ));
        }
        if self.holidays.len() > MAX_HOLIDAYS {
            return Err(ValidationError::new(
                "calendar.holidays",
                ErrorCode::TooMany,
                format!("at most {MAX_HOLIDAYS} holidays"),
            ));
        }
        let mut days = Vec::with_capacity(self.holidays.len());
        for (i, h) in self.holidays.iter().enumerate() {
            days.push(stats::day(crate::validate::date(
                &format!("calendar.holidays[{i}]"),
                h,
            )?));
        }
        let minutes = offset("calendar.utc_offset", &self.utc_offset)?;
        Ok(Calendar::new(&self.work_days, days, minutes))
    }
}

impl CategoryCapacity {
    /// The capacity as stored and shown.
    pub fn of(category_id: &str, cap: Option<&Capacity>) -> Self {
        CategoryCapacity {
            category_id: category_id.to_owned(),
            units_per_day: cap.and_then(|c| c.units_per_day),
            lead_days: cap
                .filter(|c| c.units_per_day.is_some() || c.lead_days > 0)
                .map(|c| c.lead_days),
            cut_off: cap.and_then(|c| c.cut_off).map(clock_text),
        }
    }

    /// Checks it (`at` is its place in the list, for the field names);
    /// `None` when it says nothing (neither units nor lead time).
    pub fn validate(&self, at: usize) -> Result<Option<Capacity>, ValidationError> {
        let field = |f: &str| format!("categories[{at}].{f}");
        required_text(
            &field("category_id"),
            &self.category_id,
            crate::validate::limits::SHORT,
        )?;
        let units = self
            .units_per_day
            .map(|u| in_range(&field("units_per_day"), u, 1, 1_000_000))
            .transpose()?;
        let lead = self
            .lead_days
            .map(|d| in_range(&field("lead_days"), d, 0, 365))
            .transpose()?;
        let cut_off = self
            .cut_off
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .map(|c| clock(&field("cut_off"), c))
            .transpose()?;
        if units.is_none() && lead.is_none() {
            return Ok(None);
        }
        Ok(Some(Capacity {
            units_per_day: units,
            lead_days: lead.unwrap_or(0),
            cut_off,
        }))
    }
}

/// Minutes since midnight of a time written `HH:MM`.
pub fn clock(field: &str, text: &str) -> Result<i64, ValidationError> {
    let refuse = || {
        ValidationError::new(
            field,
            ErrorCode::InvalidTime,
            format!("must be a time written HH:MM, got {text:?}"),
        )
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(refuse)?;
    let two = |t: &str| (t.len() == 2).then(|| t.parse::<i64>().ok()).flatten();
    match (two(h), two(m)) {
        (Some(h), Some(m)) if h < 24 && m < 60 => Ok(h * 60 + m),
        _ => Err(refuse()),
    }
}

/// Minutes east of UTC of an offset written `+HH:MM` or `-HH:MM`.
pub fn offset(field: &str, text: &str) -> Result<i64, ValidationError> {
    let refuse = || {
        ValidationError::new(
            field,
            ErrorCode::InvalidOffset,
            format!("must be an offset from UTC written +HH:MM or -HH:MM, got {text:?}"),
        )
    };
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") {
        return Ok(0);
    }
    let (sign, rest) = match t.split_at_checked(1) {
        Some(("+", r)) => (1, r),
        Some(("-", r)) => (-1, r),
        _ => return Err(refuse()),
    };
    let minutes = clock(field, rest).map_err(|_| refuse())?;
    if minutes > 14 * 60 {
        return Err(refuse());
    }
    Ok(sign * minutes)
}

fn offset_text(minutes: i64) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("{sign}{}", clock_text(minutes.abs()))
}

/// `HH:MM` of minutes since midnight.
pub fn clock_text(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_offsets_are_read_strictly() {
        assert_eq!(clock("t", "16:00").unwrap(), 960);
        assert_eq!(clock("t", " 09:05 ").unwrap(), 545);
        for bad in ["24:00", "9:00", "12:60", "noon", "", "12:0a"] {
            assert_eq!(
                clock("t", bad).unwrap_err().code,
                ErrorCode::InvalidTime,
                "{bad}"
            );
        }
        assert_eq!(offset("o", "+08:00").unwrap(), 480);
        assert_eq!(offset("o", "-05:30").unwrap(), -330);
        assert_eq!(offset("o", "Z").unwrap(), 0);
        for bad in ["08:00", "+15:00", "+8", "UTC+8"] {
            assert_eq!(
                offset("o", bad).unwrap_err().code,
                ErrorCode::InvalidOffset,
                "{bad}"
            );
        }
        assert_eq!(offset_text(-330), "-05:30");
    }

    #[test]
    fn a_calendar_round_trips_and_refuses_nonsense() {
        let form = WorkCalendar {
            work_days: vec![Weekday::Mon, Weekday::Sat],
            holidays: vec!["2027-02-06".into()],
            utc_offset: "+08:00".into(),
        };
        let cal = form.validate().unwrap();
        assert_eq!(WorkCalendar::of(&cal), form);
        let none = WorkCalendar {
            work_days: vec![],
            ..form.clone()
        };
        assert_eq!(none.validate().unwrap_err().code, ErrorCode::NoWorkDays);
        let bad = WorkCalendar {
            holidays: vec!["2027-02-30".into()],
            ..form.clone()
        };
        assert_eq!(bad.validate().unwrap_err().field, "calendar.holidays[0]");
        let many = WorkCalendar {
            holidays: vec!["2027-01-01".into(); MAX_HOLIDAYS + 1],
            ..form
        };
        assert_eq!(many.validate().unwrap_err().code, ErrorCode::TooMany);
    }

    #[test]
    fn a_capacity_says_something_or_nothing() {
        let c = CategoryCapacity {
            category_id: "c1".into(),
            units_per_day: Some(40),
            lead_days: None,
            cut_off: Some("16:30".into()),
        };
        let cap = c.validate(0).unwrap().unwrap();
        assert_eq!(cap.units_per_day, Some(40));
        assert_eq!(cap.cut_off, Some(990));
        let nothing = CategoryCapacity {
            units_per_day: None,
            ..c.clone()
        };
        assert_eq!(nothing.validate(0).unwrap(), None);
        let zero = CategoryCapacity {
            units_per_day: Some(0),
            ..c
        };
        assert_eq!(
            zero.validate(2).unwrap_err().field,
            "categories[2].units_per_day"
        );
    }
}
