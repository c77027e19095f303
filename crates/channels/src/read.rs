//! Reading a platform's JSON with the path of whatever is missing or wrong,
//! so a refused payload says exactly which field (`line_items[2].price`).

use orderhub_domain::model::NewLine;
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;
use time::OffsetDateTime;

/// Why a platform's payload could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {detail}")]
pub struct MappingError {
    /// JSON path in the payload, e.g. `line_items[0].price`.
    pub field: String,
    pub detail: String,
}

pub(crate) type Result<T> = std::result::Result<T, MappingError>;

/// A JSON value and where it sits in the payload.
#[derive(Clone)]
pub(crate) struct At<'a> {
    pub value: &'a Value,
    path: String,
}

/// The payload itself.
pub(crate) fn root(value: &Value) -> At<'_> {
    At {
        value,
        path: String::new(),
    }
}

impl<'a> At<'a> {
    fn join(&self, key: &str) -> String {
        match self.path.as_str() {
            "" => key.to_owned(),
            p if key.starts_with('[') => format!("{p}{key}"),
            p => format!("{p}.{key}"),
        }
    }

    pub fn error(&self, key: &str, detail: impl Into<String>) -> MappingError {
        MappingError {
            field: self.join(key),
            detail: detail.into(),
        }
    }

    /// A member that is present and not null.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.value.get(key).filter(|v| !v.is_null())
    }

    /// Text of a member (numbers written as text too); empty text is none.
    pub fn text(&self, key: &str) -> Option<String> {
        let text = match self.get(key)? {
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        Some(text).filter(|t| !t.is_empty())
    }

    pub fn required_text(&self, key: &str) -> Result<String> {
        self.text(key)
            .ok_or_else(|| self.error(key, "missing or empty"))
    }

    /// A decimal written as text (`"19.99"`) or as a number (`19.99`).
    pub fn decimal(&self, key: &str) -> Result<Option<Decimal>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => {
                let text = match v {
                    Value::String(s) => s.trim().to_owned(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err(self.error(key, "is not an amount")),
                };
                if text.is_empty() {
                    return Ok(None);
                }
                Decimal::from_str(&text)
                    .or_else(|_| Decimal::from_scientific(&text))
                    .map(|d| Some(d.normalize()))
                    .map_err(|_| self.error(key, format!("is not an amount: {text:?}")))
            }
        }
    }

    /// A line's quantity: a whole number of at least 1. A negative or zero
    /// one refuses the payload (naming the field) rather than the line
    /// being dropped and the rest of the order taken without it.
    pub fn quantity(&self, key: &str) -> Result<i64> {
        match self.integer(key)? {
            Some(q) if q >= 1 => Ok(q),
            Some(q) => Err(self.error(key, format!("{q} is not a quantity (at least 1)"))),
            None => Err(self.error(key, "missing")),
        }
    }

    pub fn integer(&self, key: &str) -> Result<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| self.error(key, "is not a whole number")),
            Some(Value::String(s)) => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| self.error(key, "is not a whole number")),
            Some(_) => Err(self.error(key, "is not a whole number")),
        }
    }

    /// A JSON boolean (Etsy's `is_paid`), or `"true"` / `"false"`.
    pub fn bool(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s == "true" || s == "false" => Ok(Some(s == "true")),
            Some(_) => Err(self.error(key, "is not true or false")),
        }
    }

    /// An RFC 3339 time (`2026-11-30T10:15:00-05:00`), or one without a
    /// zone, taken as UTC (WooCommerce's `*_gmt` fields).
    pub fn time(&self, key: &str) -> Result<Option<OffsetDateTime>> {
        let Some(text) = self.text(key) else {
            return Ok(None);
        };
        let rfc3339 = &time::format_description::well_known::Rfc3339;
        let plain =
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        OffsetDateTime::parse(&text, rfc3339)
            .or_else(|_| time::PrimitiveDateTime::parse(&text, plain).map(|t| t.assume_utc()))
            .map(Some)
            .map_err(|_| self.error(key, format!("is not a time: {text:?}")))
    }

    /// Seconds since 1970 (Etsy's timestamps).
    pub fn unix_time(&self, key: &str) -> Result<Option<OffsetDateTime>> {
        match self.integer(key)? {
            None => Ok(None),
            Some(s) => OffsetDateTime::from_unix_timestamp(s)
                .map(Some)
                .map_err(|_| self.error(key, "is not a time")),
        }
    }

    /// The items of an array member, each with its path.
    pub fn items(&self, key: &str) -> Vec<At<'a>> {
        let Some(Value::Array(items)) = self.get(key) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .map(|(i, value)| At {
                value,
                path: self.join(&format!("{key}[{i}]")),
            })
            .collect()
    }

    /// The order lines under `key` that `line` takes (`None`: skipped),
    /// each with its path and the platform's id of the line (its
    /// `id_key`), which a fulfilment reported back names.
    pub fn order_lines(
        &self,
        key: &str,
        id_key: &str,
        line: impl Fn(&At<'a>) -> Result<Option<NewLine>>,
    ) -> Result<Vec<Located>> {
        let mut out = Vec::new();
        for item in self.items(key) {
            if let Some(l) = line(&item)? {
                out.push((l, item.path.clone(), item.text(id_key)));
            }
        }
        Ok(out)
    }

    /// An object member, with its path (`None` when absent or null).
    pub fn object(&self, key: &str) -> Option<At<'a>> {
        let value = self.get(key).filter(|v| v.is_object())?;
        Some(At {
            value,
            path: self.join(key),
        })
    }
}

/// An order line, where it sits in the payload, and its id there.
pub(crate) type Located = (NewLine, String, Option<String>);

/// Lines, their paths and their ids, apart.
pub(crate) fn split(lines: Vec<Located>) -> (Vec<NewLine>, Vec<String>, Vec<Option<String>>) {
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for (l, p, id) in lines {
        out.0.push(l);
        out.1.push(p);
        out.2.push(id);
    }
    out
}

/// "First Last", skipping empty parts.
pub(crate) fn full_name(parts: &[Option<String>]) -> Option<String> {
    let name = parts
        .iter()
        .flatten()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Some(name).filter(|n| !n.is_empty())
}

/// A present, non-empty array or object, kept verbatim.
pub(crate) fn verbatim(v: Option<&Value>) -> Option<Value> {
    match v? {
        Value::Array(a) if a.is_empty() => None,
        Value::Object(o) if o.is_empty() => None,
        Value::Null => None,
        other => Some(other.clone()),
    }
}
