//! The password policy. Hashing (Argon2id) happens in storage; this is only
//! what a new password must satisfy.

use crate::ErrorCode;
use crate::validate::ValidationError;

/// Shortest password accepted (NIST SP 800-63B asks for at least 8, and 15
/// for single-factor; 12 is the common middle ground until there is MFA).
pub const MIN_LEN: usize = 12;
/// Longest: Argon2 takes any length, but a bound keeps hashing cheap.
pub const MAX_LEN: usize = 256;

const COMMON_LIST: &str = include_str!("../data/common-passwords.txt");

/// The list, read once (56,000 passwords, about 1 ms).
static COMMON: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        COMMON_LIST
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    });

/// Keyboard rows and counting, each written twice so a walk may wrap.
const WALKS: &[&str] = &[
    "12345678901234567890",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnm",
    "qazwsxedcrfvtgbyhnujmikolpqazwsxedcrfvtgbyhnujmikolp",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
];

/// Whether a (lower-cased) password is guessed early by any attacker: on
/// the list; the list's word with digits or symbols around it
/// (`password1234`, `!!dragon2024`); one short unit repeated
/// (`abcabcabcabc`, `passwordpassword`); a walk along the keyboard or the
/// alphabet, either way (`123456789012`, `zyxwvutsrqpo`); or fewer than
/// five different characters (`aaaaaaaaaaaa`, `121212121212`).
fn is_common(lower: &str) -> bool {
    let list = &*COMMON;
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    list.contains(lower)
        || (!core.is_empty() && list.contains(core))
        || list.contains(repeated_unit(lower))
        || walked(lower)
        || walked(core)
        || distinct(lower) < 5
}

fn distinct(s: &str) -> usize {
    s.chars().collect::<std::collections::HashSet<_>>().len()
}

/// Along a keyboard row or counting, forwards or backwards.
fn walked(s: &str) -> bool {
    if s.chars().count() < 4 {
        return false;
    }
    let back: String = s.chars().rev().collect();
    WALKS
        .iter()
        .any(|w| w.contains(s) || w.contains(back.as_str()))
}

/// The shortest piece whose repetition is the whole (the whole when none).
fn repeated_unit(s: &str) -> &str {
    let n = s.len();
    (1..=n / 2)
        .filter(|len| n.is_multiple_of(*len) && s.is_char_boundary(*len))
        .map(|len| &s[..len])
        .find(|unit| unit.repeat(n / unit.len()) == s)
        .unwrap_or(s)
}

/// Refuses short, over-long and common passwords, and ones built from the
/// account's e-mail.
pub fn check(field: &str, password: &str, email: &str) -> Result<(), ValidationError> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(ValidationError::new(
            field,
            ErrorCode::PasswordTooShort,
            format!("a password needs at least {MIN_LEN} characters"),
        ));
    }
    if len > MAX_LEN {
        return Err(ValidationError::new(
            field,
            ErrorCode::TooLong,
            format!("at most {MAX_LEN} characters"),
        ));
    }
    let lower = password.to_lowercase();
    if is_common(&lower) {
        return Err(ValidationError::new(
            field,
            ErrorCode::PasswordTooCommon,
            "this password is on the list of the most common passwords; choose another",
        ));
    }
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    if local.chars().count() >= 4 && lower.contains(&local) {
        return Err(ValidationError::new(
            field,
            ErrorCode::PasswordContainsEmail,
            "a password must not contain the e-mail address",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(
            check("p", "short", "a@b.co").unwrap_err().code,
            "password_too_short"
        );
        assert_eq!(
            check("p", "1234567890123", "a@b.co").unwrap_err().code,
            "password_too_common"
        );
        assert_eq!(
            check("p", "Password1234", "a@b.co").unwrap_err().code,
            "password_too_common"
        );
        assert_eq!(
            check("p", "grace.hopper-1906", "grace.hopper@example.com")
                .unwrap_err()
                .code,
            "password_contains_email"
        );
        assert!(check("p", "correct horse battery", "a@b.co").is_ok());
        assert!(check("p", "景德镇的杯子是二〇二六年烧的", "a@b.co").is_ok());
        assert!(check("p", "kiln-fired-42-pots", "a@b.co").is_ok());
        assert!(check("p", "demo-operator-pass", "a@b.co").is_ok());
    }

    #[test]
    fn guessable_shapes_are_common() {
        for weak in [
            "123456789012",
            "210987654321",
            "qwertyuiop12",
            "password1234",
            "!!dragon2024!!",
            "abcabcabcabc",
            "passwordpassword",
            "aaaaaaaaaaaa",
            "121212121212",
            "zyxwvutsrqpo",
            "1qaz2wsx3edc4rfv",
            "杯子杯子杯子杯子杯子杯子",
            "iloveyou2025",
        ] {
            assert_eq!(
                check("p", weak, "a@b.co").map_err(|e| e.code.as_str()),
                Err("password_too_common"),
                "{weak}"
            );
        }
        for fine in [
            "7391 0456 2287 1193",
            "tea-kettle-copper-1987",
            "Jingdezhen porcelain!",
        ] {
            assert!(check("p", fine, "a@b.co").is_ok(), "{fine}");
        }
    }
}
