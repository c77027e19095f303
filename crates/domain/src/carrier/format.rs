//! Tracking numbers: how one is written down (no spaces, upper case) and
//! whether it has its carrier's shape, so a typo is caught here rather
//! than by the marketplace (Amazon refuses a confirmation whose number
//! its carrier does not know, and the seller's metrics suffer).
//!
//! Shapes are those the carriers publish; where a number carries a check
//! digit the digit is verified:
//! - UPU S10 (`RR123456785CN`: two letters, eight digits, a mod-11 check
//!   digit, the country) for the international posts and EMS;
//! - UPS `1Z` numbers (a mod-10 check over the 15 characters after `1Z`);
//! - FedEx 12-digit numbers (weights 1, 3, 7 from the right, mod 11);
//! - USPS IMpb numbers (GS1 mod 10).
//!
//! A carrier with no published shape (or several that overlap, like DHL's
//! many services) is checked only for a sane length and alphabet.

use super::Carrier;
use crate::ErrorCode;
use crate::validate::ValidationError;

/// The number as carriers print it: spaces and dashes dropped (people copy
/// them from labels grouped in fours), upper case.
pub fn normalize_tracking(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// A tracking number refused: what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingRefused {
    /// The carrier's expected shape, for people.
    pub expected: &'static str,
    /// The shape matched but its check digit did not.
    pub check_digit: bool,
}

impl TrackingRefused {
    /// As a refusal of `field`.
    pub fn into_error(self, field: &str, carrier: &str, number: &str) -> ValidationError {
        let detail = match self.check_digit {
            true => format!(
                "{number} is not a valid {carrier} tracking number: its check digit does not match (a typo?); expected {}",
                self.expected
            ),
            false => format!(
                "{number} does not look like a {carrier} tracking number; expected {}",
                self.expected
            ),
        };
        ValidationError::new(field, ErrorCode::TrackingNumberFormat, detail)
    }
}

/// Normalises `number` and checks it against `carrier` (as typed: an
/// unknown carrier's numbers are only normalised).
pub fn check_tracking(carrier: &str, number: &str) -> Result<String, TrackingRefused> {
    let n = normalize_tracking(number);
    let Some(c) = Carrier::find(carrier) else {
        return Ok(n);
    };
    let (ok, expected) = shape(c, &n);
    match ok {
        Shape::Fits => Ok(n),
        Shape::Wrong => Err(TrackingRefused {
            expected,
            check_digit: false,
        }),
        Shape::BadCheckDigit => Err(TrackingRefused {
            expected,
            check_digit: true,
        }),
    }
}

/// `number` (the field `tracking_number`) checked against `carrier`,
/// normalised; nothing when there is no number.
pub fn checked_field(
    carrier: Option<&str>,
    number: Option<String>,
) -> Result<Option<String>, ValidationError> {
    let Some(number) = number else {
        return Ok(None);
    };
    let carrier = carrier.unwrap_or_default();
    check_tracking(carrier, &number)
        .map(Some)
        .map_err(|e| e.into_error("tracking_number", carrier.trim(), number.trim()))
}

enum Shape {
    Fits,
    Wrong,
    BadCheckDigit,
}

fn digits(n: &str, lens: &[usize]) -> bool {
    lens.contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit())
}

fn alnum(n: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `prefix` followed by digits only, `lens` of them.
fn prefixed(n: &str, prefix: &str, lens: &[usize]) -> bool {
    n.strip_prefix(prefix)
        .is_some_and(|rest| digits(rest, lens))
}

/// Which of the carrier's shapes `n` has, with the shapes for people.
fn shape(c: Carrier, n: &str) -> (Shape, &'static str) {
    use Carrier::*;
    let any = |ok: bool| if ok { Shape::Fits } else { Shape::Wrong };
    match c {
        Ups => {
            let expected = "1Z followed by 16 letters or digits (1Z999AA10123456784), T and 10 digits, or 9 or 26 digits";
            if n.len() == 18 && n.starts_with("1Z") && alnum(n, 18, 18) {
                (checked(ups_check(&n[2..])), expected)
            } else {
                (
                    any(prefixed(n, "T", &[10]) || digits(n, &[9, 26])),
                    expected,
                )
            }
        }
        Usps => {
            let expected = "20 to 22 digits (9400 1000 0000 0000 0000 00), 26, 30 or 34 digits with the ZIP code, or an international number like EC123456785US";
            if digits(n, &[20, 21, 22, 26, 30, 34]) {
                // with the ZIP code in front (420 + ZIP), the IMpb is the
                // last 22 digits; its check digit covers only those
                (
                    checked(gs1_check(&n[n.len().saturating_sub(22)..])),
                    expected,
                )
            } else {
                (s10_or(n, "US", false), expected)
            }
        }
        Fedex => {
            let expected = "12, 15, 20 or 22 digits";
            if digits(n, &[12]) {
                (checked(fedex12_check(n)), expected)
            } else {
                (any(digits(n, &[15, 20, 22])), expected)
            }
        }
        Dhl => (
            any(alnum(n, 10, 39)),
            "10 to 39 letters or digits (a DHL Express waybill has 10)",
        ),
        RoyalMail => (
            s10_or(n, "GB", alnum(n, 11, 21)),
            "two letters, nine digits and GB (AB123456785GB), or 11 to 21 letters and digits",
        ),
        CanadaPost => (
            s10_or(n, "CA", digits(n, &[12, 16])),
            "16 digits (or 12), or an international number like RR123456785CA",
        ),
        AustraliaPost => (
            s10_or(n, "AU", alnum(n, 10, 23)),
            "10 to 23 letters and digits, or an international number like RR123456785AU",
        ),
        SfExpress => (
            any(prefixed(n, "SF", &[12, 13]) || digits(n, &[12])),
            "SF and 13 digits (SF1234567890123), or 12 digits",
        ),
        Zto => (
            any(digits(n, &[12, 13, 14, 15])),
            "12 to 15 digits (73100012345678)",
        ),
        Yto => (
            any(prefixed(n, "YT", &[13, 14, 15, 16]) || digits(n, &[10, 12])),
            "YT and 13 to 16 digits (YT1234567890123)",
        ),
        Sto => (
            any(digits(n, &[12, 13, 14, 15])),
            "12 to 15 digits (773012345678901)",
        ),
        Yunda => (any(digits(n, &[13, 15])), "13 or 15 digits (4312345678901)"),
        JdLogistics => (
            any(n.starts_with("JD") && alnum(n, 13, 17)),
            "JD and 11 to 15 letters and digits (JDVA12345678901)",
        ),
        Ems => (
            s10_or(n, "", digits(n, &[13])),
            "an international number like EA123456785CN, or 13 digits",
        ),
        ChinaPost => (
            s10_or(n, "", digits(n, &[13])),
            "an international number like RR123456785CN, or 13 digits",
        ),
        YunExpress => (
            any(prefixed(n, "YT", &[16]) || alnum(n, 10, 30)),
            "YT and 16 digits (YT2412345678901234), or 10 to 30 letters and digits",
        ),
        Cainiao | Yanwen | FourPx => (
            s10_or(n, "", alnum(n, 10, 30)),
            "10 to 30 letters and digits (LP00123456789012), or an international number like RR123456785CN",
        ),
        Deppon => (
            any(prefixed(n, "DPK", &[12]) || digits(n, &[8, 9, 10, 12])),
            "DPK and 12 digits, or 8 to 12 digits",
        ),
    }
}

/// A well-formed number of `carrier` (check digit and all), different
/// for each `serial`: what demo data ships with.
pub fn specimen(carrier: Carrier, serial: u64) -> String {
    use Carrier::*;
    let d = |width: usize| format!("{:0width$}", serial % 10u64.pow(width as u32));
    let s10 = |prefix: &str, country: &str| {
        let body = d(8);
        let check = (0..10)
            .find(|c| s10_check(format!("{body}{c}").as_bytes()))
            .unwrap_or(0);
        format!("{prefix}{body}{check}{country}")
    };
    let with_check = |body: String, ok: &dyn Fn(&str) -> bool| {
        (0..10)
            .map(|c| format!("{body}{c}"))
            .find(|n| ok(n))
            .unwrap_or(body)
    };
    match carrier {
        Ups => with_check(format!("1Z{}", d(15)), &|n| ups_check(&n[2..])),
        Usps => with_check(format!("9400{}", d(17)), &gs1_check),
        Fedex => with_check(d(11), &fedex12_check),
        Dhl => format!("{:010}", 1_000_000_000 + serial % 1_000_000_000),
        RoyalMail => s10("RR", "GB"),
        CanadaPost => s10("RR", "CA"),
        AustraliaPost => s10("RR", "AU"),
        Ems => s10("EA", "CN"),
        ChinaPost | Cainiao | Yanwen | FourPx => s10("RR", "CN"),
        SfExpress => format!("SF{}", d(13)),
        Zto => format!("73{}", d(12)),
        Yto => format!("YT{}", d(13)),
        Sto => format!("77{}", d(13)),
        Yunda => format!("43{}", d(11)),
        JdLogistics => format!("JDVA{}", d(11)),
        YunExpress => format!("YT{}", d(16)),
        Deppon => format!("DPK{}", d(12)),
    }
}

fn checked(ok: bool) -> Shape {
    if ok {
        Shape::Fits
    } else {
        Shape::BadCheckDigit
    }
}

/// A UPU S10 number of `country` (any country when empty) — its check
/// digit verified — or, failing the shape, `otherwise`.
fn s10_or(n: &str, country: &str, otherwise: bool) -> Shape {
    let b = n.as_bytes();
    let s10 = b.len() == 13
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..11].iter().all(u8::is_ascii_digit)
        && b[11..].iter().all(u8::is_ascii_uppercase);
    if s10 && (country.is_empty() || n.ends_with(country)) {
        return checked(s10_check(&b[2..11]));
    }
    if otherwise { Shape::Fits } else { Shape::Wrong }
}

/// UPU S10: weights 8 6 4 2 3 5 9 7 over the serial; 11 − sum mod 11,
/// where 10 is written 0 and 11 is written 5.
fn s10_check(serial_and_check: &[u8]) -> bool {
    const W: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = serial_and_check[..8]
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        c => c,
    };
    u32::from(serial_and_check[8] - b'0') == check
}

/// UPS: over the 15 characters after `1Z` (letters count as their
/// position in the alphabet plus one, mod 10), odd places once and even
/// places twice; the 16th is (10 − sum mod 10) mod 10.
fn ups_check(rest: &str) -> bool {
    let v: Vec<u32> = rest
        .bytes()
        .map(|b| match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            _ => (u32::from(b) - 63) % 10,
        })
        .collect();
    let sum: u32 = v[..15]
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 2 })
        .sum();
    v[15] == (10 - sum % 10) % 10
}

/// GS1 mod 10: from the right, before the check digit, weights 3 and 1.
fn gs1_check(n: &str) -> bool {
    let d: Vec<u32> = n.bytes().map(|b| u32::from(b - b'0')).collect();
    let (body, check) = d.split_at(d.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, x)| if i % 2 == 0 { x * 3 } else { *x })
        .sum();
    check[0] == (10 - sum % 10) % 10
}

/// FedEx 12 digits: weights 1, 3, 7 from the right over the first 11;
/// the sum mod 11, mod 10, is the last digit.
fn fedex12_check(n: &str) -> bool {
    let d: Vec<u32> = n.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = d[..11]
        .iter()
        .rev()
        .zip([1, 3, 7].iter().cycle())
        .map(|(x, w)| x * w)
        .sum();
    d[11] == sum % 11 % 10
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(carrier: &str, number: &str) -> String {
        check_tracking(carrier, number).unwrap_or_else(|e| panic!("{carrier} {number}: {e:?}"))
    }

    #[test]
    fn written_without_spaces_in_upper_case() {
        assert_eq!(ok("UPS", " 1z 5r8 939 0357 5671 27 "), "1Z5R89390357567127");
        assert_eq!(ok("顺丰", "sf1234567890123"), "SF1234567890123");
        assert_eq!(ok("Bob's Van", "abc 123"), "ABC123");
    }

    #[test]
    fn check_digits_catch_typos() {
        // numbers whose check digits are published as examples
        ok("UPS", "1Z5R89390357567127");
        ok("UPS", "1Z879E930346834440");
        ok("FedEx", "986578788855");
        ok("FedEx", "477179081230");
        ok("USPS", "03071790000523483741");
        ok("China Post", "RR123456785CN");
        ok("Royal Mail", "RR123456785GB");
        for (carrier, typo) in [
            ("UPS", "1Z5R89390357567128"),
            ("FedEx", "986578788856"),
            ("USPS", "03071790000523483742"),
            ("China Post", "RR123456784CN"),
        ] {
            let e = check_tracking(carrier, typo).unwrap_err();
            assert!(e.check_digit, "{carrier} {typo}");
        }
    }

    #[test]
    fn the_wrong_carriers_shape_is_refused_with_the_expected_one() {
        let e = check_tracking("UPS", "SF1234567890123").unwrap_err();
        assert!(!e.check_digit && e.expected.contains("1Z"));
        let e = check_tracking("SF Express", "1Z5R89390357567127").unwrap_err();
        assert!(e.expected.contains("SF"));
        // the country is part of the shape
        assert!(check_tracking("Royal Mail", "RR123456785CN").is_ok());
        assert!(check_tracking("Canada Post", "RR123456785GB").is_err());
        assert!(check_tracking("Yunda", "43123456789").is_err());
        let err =
            check_tracking("UPS", "123")
                .unwrap_err()
                .into_error("tracking_number", "UPS", "123");
        assert_eq!(err.code, ErrorCode::TrackingNumberFormat);
        assert!(err.detail.contains("expected 1Z"));
    }

    #[test]
    fn every_carrier_accepts_its_own_example() {
        let example = |c: Carrier| match c {
            Carrier::Ups => "1Z999AA10123456784",
            Carrier::Usps => "03071790000523483741",
            Carrier::Fedex => "986578788855",
            Carrier::Dhl => "1234567890",
            Carrier::RoyalMail => "RR123456785GB",
            Carrier::CanadaPost => "RR123456785CA",
            Carrier::AustraliaPost => "RR123456785AU",
            Carrier::SfExpress => "SF1234567890123",
            Carrier::Zto => "73100012345678",
            Carrier::Yto => "YT1234567890123",
            Carrier::Sto => "773012345678901",
            Carrier::Yunda => "4312345678901",
            Carrier::JdLogistics => "JDVA12345678901",
            Carrier::Ems => "EA123456785CN",
            Carrier::ChinaPost | Carrier::Cainiao | Carrier::Yanwen | Carrier::FourPx => {
                "RR123456785CN"
            }
            Carrier::Deppon => "DPK123456789012",
            Carrier::YunExpress => "YT2412345678901234",
        };
        for c in Carrier::ALL {
            let n = example(*c);
            ok(c.as_str(), n);
            for serial in [0, 7, 123_456_789, u64::MAX] {
                ok(c.as_str(), &specimen(*c, serial));
            }
        }
    }
}
