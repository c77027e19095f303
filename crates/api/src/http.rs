//! Outbound HTTP: every reqwest client orderhub builds (webhook deliveries,
//! marketplace pollers, the benchmark's load generator, tests) starts here,
//! so TLS is ready first. reqwest is built with rustls but no crypto
//! provider of its own (its default would add aws-lc, a second crypto
//! library and minutes of build); ring is installed once per process.

use std::sync::Once;

/// A client builder whose HTTPS works: installs the ring provider on
/// first use (building a client before that would panic).
pub fn http_client() -> reqwest::ClientBuilder {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Err means another provider is installed already: that one serves
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn https_is_compiled_in() {
        let client = super::http_client().build().expect("client");
        // nothing listens on port 1: a connection error, not "TLS missing"
        let e = client.get("https://127.0.0.1:1/").send().await.unwrap_err();
        assert!(e.is_connect(), "{e:?}");
    }
}
