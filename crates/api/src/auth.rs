//! Who is calling: a bearer token (integrations) or a session cookie
//! (browsers), resolved once per request into a [`Principal`]. Requests
//! that ride on a session cookie and change something must carry the
//! session's CSRF token and, if they say where they come from, come from
//! this origin.

use crate::problem::ApiError;
use crate::{ApiConfig, AppState};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header, request::Parts};
use axum::middleware::Next;
use axum::response::Response;
use orderhub_domain::ErrorCode;
use orderhub_domain::model::{Actor, User};
use orderhub_domain::{Capability, Role, Scope, access};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "orderhub_session";
/// The cookie that makes a browser a known device of the accounts that
/// signed in on it (login throttling lets their right password through).
pub const DEVICE_COOKIE: &str = "orderhub_device";
/// The header that carries the CSRF token on session requests.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    /// Recorded in every event: `user:<email>` or `token:<name>`.
    pub actor: Actor,
    pub role: Role,
    /// What the caller may see; storage filters by it.
    pub scope: Scope,
    /// Stable id for per-caller state (idempotency keys).
    pub id: String,
    /// The signed-in account, for sessions.
    pub user: Option<User>,
    /// The session cookie and its CSRF token, for sessions.
    pub session: Option<(String, String)>,
}

impl Principal {
    /// Whether the caller approves its organisation's requests for
    /// quotation (a signed-in approver; tokens never do).
    pub fn is_approver(&self) -> bool {
        self.user.as_ref().and_then(|u| u.org_role) == Some(orderhub_domain::b2b::OrgRole::Approver)
    }

    /// Refuses (403, naming the rule) unless the caller's role may.
    pub fn require(&self, capability: Capability) -> Result<(), ApiError> {
        access::require(self.role, capability).map_err(ApiError::from)
    }

    fn new(
        label: String,
        id: String,
        role: Role,
        supplier: Option<String>,
        buyer: Option<String>,
    ) -> Option<Self> {
        let scope = match role {
            Role::Admin | Role::Operator => Scope::All,
            Role::Supplier => Scope::Supplier(supplier?),
            Role::Purchaser => Scope::Buyer(buyer?),
        };
        Some(Self {
            actor: Actor {
                label,
                party: role.party(),
            },
            role,
            scope,
            id,
            user: None,
            session: None,
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Principal>()
            .cloned()
            .ok_or_else(|| ApiError::unauthorized("sign in, or send Authorization: Bearer <token>"))
    }
}

/// Resolves the caller. A bad bearer token is refused at once (401); no
/// credentials, or a dead session, leave the request anonymous for the
/// handler to refuse.
pub async fn authenticate(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let principal = match bearer(req.headers())? {
        Some(token) => Some(from_token(&state, token).await?),
        None => match cookie(req.headers(), SESSION_COOKIE) {
            Some(id) => from_session(&state, &id).await?,
            None => None,
        },
    };
    if let Some(p) = principal {
        // Signing in again needs no token from the session it replaces
        // (the login handler checks the origin itself).
        let is_login = req.uri().path().ends_with("/auth/login");
        if p.session.is_some() && !is_safe(req.method()) && !is_login {
            check_csrf(req.headers(), &p, &state.config)?;
        }
        req.extensions_mut().insert(p);
    }
    Ok(next.run(req).await)
}

fn bearer(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(Some)
        .ok_or_else(|| ApiError::unauthorized("send Authorization: Bearer <token>"))
}

async fn from_token(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    let info = state
        .store
        .verify_token(token)
        .await?
        .ok_or_else(|| ApiError::unauthorized("the token is unknown, revoked or expired"))?;
    Principal::new(
        format!("token:{}", info.name),
        format!("token:{}", info.id),
        info.role,
        info.supplier_id,
        info.buyer_org_id,
    )
    .ok_or_else(|| ApiError::unauthorized("the token has no supplier or buyer to act for"))
}

pub(crate) async fn from_session(
    state: &AppState,
    id: &str,
) -> Result<Option<Principal>, ApiError> {
    let Some(s) = state.store.session_user(id).await? else {
        return Ok(None);
    };
    let u = s.user;
    let p = Principal::new(
        format!("user:{}", u.email),
        format!("user:{}", u.id),
        u.role,
        u.supplier_id.clone(),
        u.buyer_org_id.clone(),
    );
    Ok(p.map(|p| Principal {
        user: Some(u),
        session: Some((id.to_owned(), s.csrf_token)),
        ..p
    }))
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The session's CSRF token must come back in `X-CSRF-Token`, compared in
/// constant time; and a browser that names its origin must name ours.
fn check_csrf(headers: &HeaderMap, p: &Principal, config: &ApiConfig) -> Result<(), ApiError> {
    check_origin(headers, config)?;
    let expected = p
        .session
        .as_ref()
        .map(|(_, csrf)| csrf.as_bytes())
        .unwrap_or_default();
    let given = headers
        .get(CSRF_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if given.is_empty() || !constant_time_eq(expected, given) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
ErrorCode::CsrfTokenInvalid,
            "a signed-in browser request that changes something must send the session's X-CSRF-Token",
        )
        .field("X-CSRF-Token"));
    }
    Ok(())
}

/// Refuses a request whose `Origin` (sent by browsers on cross-site and
/// state-changing requests) is not this server, scheme included: the
/// configured public URL's origin when there is one (behind a proxy that
/// rewrites `Host`), else the scheme the request came over (`http`, or
/// what a trusted proxy's `X-Forwarded-Proto` says) and the host it was
/// sent to. A page served over plain HTTP on the same host cannot post
/// to the HTTPS site.
pub fn check_origin(headers: &HeaderMap, config: &ApiConfig) -> Result<(), ApiError> {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let expected = match &config.public_url {
        Some(public) => origin_of(public),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let scheme = match config.trust_proxy {
                true => headers
                    .get("x-forwarded-proto")
                    .and_then(|v| v.to_str().ok())
                    .map(|p| {
                        p.split(',')
                            .next()
                            .unwrap_or("http")
                            .trim()
                            .to_ascii_lowercase()
                    })
                    .unwrap_or_else(|| "http".into()),
                false => "http".into(),
            };
            format!("{scheme}://{host}")
        }
    };
    let same = origin != "null" && origin.eq_ignore_ascii_case(&expected);
    if same {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::FORBIDDEN,
        ErrorCode::CrossOriginRequest,
        "requests from another site are refused",
    ))
}

/// `scheme://host[:port]` of a URL (its path dropped).
fn origin_of(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split('/').next().unwrap_or_default();
            format!("{}://{host}", scheme.to_ascii_lowercase())
        }
        None => url.to_owned(),
    }
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The client's address: the socket peer, or — behind a trusted proxy —
/// the last address the proxy appended to `X-Forwarded-For`.
pub fn client_ip(headers: &HeaderMap, peer: std::net::SocketAddr, config: &ApiConfig) -> String {
    if config.trust_proxy
        && let Some(forwarded) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
        && let Some(last) = forwarded.rsplit(',').map(str::trim).find(|s| !s.is_empty())
    {
        return last.to_owned();
    }
    peer.ip().to_string()
}

/// A cookie's value from the `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty())
}

/// Where a sign-in came from, kept with its session: the address and the
/// browser's User-Agent.
pub fn origin<'a>(headers: &'a HeaderMap, ip: &'a str) -> orderhub_store::Origin<'a> {
    let user_agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    orderhub_store::Origin { ip, user_agent }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_and_origins() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; orderhub_session=abc; b=2".parse().unwrap(),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
        h.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        let direct = ApiConfig::default();
        assert!(check_origin(&h, &direct).is_ok());
        h.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(check_origin(&h, &direct).is_ok());
        h.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(check_origin(&h, &direct).is_err());
        let proxied = ApiConfig {
            public_url: Some("https://orders.example.com/".into()),
            trust_proxy: true,
            ..direct
        };
        assert!(check_origin(&h, &proxied).is_err());
        h.insert(
            header::ORIGIN,
            "https://orders.example.com".parse().unwrap(),
        );
        assert!(check_origin(&h, &proxied).is_ok());
        // the scheme counts: a plain-HTTP page of the same host is another site
        h.insert(header::ORIGIN, "http://orders.example.com".parse().unwrap());
        assert!(check_origin(&h, &proxied).is_err());
        h.insert(header::ORIGIN, "https://127.0.0.1:8080".parse().unwrap());
        assert!(check_origin(&h, &ApiConfig::default()).is_err());
        let behind = ApiConfig {
            trust_proxy: true,
            ..ApiConfig::default()
        };
        h.insert("x-forwarded-proto", "https".parse().unwrap());
        assert!(check_origin(&h, &behind).is_ok());
        h.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
        assert!(check_origin(&h, &behind).is_err());
        h.insert("x-forwarded-for", "203.0.113.9, 10.0.0.2".parse().unwrap());
        let peer: std::net::SocketAddr = "10.0.0.1:5000".parse().unwrap();
        assert_eq!(client_ip(&h, peer, &proxied), "10.0.0.2");
        assert_eq!(client_ip(&h, peer, &ApiConfig::default()), "10.0.0.1");
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
