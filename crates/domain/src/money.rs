//! Money is exact: a decimal amount with an ISO 4217 currency, never a float.

use crate::ErrorCode;
use crate::validate::ValidationError;
use rust_decimal::Decimal;

/// Active ISO 4217 alphabetic codes (list one, 2024 edition), plus the
/// minor-unit digits of each currency.
#[rustfmt::skip]
const CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2), ("AFN", 2), ("ALL", 2), ("AMD", 2), ("ANG", 2), ("AOA", 2), ("ARS", 2),
    ("AUD", 2), ("AWG", 2), ("AZN", 2), ("BAM", 2), ("BBD", 2), ("BDT", 2), ("BGN", 2),
    ("BHD", 3), ("BIF", 0), ("BMD", 2), ("BND", 2), ("BOB", 2), ("BRL", 2), ("BSD", 2),
    ("BTN", 2), ("BWP", 2), ("BYN", 2), ("BZD", 2), ("CAD", 2), ("CDF", 2), ("CHF", 2),
    ("CLP", 0), ("CNY", 2), ("COP", 2), ("CRC", 2), ("CUP", 2), ("CVE", 2), ("CZK", 2),
    ("DJF", 0), ("DKK", 2), ("DOP", 2), ("DZD", 2), ("EGP", 2), ("ERN", 2), ("ETB", 2),
    ("EUR", 2), ("FJD", 2), ("FKP", 2), ("GBP", 2), ("GEL", 2), ("GHS", 2), ("GIP", 2),
    ("GMD", 2), ("GNF", 0), ("GTQ", 2), ("GYD", 2), ("HKD", 2), ("HNL", 2), ("HTG", 2),
    ("HUF", 2), ("IDR", 2), ("ILS", 2), ("INR", 2), ("IQD", 3), ("IRR", 2), ("ISK", 0),
    ("JMD", 2), ("JOD", 3), ("JPY", 0), ("KES", 2), ("KGS", 2), ("KHR", 2), ("KMF", 0),
    ("KPW", 2), ("KRW", 0), ("KWD", 3), ("KYD", 2), ("KZT", 2), ("LAK", 2), ("LBP", 2),
    ("LKR", 2), ("LRD", 2), ("LSL", 2), ("LYD", 3), ("MAD", 2), ("MDL", 2), ("MGA", 2),
    ("MKD", 2), ("MMK", 2), ("MNT", 2), ("MOP", 2), ("MRU", 2), ("MUR", 2), ("MVR", 2),
    ("MWK", 2), ("MXN", 2), ("MYR", 2), ("MZN", 2), ("NAD", 2), ("NGN", 2), ("NIO", 2),
    ("NOK", 2), ("NPR", 2), ("NZD", 2), ("OMR", 3), ("PAB", 2), ("PEN", 2), ("PGK", 2),
    ("PHP", 2), ("PKR", 2), ("PLN", 2), ("PYG", 0), ("QAR", 2), ("RON", 2), ("RSD", 2),
    ("RUB", 2), ("RWF", 0), ("SAR", 2), ("SBD", 2), ("SCR", 2), ("SDG", 2), ("SEK", 2),
    ("SGD", 2), ("SHP", 2), ("SLE", 2), ("SOS", 2), ("SRD", 2), ("SSP", 2), ("STN", 2),
    ("SVC", 2), ("SYP", 2), ("SZL", 2), ("THB", 2), ("TJS", 2), ("TMT", 2), ("TND", 3),
    ("TOP", 2), ("TRY", 2), ("TTD", 2), ("TWD", 2), ("TZS", 2), ("UAH", 2), ("UGX", 0),
    ("USD", 2), ("UYU", 2), ("UZS", 2), ("VES", 2), ("VND", 0), ("VUV", 0), ("WST", 2),
    ("XAF", 0), ("XCD", 2), ("XOF", 0), ("XPF", 0), ("YER", 2), ("ZAR", 2), ("ZMW", 2),
    ("ZWG", 2),
];

/// Largest amount accepted anywhere (a guard against typos and overflow).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// Extra decimal places allowed beyond the currency's minor unit (unit
/// prices of bulk goods are often quoted to a tenth of a cent).
const EXTRA_SCALE: u32 = 2;

/// The decimal places a currency's amounts may have here: its minor unit
/// (JPY 0, USD 2, KWD 3) plus two.
pub fn max_scale(currency: &str) -> u32 {
    minor_unit(currency) + EXTRA_SCALE
}

/// The digits after the point of a currency's amounts (JPY 0, USD 2, KWD 3).
pub fn minor_unit(currency: &str) -> u32 {
    CURRENCIES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(currency))
        .map_or(2, |(_, m)| *m)
}

/// An amount with its currency's decimals — JPY 2900, USD 12.50, KWD
/// 1.250 — and more only when it carries them (a unit price quoted to a
/// tenth of a cent). Digits only: grouping is the reader's language's.
pub fn plain(amount: Decimal, currency: &str) -> String {
    let mut a = amount.normalize();
    let minor = minor_unit(currency);
    if a.scale() < minor {
        a.rescale(minor);
    }
    a.to_string()
}

/// What a line costs: its exact total when the platform gave one, else
/// unit price × quantity; `None` when the caller may not see prices.
pub fn line_amount(
    unit_price: Option<Decimal>,
    quantity: i64,
    total: Option<Decimal>,
) -> Option<Decimal> {
    total.or_else(|| unit_price.map(|p| p * Decimal::from(quantity)))
}

/// A unit price from a line's exact total: the total ÷ quantity, rounded
/// (half away from zero) to what the currency's amounts may carry, so
/// ¥2,900 for 3 is ¥966.67 a piece while the line keeps its ¥2,900.
pub fn unit_price(total: Decimal, quantity: i64, currency: &str) -> Decimal {
    if quantity <= 0 {
        return total;
    }
    (total / Decimal::from(quantity))
        .round_dp_with_strategy(
            max_scale(currency),
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        )
        .normalize()
}

/// `amount` rounded (half away from zero) to the currency's minor unit:
/// what can actually be paid (an invoice's share, a credit).
pub fn round_to_minor(amount: Decimal, currency: &str) -> Decimal {
    amount.round_dp_with_strategy(
        minor_unit(currency),
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    )
}

/// Refuses anything but an active ISO 4217 code; accepts lower case.
pub fn currency(field: &str, code: &str) -> Result<String, ValidationError> {
    let upper = code.trim().to_ascii_uppercase();
    if CURRENCIES.iter().any(|(c, _)| *c == upper) {
        Ok(upper)
    } else {
        Err(ValidationError::new(
            field,
            ErrorCode::UnknownCurrency,
            format!("{code:?} is not an ISO 4217 currency code"),
        ))
    }
}

/// Refuses negative amounts, amounts over [`MAX_AMOUNT`], and more decimal
/// places than the currency's minor unit plus two.
pub fn amount(field: &str, value: Decimal, currency: &str) -> Result<Decimal, ValidationError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(ValidationError::new(
            field,
            ErrorCode::Negative,
            "must not be negative",
        ));
    }
    if value > MAX_AMOUNT {
        return Err(ValidationError::new(
            field,
            ErrorCode::OutOfRange,
            format!("must be at most {MAX_AMOUNT}"),
        ));
    }
    let minor = minor_unit(currency);
    let mut normal = value.normalize();
    if normal.scale() > minor + EXTRA_SCALE {
        return Err(ValidationError::new(
            field,
            ErrorCode::TooPrecise,
            format!(
                "{currency} amounts take at most {} decimal places",
                minor + EXTRA_SCALE
            ),
        ));
    }
    if normal.scale() < minor {
        normal.rescale(minor);
    }
    Ok(normal.abs())
}

#[cfg(test)]
mod tests {

    #[test]
    fn amounts_carry_their_currencys_decimals() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(plain(d("2900"), "JPY"), "2900");
        assert_eq!(plain(d("12.5"), "USD"), "12.50");
        assert_eq!(
            plain(d("12.505"), "USD"),
            "12.505",
            "quoted to a tenth of a cent"
        );
        assert_eq!(plain(d("1.25"), "KWD"), "1.250");
        assert_eq!(plain(d("3.00"), "CNY"), "3.00");
        assert_eq!(line_amount(Some(d("9.90")), 3, None), Some(d("29.70")));
        assert_eq!(
            line_amount(Some(d("966.67")), 3, Some(d("2900"))),
            Some(d("2900"))
        );
        assert_eq!(line_amount(None, 3, None), None);
    }

    use super::*;
    use std::str::FromStr;

    #[test]
    fn currencies() {
        assert_eq!(currency("c", "usd").unwrap(), "USD");
        assert_eq!(currency("c", "CNY").unwrap(), "CNY");
        assert_eq!(currency("c", "XXX").unwrap_err().code, "unknown_currency");
        assert_eq!(currency("c", "").unwrap_err().code, "unknown_currency");
    }

    #[test]
    fn unit_prices_from_exact_totals() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(unit_price(d("2900"), 3, "JPY").to_string(), "966.67");
        assert!(amount("a", unit_price(d("2900"), 3, "JPY"), "JPY").is_ok());
        assert_eq!(unit_price(d("32.40"), 3, "USD").to_string(), "10.8");
        assert_eq!(unit_price(d("10"), 3, "USD").to_string(), "3.3333");
        assert_eq!(unit_price(d("1"), 3, "KWD").to_string(), "0.33333");
    }

    #[test]
    fn amounts() {
        let d = |s| Decimal::from_str(s).unwrap();
        assert_eq!(amount("a", d("12.5"), "USD").unwrap().to_string(), "12.50");
        assert_eq!(amount("a", d("7"), "JPY").unwrap().to_string(), "7");
        assert_eq!(amount("a", d("1.2500"), "USD").unwrap().to_string(), "1.25");
        assert_eq!(amount("a", d("-1"), "USD").unwrap_err().code, "negative");
        assert!(amount("a", d("-0"), "USD").is_ok());
        assert_eq!(
            amount("a", d("1.00001"), "USD").unwrap_err().code,
            "too_precise"
        );
        assert!(amount("a", d("1.0001"), "USD").is_ok());
        assert_eq!(
            amount("a", d("1.001"), "JPY").unwrap_err().code,
            "too_precise"
        );
        assert_eq!(
            amount("a", d("1000000001"), "USD").unwrap_err().code,
            "out_of_range"
        );
    }
}
