//! Accounts, sessions and API tokens as the API shows them.

use crate::ErrorCode;
use crate::access::Role;
use crate::b2b::OrgRole;
use crate::validate::{ValidationError, email, limits, optional_text, required_text};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// A person who signs in.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct User {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The supplier a supplier account acts for.
    pub supplier_id: Option<String>,
    /// The buyer organisation a purchaser belongs to.
    pub buyer_org_id: Option<String>,
    /// A purchaser's role in its organisation.
    pub org_role: Option<OrgRole>,
    pub active: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_login_at: Option<OffsetDateTime>,
    /// The web app's language the user chose (`en`, `zh-CN`); none: the
    /// browser's.
    pub language: Option<String>,
    /// The IANA time zone the user reads times in; none: the browser's.
    pub time_zone: Option<String>,
}

/// `POST /users`. `supplier` (id or name) is required for the supplier
/// role, `buyer` (an organisation name, created if new) for purchasers.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub display_name: Option<String>,
    pub role: Role,
    pub supplier: Option<String>,
    pub buyer: Option<String>,
    /// A purchaser's role in its organisation; default `buyer`.
    #[serde(default)]
    pub org_role: Option<OrgRole>,
    pub password: String,
}

impl NewUser {
    /// Cleans the fields; the password policy is checked separately (it
    /// needs the e-mail) and the password is never echoed.
    pub fn normalize(self) -> Result<Self, ValidationError> {
        let email = email("email", Some(&self.email))?.ok_or_else(|| {
            ValidationError::new("email", ErrorCode::Required, "must not be empty")
        })?;
        let display_name =
            match optional_text("display_name", self.display_name.as_deref(), limits::NAME)? {
                Some(n) => n,
                None => email.split('@').next().unwrap_or_default().to_owned(),
            };
        let supplier = optional_text("supplier", self.supplier.as_deref(), limits::SHORT)?;
        let buyer = optional_text("buyer", self.buyer.as_deref(), limits::NAME)?;
        check_links(self.role, supplier.is_some(), buyer.is_some())?;
        let org_role = org_role_of(self.role, self.org_role)?;
        crate::password::check("password", &self.password, &email)?;
        Ok(Self {
            email,
            display_name: Some(display_name),
            role: self.role,
            supplier,
            buyer,
            org_role,
            password: self.password,
        })
    }
}

/// A purchaser's role in its organisation (`buyer` unless given); nobody
/// else has one.
pub fn org_role_of(role: Role, given: Option<OrgRole>) -> Result<Option<OrgRole>, ValidationError> {
    match (role, given) {
        (Role::Purchaser, g) => Ok(Some(g.unwrap_or(OrgRole::Buyer))),
        (_, None) => Ok(None),
        (_, Some(_)) => Err(ValidationError::new(
            "org_role",
            ErrorCode::NotAllowed,
            "only purchaser accounts have a role in an organisation",
        )),
    }
}

/// A supplier account needs its supplier, a purchaser its buyer, and no
/// one else has either.
pub fn check_links(role: Role, has_supplier: bool, has_buyer: bool) -> Result<(), ValidationError> {
    match (role, has_supplier, has_buyer) {
        (Role::Supplier, false, _) => Err(ValidationError::new(
            "supplier",
            ErrorCode::Required,
            "a supplier account needs its supplier (id or name)",
        )),
        (Role::Purchaser, _, false) => Err(ValidationError::new(
            "buyer",
            ErrorCode::Required,
            "a purchaser account needs its buyer organisation",
        )),
        (r, true, _) if r != Role::Supplier => Err(ValidationError::new(
            "supplier",
            ErrorCode::NotAllowed,
            "only supplier accounts act for a supplier",
        )),
        (r, _, true) if r != Role::Purchaser => Err(ValidationError::new(
            "buyer",
            ErrorCode::NotAllowed,
            "only purchaser accounts belong to a buyer",
        )),
        _ => Ok(()),
    }
}

/// `PATCH /users/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub supplier: Option<String>,
    pub buyer: Option<String>,
    /// A purchaser's role in its organisation.
    pub org_role: Option<OrgRole>,
    /// `false` signs the user out everywhere and refuses new logins.
    pub active: Option<bool>,
}

impl UserPatch {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        Ok(Self {
            display_name: self
                .display_name
                .map(|n| required_text("display_name", &n, limits::NAME))
                .transpose()?,
            supplier: optional_text("supplier", self.supplier.as_deref(), limits::SHORT)?,
            buyer: optional_text("buyer", self.buyer.as_deref(), limits::NAME)?,
            ..self
        })
    }
}

/// `POST /auth/login`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub email: String,
    pub password: String,
}

/// `POST /auth/password`: change your own password.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /users/{id}/password`: an admin sets a new password.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub password: String,
}

/// Who the caller is (`GET /auth/me`, and the answer to a login).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Me {
    /// `user:<email>` or `token:<name>`.
    pub actor: String,
    pub role: Role,
    pub supplier_id: Option<String>,
    pub buyer_org_id: Option<String>,
    /// The account, when signed in as a person.
    pub user: Option<User>,
    /// For browser sessions: send it back as `X-CSRF-Token` on every
    /// request that changes something.
    pub csrf_token: Option<String>,
}

/// An API token as listed (never the secret).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub supplier_id: Option<String>,
    /// The purchaser organisation a purchaser token buys for.
    pub organisation_id: Option<String>,
    pub created_by: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

/// `POST /tokens`. A supplier may only create supplier tokens for itself
/// (`role` and `supplier` may then be left out).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    pub name: String,
    pub role: Option<Role>,
    pub supplier: Option<String>,
    /// A purchaser token's organisation (id or name): a purchaser's own
    /// system asking for quotes through the API.
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

impl NewToken {
    pub fn normalize(self) -> Result<Self, ValidationError> {
        if let Some(at) = self.expires_at
            && at <= OffsetDateTime::now_utc()
        {
            return Err(ValidationError::new(
                "expires_at",
                ErrorCode::InThePast,
                "an expiry must lie in the future",
            ));
        }
        Ok(Self {
            name: required_text("name", &self.name, limits::SHORT)?,
            supplier: optional_text("supplier", self.supplier.as_deref(), limits::SHORT)?,
            organisation: optional_text(
                "organisation",
                self.organisation.as_deref(),
                limits::NAME,
            )?,
            ..self
        })
    }
}

/// The answer to `POST /tokens`: the only time the secret is shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub info: ApiToken,
    /// Send as `Authorization: Bearer <token>`. Shown once; stored hashed.
    pub token: String,
}

/// A security event (`GET /audit`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuditEvent {
    pub id: String,
    /// `login`, `login_failed`, `login_throttled`, `logout`,
    /// `password_changed`, `user_created`, `user_updated`, `role_changed`,
    /// `token_created`, `token_revoked`.
    pub kind: String,
    pub actor: String,
    pub subject: Option<String>,
    pub ip: Option<String>,
    pub details: serde_json::Value,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}
