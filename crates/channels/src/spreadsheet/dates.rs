//! Dates as exports write them: `2025-03-14 09:50:26 +0200` (Shopify),
//! `2025-03-14T09:50:26Z` (Amazon), `2025/03/14 09:50` (Excel re-saved),
//! `03/14/25` (Etsy, month first), `14/03/2025` (Europe, day first). A
//! slash date's order comes from the caller, else from the export, else
//! from the column itself (a first part over 12 is a day); a column whose
//! every date could be read either way is refused rather than guessed.
//! Times without a zone are taken as UTC.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Which part of a slash date comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    DayFirst,
    MonthFirst,
}

impl DayOrder {
    /// `dmy` or `mdy`, as the API and the CLI take it.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dmy" | "day-first" | "dd/mm/yyyy" => Some(DayOrder::DayFirst),
            "mdy" | "month-first" | "mm/dd/yyyy" => Some(DayOrder::MonthFirst),
            _ => None,
        }
    }
}

/// The order a column's slash dates follow, from its values: `None` when
/// every one of them could be read either way.
pub fn detect(values: &[&str]) -> Option<DayOrder> {
    let mut slash = false;
    for v in values {
        let Some((a, b, _)) = slash_parts(date_part(v)) else {
            continue;
        };
        slash = true;
        if a > 12 {
            return Some(DayOrder::DayFirst);
        }
        if b > 12 {
            return Some(DayOrder::MonthFirst);
        }
    }
    // no slash dates at all: nothing to decide
    (!slash).then_some(DayOrder::DayFirst)
}

/// Whether any of the values is a slash date.
pub fn has_slash_dates(values: &[&str]) -> bool {
    values.iter().any(|v| slash_parts(date_part(v)).is_some())
}

/// A date and time; `Ok(None)` for an empty or all-zero one (an unpaid
/// order's `0000-00-00`), `Err` for text that is no date.
pub fn parse(text: &str, order: DayOrder) -> Result<Option<OffsetDateTime>, String> {
    let text = text.trim();
    if text.is_empty() || text.starts_with("0000") {
        return Ok(None);
    }
    if let Ok(t) = OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339) {
        return Ok(Some(t));
    }
    let refuse = || format!("not a date: {text:?}");
    let day = date_part(text);
    let rest = text[day.len()..].trim();
    let date = match (iso_parts(day), slash_parts(day)) {
        (Some((y, m, d)), _) => ymd(y, m, d),
        (None, Some((a, b, y))) => {
            let y = if y < 100 { 2000 + y } else { y };
            match order {
                DayOrder::DayFirst => ymd(y, b, a),
                DayOrder::MonthFirst => ymd(y, a, b),
            }
        }
        _ => None,
    }
    .ok_or_else(refuse)?;
    let (time, offset) = time_and_offset(rest).ok_or_else(refuse)?;
    Ok(Some(
        PrimitiveDateTime::new(date, time).assume_offset(offset),
    ))
}

/// The date before any time: up to the first space or `T`.
fn date_part(text: &str) -> &str {
    let text = text.trim();
    text.split([' ', 'T']).next().unwrap_or(text)
}

/// `2025-03-14`, `2025/03/14`, `2025.3.14`.
fn iso_parts(s: &str) -> Option<(i32, u32, u32)> {
    let mut p = s.split(['-', '/', '.']);
    let (y, m, d) = (p.next()?, p.next()?, p.next()?);
    if p.next().is_some() || y.len() != 4 {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// `14/03/2025`, `03/14/25`, `14.03.2025`: (first, second, year).
fn slash_parts(s: &str) -> Option<(u32, u32, i32)> {
    let mut p = s.split(['/', '.', '-']);
    let (a, b, y) = (p.next()?, p.next()?, p.next()?);
    if p.next().is_some() || a.len() > 2 || b.len() > 2 || !(y.len() == 2 || y.len() == 4) {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?, y.parse().ok()?))
}

fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
}

/// `09:50`, `09:50:26`, `09:50:26 +0200`, `09:50:26+02:00`, `09:50:26Z`.
fn time_and_offset(rest: &str) -> Option<(Time, UtcOffset)> {
    if rest.is_empty() {
        return Some((Time::MIDNIGHT, UtcOffset::UTC));
    }
    let rest = rest.trim_end_matches('Z');
    let split = rest.find(['+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(split);
    let mut p = clock.trim().split(':');
    let h: u8 = p.next()?.parse().ok()?;
    let m: u8 = p.next()?.parse().ok()?;
    let s: u8 = match p.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    let time = Time::from_hms(h, m, s).ok()?;
    let zone = zone.trim().replace(':', "");
    let offset = match zone.len() {
        0 => UtcOffset::UTC,
        5 => {
            let sign: i8 = if zone.starts_with('-') { -1 } else { 1 };
            let hh: i8 = zone[1..3].parse().ok()?;
            let mm: i8 = zone[3..5].parse().ok()?;
            UtcOffset::from_hms(sign * hh, sign * mm, 0).ok()?
        }
        _ => return None,
    };
    Some((time, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, order: DayOrder) -> String {
        parse(text, order)
            .unwrap()
            .unwrap()
            .to_offset(UtcOffset::UTC)
            .to_string()
    }

    #[test]
    fn the_ways_exports_write_dates() {
        let d = DayOrder::DayFirst;
        assert_eq!(
            at("2025-10-07 09:50:26 +0200", d),
            "2025-10-07 7:50:26.0 +00:00:00"
        );
        assert_eq!(
            at("2017-09-23T14:18:23-07:00", d),
            "2017-09-23 21:18:23.0 +00:00:00"
        );
        assert_eq!(at("2025/03/14 09:50", d), "2025-03-14 9:50:00.0 +00:00:00");
        assert_eq!(at("2025-03-14", d), "2025-03-14 0:00:00.0 +00:00:00");
        assert_eq!(at("14/03/2025", d), "2025-03-14 0:00:00.0 +00:00:00");
        assert_eq!(
            at("03/14/25", DayOrder::MonthFirst),
            "2025-03-14 0:00:00.0 +00:00:00"
        );
        assert_eq!(parse("0000-00-00 00:00:00", d).unwrap(), None);
        assert!(parse("14/03/2025", DayOrder::MonthFirst).is_err());
        assert!(parse("yesterday", d).is_err());
    }

    #[test]
    fn a_columns_order_from_its_values() {
        assert_eq!(
            detect(&["01/02/2025", "14/03/2025"]),
            Some(DayOrder::DayFirst)
        );
        assert_eq!(detect(&["03/14/25"]), Some(DayOrder::MonthFirst));
        assert_eq!(
            detect(&["01/02/2025", "03/04/2025"]),
            None,
            "either way: ask"
        );
        assert_eq!(
            detect(&["2025-03-14"]),
            Some(DayOrder::DayFirst),
            "no slash dates"
        );
    }
}
