//! `orderhub serve`: migrate, make sure an admin token exists, serve until
//! SIGTERM or Ctrl-C.

use crate::{demo, open, redact};
use anyhow::Context;
use clap::Args;
use orderhub_store::{MIN_TOKEN_LEN, Store, generate_token};
use std::net::SocketAddr;
use tokio::net::TcpListener;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "ORDERHUB_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,

    /// Load demo data into an empty database and print a fresh demo token.
    #[arg(long)]
    demo: bool,

    /// Admin token to accept (stored hashed). Without it, one is generated
    /// and printed once on the first start.
    #[arg(long, env = "ORDERHUB_BOOTSTRAP_TOKEN", hide_env_values = true)]
    bootstrap_token: Option<String>,
}

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("ORDERHUB_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

pub async fn run(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let store = open(database_url).await?;
    tracing::info!(database = %redact(database_url), backend = ?store.backend(), "database ready");
    let printed = ensure_token(&store, &args).await?;
    if args.demo {
        if demo::is_empty(&store).await? {
            let summary = demo::load(&store, 40).await?;
            println!("Demo data loaded: {summary}");
        } else {
            println!("Database already holds data; demo data not loaded again.");
        }
    }
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("binding {}", args.listen))?;
    let addr = listener.local_addr()?;
    println!("orderhub listening on http://{addr}  (API docs: http://{addr}/api/docs)");
    if let Some(token) = printed {
        println!("Admin API token (shown once; stored hashed):\n{token}");
    }
    tracing::info!(%addr, "listening");
    orderhub_api::serve(listener, store.clone(), shutdown_signal()).await?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Stores the configured bootstrap token, or creates one when none exists
/// (or, with `--demo`, a fresh demo token each start). Returns a token to
/// print, if one was generated.
async fn ensure_token(store: &Store, args: &ServeArgs) -> anyhow::Result<Option<String>> {
    if let Some(token) = args
        .bootstrap_token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        anyhow::ensure!(
            token.len() >= MIN_TOKEN_LEN,
            "ORDERHUB_BOOTSTRAP_TOKEN must be at least {MIN_TOKEN_LEN} characters (try: openssl rand -hex 24)"
        );
        store.put_token("bootstrap", "admin", token).await?;
        return Ok(None);
    }
    if args.demo {
        let token = generate_token();
        store.put_token("demo", "admin", &token).await?;
        return Ok(Some(token));
    }
    if store.has_tokens().await? {
        return Ok(None);
    }
    let token = generate_token();
    store.put_token("bootstrap", "admin", &token).await?;
    Ok(Some(token))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
