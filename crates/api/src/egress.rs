//! Outbound calls to addresses that users chose (webhook endpoints,
//! marketplace API and token addresses): checked when they are saved, and
//! again at every connection, where the names are resolved once and only
//! public addresses are dialled (a name that resolves elsewhere by then —
//! DNS rebinding — gets no connection). The rule of what is public is
//! `orderhub_domain::network`; the deployment may allow private targets
//! for receivers on its own network (`--allow-private-targets`).

use orderhub_domain::ErrorCode;
use orderhub_domain::ValidationError;
use orderhub_domain::network::{is_local_name, is_public};
use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// Refuses `url` unless it is http(s) to a public address. IP literals
/// are judged as the URL parser normalises them (`http://2130706433/`,
/// `http://0x7f.1/` and `http://[::ffff:7f00:1]/` are all 127.0.0.1);
/// names are judged by [`check_resolved`] and at connection time.
pub fn check_url(field: &str, url: &str, allow_private: bool) -> Result<Url, ValidationError> {
    let refuse = |code: ErrorCode, detail: String| ValidationError::new(field, code, detail);
    let parsed = Url::parse(url)
        .map_err(|e| refuse(ErrorCode::InvalidUrl, format!("not an address: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(refuse(
            ErrorCode::InvalidUrl,
            "an http:// or https:// address".into(),
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(refuse(
            ErrorCode::InvalidUrl,
            "credentials do not belong in the address".into(),
        ));
    }
    if allow_private {
        return Ok(parsed);
    }
    let private = match parsed.host() {
        None => {
            return Err(refuse(
                ErrorCode::InvalidUrl,
                "the address has no host".into(),
            ));
        }
        Some(url::Host::Ipv4(ip)) => !is_public(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => !is_public(IpAddr::V6(ip)),
        Some(url::Host::Domain(name)) => is_local_name(name),
    };
    match private {
        true => Err(private_target(field)),
        false => Ok(parsed),
    }
}

/// [`check_url`], and every address its host name resolves to must be
/// public too (a name that does not resolve now is refused).
pub async fn check_resolved(
    field: &str,
    url: &str,
    allow_private: bool,
) -> Result<(), ValidationError> {
    let parsed = check_url(field, url, allow_private)?;
    if allow_private {
        return Ok(());
    }
    let Some(url::Host::Domain(name)) = parsed.host() else {
        return Ok(());
    };
    let port = parsed.port_or_known_default().unwrap_or(443);
    let found: Vec<SocketAddr> = tokio::net::lookup_host((name, port))
        .await
        .map_err(|e| {
            ValidationError::new(field, ErrorCode::UnresolvableHost, format!("{name}: {e}"))
        })?
        .collect();
    match found.iter().all(|a| is_public(a.ip())) && !found.is_empty() {
        true => Ok(()),
        false => Err(private_target(field)),
    }
}

/// [`check_resolved`] on each address given (`(field, address)`).
pub async fn check_all<'a>(
    targets: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    allow_private: bool,
) -> Result<(), ValidationError> {
    for (field, url) in targets {
        if let Some(url) = url {
            check_resolved(field, url, allow_private).await?;
        }
    }
    Ok(())
}

fn private_target(field: &str) -> ValidationError {
    ValidationError::new(
        field,
        ErrorCode::PrivateAddress,
        "the address is on this machine or a private network; only public addresses are \
         called (an administrator can allow private ones with --allow-private-targets)",
    )
}

/// Resolves names as the system does, then keeps only public addresses:
/// the connection goes to an address this check saw.
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            if is_local_name(&host) {
                return Err(format!("{host} is this machine: not called").into());
            }
            let public: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| is_public(a.ip()))
                .collect();
            if public.is_empty() {
                return Err(format!("{host} resolves to no public address: not called").into());
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

/// A client builder for calls to user-chosen addresses: no redirects (a
/// redirect would carry credentials to a host nobody checked) and, unless
/// private targets are allowed, only public addresses dialled.
pub fn client(allow_private: bool) -> reqwest::ClientBuilder {
    let builder = crate::http_client().redirect(reqwest::redirect::Policy::none());
    match allow_private {
        true => builder,
        false => builder.dns_resolver(Arc::new(PublicOnly)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_private_addresses_in_every_spelling_are_refused() {
        for url in [
            "http://127.0.0.1:8080/hook",
            "http://2130706433/",
            "http://0x7f.0.0.1/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://10.1.2.3/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://[::ffff:7f00:1]/",
            "http://0.0.0.0/",
            "http://100.64.1.1/",
            "http://localhost:9000/",
            "http://api.localhost/",
        ] {
            let e = check_url("url", url, false).unwrap_err();
            assert_eq!(e.code, "private_address", "{url}");
            assert!(check_url("url", url, true).is_ok(), "{url} when allowed");
        }
        assert!(check_url("url", "https://hooks.example.com/x", false).is_ok());
        assert!(check_url("url", "https://8.8.8.8/", false).is_ok());
        for bad in [
            "ftp://example.com/",
            "http://user:pw@example.com/",
            "nonsense",
        ] {
            assert_eq!(
                check_url("url", bad, false).unwrap_err().code,
                "invalid_url"
            );
        }
    }

    #[tokio::test]
    async fn names_are_resolved_before_they_are_dialled() {
        // "localhost" resolves to loopback: refused at connection time too
        let client = client(false).build().unwrap();
        let e = client.get("http://localhost.:9/").send().await.unwrap_err();
        assert!(format!("{e:?}").contains("not called"), "{e:?}");
        let e = check_resolved("url", "http://localhost./", false)
            .await
            .unwrap_err();
        assert_eq!(e.code, "private_address");
    }
}
