//! The password policy. Hashing (Argon2id) happens in storage; this is only
//! what a new password must satisfy.

use crate::validate::ValidationError;

/// Shortest password accepted (NIST SP 800-63B asks for at least 8, and 15
/// for single-factor; 12 is the common middle ground until there is MFA).
pub const MIN_LEN: usize = 12;
/// Longest: Argon2 takes any length, but a bound keeps hashing cheap.
pub const MAX_LEN: usize = 256;

const COMMON: &str = include_str!("../data/common-passwords.txt");

/// Refuses short, over-long and common passwords, and ones built from the
/// account's e-mail.
pub fn check(field: &str, password: &str, email: &str) -> Result<(), ValidationError> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(ValidationError::new(
            field,
            "password_too_short",
            format!("a password needs at least {MIN_LEN} characters"),
        ));
    }
    if len > MAX_LEN {
        return Err(ValidationError::new(
            field,
            "too_long",
            format!("at most {MAX_LEN} characters"),
        ));
    }
    let lower = password.to_lowercase();
    if COMMON
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|c| c == lower)
    {
        return Err(ValidationError::new(
            field,
            "password_too_common",
            "this password is on the list of the most common passwords; choose another",
        ));
    }
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    if local.chars().count() >= 4 && lower.contains(&local) {
        return Err(ValidationError::new(
            field,
            "password_contains_email",
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
        assert!(check("p", "杯子杯子杯子杯子杯子杯子", "a@b.co").is_ok());
    }
}
