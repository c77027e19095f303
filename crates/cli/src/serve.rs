//! `orderhub serve`: migrate, make sure an admin token exists, serve until
//! SIGTERM or Ctrl-C.

use crate::{demo, open, redact};
use anyhow::Context;
use clap::Args;
use orderhub_domain::model::{Actor, NewUser};
use orderhub_domain::{Party, Role};
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

    /// Mark the session cookie Secure (sent only over HTTPS or to
    /// localhost). Set to false only behind a plain-HTTP proxy on a private
    /// network.
    #[arg(long, env = "ORDERHUB_SECURE_COOKIES", default_value_t = true, action = clap::ArgAction::Set)]
    secure_cookies: bool,

    /// The URL browsers use, when a proxy in front rewrites the Host
    /// header (e.g. https://orders.example.com).
    #[arg(long, env = "ORDERHUB_PUBLIC_URL")]
    public_url: Option<String>,

    /// Trust X-Forwarded-For for the client's address (login throttling):
    /// only behind a proxy that sets it.
    #[arg(long, env = "ORDERHUB_TRUST_PROXY", default_value_t = false, action = clap::ArgAction::Set)]
    trust_proxy: bool,

    /// Connections served at once; more are closed when accepted (keep it
    /// under the process's open-file limit, `ulimit -n`).
    #[arg(long, env = "ORDERHUB_MAX_CONNECTIONS", default_value_t = 1024)]
    max_connections: usize,

    /// Seconds a client may take to send a request's headers, and that a
    /// kept-alive connection may sit idle.
    #[arg(long, env = "ORDERHUB_HEADER_TIMEOUT", default_value_t = 20)]
    header_timeout: u64,

    /// Let webhook endpoints and marketplace API addresses be on this
    /// machine or a private network (receivers you host yourself). Off,
    /// only public addresses are called.
    #[arg(long, env = "ORDERHUB_ALLOW_PRIVATE_TARGETS", default_value_t = false, action = clap::ArgAction::Set)]
    allow_private_targets: bool,

    /// Serve /metrics to anyone (e.g. on a private network). Off, a
    /// scraper sends --metrics-token or an admin API token.
    #[arg(long, env = "ORDERHUB_PUBLIC_METRICS", default_value_t = false, action = clap::ArgAction::Set)]
    public_metrics: bool,

    /// A bearer token Prometheus may scrape /metrics with.
    #[arg(long, env = "ORDERHUB_METRICS_TOKEN", hide_env_values = true)]
    metrics_token: Option<String>,

    /// Cancel orders still pending and unpaid this many hours after they
    /// were placed (待支付超时自动取消). 0, the default, keeps them.
    #[arg(long, env = "ORDERHUB_CANCEL_UNPAID_AFTER_HOURS", default_value_t = 0)]
    cancel_unpaid_after_hours: u64,

    /// Complete orders this many days after they shipped when nobody
    /// confirmed receipt (自动确认收货, as marketplaces do). 0, the
    /// default, waits for an operator (or the marketplace) to confirm.
    #[arg(long, env = "ORDERHUB_CONFIRM_RECEIPT_AFTER_DAYS", default_value_t = 0)]
    confirm_receipt_after_days: u64,

    /// A tracking provider (docs/operations.md, "Tracking parcels"):
    /// shipped parcels are followed there and marked delivered, and an
    /// order whose parcels are all delivered completes.
    #[arg(long, env = "ORDERHUB_TRACKING_URL")]
    tracking_url: Option<String>,

    /// The tracking provider's key, sent as a bearer token.
    #[arg(long, env = "ORDERHUB_TRACKING_KEY", hide_env_values = true)]
    tracking_key: Option<String>,

    /// Minutes between two looks at one parcel.
    #[arg(long, env = "ORDERHUB_TRACKING_EVERY_MINUTES", default_value_t = 240)]
    tracking_every_minutes: u64,

    /// The SMTP server notifications are e-mailed through:
    /// `smtps://user:pass@smtp.example.com` (TLS), `smtp://…?tls=required`
    /// (STARTTLS) or `smtp://127.0.0.1:25` (a relay on this machine).
    /// Without it, e-mail is off; the inbox and group robots still work.
    #[arg(long, env = "ORDERHUB_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,

    /// The sender of notification e-mail.
    #[arg(
        long,
        env = "ORDERHUB_MAIL_FROM",
        default_value = "orderhub <orderhub@localhost>"
    )]
    mail_from: String,

    /// Remind a supplier of a task not accepted this many hours after it
    /// was assigned (sooner when its category's time to accept is short).
    #[arg(long, env = "ORDERHUB_REMIND_ACCEPT_AFTER_HOURS", default_value_t = 24)]
    remind_accept_after_hours: u64,

    /// A PostgreSQL streaming replica of the database (a hot standby) for
    /// the heavy reads: the order list and search, exports and statistics.
    /// Those pages say how far behind it is; everything else reads the
    /// primary.
    #[arg(long, env = "ORDERHUB_READ_DATABASE_URL", hide_env_values = true)]
    read_database_url: Option<String>,

    /// Keep a stored file that no row names (a replaced picture, an
    /// upload whose save failed) this many hours before the hourly sweep
    /// removes it; instances may be writing it now.
    #[arg(long, env = "ORDERHUB_FILES_GRACE_HOURS", default_value_t = 24)]
    files_grace_hours: u64,

    /// The font contracts are printed in: a .ttf, .otf or .ttc file
    /// (`path#face` for a face of a collection). Default: the first CJK
    /// font found (Debian's fonts-noto-cjk, Droid or WenQuanYi).
    #[arg(long, env = "ORDERHUB_PDF_FONT")]
    pdf_font: Option<String>,

    /// Stripe's secret API key: invoices may then be paid by card through
    /// Stripe Checkout (with --stripe-webhook-secret).
    #[arg(long, env = "ORDERHUB_STRIPE_SECRET_KEY", hide_env_values = true)]
    stripe_secret_key: Option<String>,

    /// The signing secret of the Stripe webhook endpoint pointed at
    /// `/api/v1/payments/stripe/webhook`.
    #[arg(long, env = "ORDERHUB_STRIPE_WEBHOOK_SECRET", hide_env_values = true)]
    stripe_webhook_secret: Option<String>,

    /// Where Stripe's API answers.
    #[arg(
        long,
        env = "ORDERHUB_STRIPE_API",
        default_value = "https://api.stripe.com"
    )]
    stripe_api: String,

    /// The Alipay application's id: invoices in CNY may then be paid with
    /// Alipay (with --alipay-private-key and --alipay-public-key, and
    /// --public-url for its notifications).
    #[arg(long, env = "ORDERHUB_ALIPAY_APP_ID")]
    alipay_app_id: Option<String>,

    /// A file with the application's RSA private key (PEM, PKCS#8 or PKCS#1).
    #[arg(long, env = "ORDERHUB_ALIPAY_PRIVATE_KEY")]
    alipay_private_key: Option<std::path::PathBuf>,

    /// A file with Alipay's public key (PEM, or the console's base64).
    #[arg(long, env = "ORDERHUB_ALIPAY_PUBLIC_KEY")]
    alipay_public_key: Option<std::path::PathBuf>,

    /// Alipay's gateway.
    #[arg(
        long,
        env = "ORDERHUB_ALIPAY_GATEWAY",
        default_value = "https://openapi.alipay.com/gateway.do"
    )]
    alipay_gateway: String,

    /// The WeChat Pay merchant id (商户号): CNY invoices may then be paid
    /// with WeChat Pay Native (with the other --wechat-* settings and
    /// --public-url for its notifications).
    #[arg(long, env = "ORDERHUB_WECHAT_MCHID")]
    wechat_mchid: Option<String>,

    /// The app id payments are made in.
    #[arg(long, env = "ORDERHUB_WECHAT_APPID")]
    wechat_appid: Option<String>,

    /// The merchant certificate's serial number.
    #[arg(long, env = "ORDERHUB_WECHAT_SERIAL_NO")]
    wechat_serial_no: Option<String>,

    /// A file with the merchant's RSA private key (apiclient_key.pem).
    #[arg(long, env = "ORDERHUB_WECHAT_PRIVATE_KEY")]
    wechat_private_key: Option<std::path::PathBuf>,

    /// A file with WeChat Pay's platform public key (PEM).
    #[arg(long, env = "ORDERHUB_WECHAT_PLATFORM_KEY")]
    wechat_platform_key: Option<std::path::PathBuf>,

    /// The APIv3 key (32 characters).
    #[arg(long, env = "ORDERHUB_WECHAT_API_V3_KEY", hide_env_values = true)]
    wechat_api_v3_key: Option<String>,

    /// Where WeChat Pay's API answers.
    #[arg(
        long,
        env = "ORDERHUB_WECHAT_API",
        default_value = "https://api.mch.weixin.qq.com"
    )]
    wechat_api: String,
}

/// WeChat Pay's settings, when its merchant is set: keys read and checked
/// now, so a wrong file stops the server at start.
fn wechat(args: &ServeArgs) -> anyhow::Result<Option<orderhub_api::WechatConfig>> {
    use orderhub_channels::pay::rsa::{PrivateKey, PublicKey};
    use orderhub_channels::pay::wechat::WechatKeys;
    let Some(mchid) = args.wechat_mchid.clone().filter(|m| !m.is_empty()) else {
        return Ok(None);
    };
    let need = |v: &Option<String>, what: &str| {
        v.clone()
            .filter(|v| !v.is_empty())
            .with_context(|| format!("--wechat-mchid needs --wechat-{what}"))
    };
    let read = |path: &Option<std::path::PathBuf>, what: &str| read_key(path, "wechat", what);
    let v3 = need(&args.wechat_api_v3_key, "api-v3-key")?;
    let api_v3_key: [u8; 32] = v3
        .as_bytes()
        .try_into()
        .ok()
        .context("--wechat-api-v3-key is 32 characters")?;
    Ok(Some(orderhub_api::WechatConfig {
        keys: WechatKeys {
            mchid,
            appid: need(&args.wechat_appid, "appid")?,
            serial_no: need(&args.wechat_serial_no, "serial-no")?,
            merchant_key: std::sync::Arc::new(
                PrivateKey::from_pem(&read(&args.wechat_private_key, "private-key")?)
                    .context("--wechat-private-key")?,
            ),
            platform_key: PublicKey::from_pem(&read(&args.wechat_platform_key, "platform-key")?)
                .context("--wechat-platform-key")?,
            api_v3_key,
        },
        api_base: args.wechat_api.trim_end_matches('/').to_owned(),
    }))
}

/// The key file `--<provider>-<what>` names, read.
fn read_key(
    path: &Option<std::path::PathBuf>,
    provider: &str,
    what: &str,
) -> anyhow::Result<String> {
    let path = path
        .as_ref()
        .with_context(|| format!("{provider} needs --{provider}-{what}"))?;
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Alipay's settings, when its application is set: its keys read and
/// checked now, so a wrong file stops the server at start.
fn alipay(args: &ServeArgs) -> anyhow::Result<Option<orderhub_api::AlipayConfig>> {
    use orderhub_channels::pay::alipay::AlipayKeys;
    use orderhub_channels::pay::rsa::{PrivateKey, PublicKey};
    let Some(app_id) = args.alipay_app_id.clone().filter(|a| !a.is_empty()) else {
        return Ok(None);
    };
    let read = |path: &Option<std::path::PathBuf>, what: &str| read_key(path, "alipay", what);
    let app_key = PrivateKey::from_pem(&read(&args.alipay_private_key, "private-key")?)
        .context("--alipay-private-key")?;
    let alipay_key = PublicKey::from_pem(&read(&args.alipay_public_key, "public-key")?)
        .context("--alipay-public-key")?;
    Ok(Some(orderhub_api::AlipayConfig {
        keys: AlipayKeys {
            app_id,
            app_key: std::sync::Arc::new(app_key),
            alipay_key,
        },
        gateway: args.alipay_gateway.clone(),
    }))
}

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    use std::io::IsTerminal;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    if std::env::var("ORDERHUB_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

pub async fn run(database_url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let store = open(database_url).await?;
    store
        .files()
        .check()
        .await
        .with_context(|| format!("reaching the file store {}", store.files().describe()))?;
    let store = match args.read_database_url.as_deref().filter(|u| !u.is_empty()) {
        Some(url) => store
            .with_replica(url)
            .await
            .with_context(|| format!("connecting to the read replica {}", redact(url)))?,
        None => store,
    };
    tracing::info!(database = %redact(database_url), backend = ?store.backend(), "database ready");
    let printed = ensure_token(&store, &args).await?;
    let admin = ensure_admin(&store).await?;
    let mut logins = Vec::new();
    if args.demo {
        let fresh = demo::is_empty(&store).await?;
        if fresh {
            let summary = demo::load(&store, 40, true).await?;
            println!("Demo data loaded: {summary}");
        } else {
            println!("Database already holds data; demo data not loaded again.");
        }
        logins = demo::ensure_logins(&store, fresh).await?;
    }
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("binding {}", args.listen))?;
    let addr = listener.local_addr()?;
    println!("orderhub listening on http://{addr}  (API docs: http://{addr}/api/docs)");
    if let Some((email, password)) = admin {
        println!("First admin account (password shown once): {email} / {password}");
    }
    demo::print_logins(&logins);
    if let Some(token) = printed {
        println!("Admin API token (shown once; stored hashed):\n{token}");
    }
    tracing::info!(%addr, "listening");
    let config = orderhub_api::ApiConfig {
        secure_cookies: args.secure_cookies,
        public_url: args.public_url.clone(),
        trust_proxy: args.trust_proxy,
        connections: orderhub_api::ConnectionLimits {
            max_connections: args.max_connections.max(1),
            header_timeout: std::time::Duration::from_secs(args.header_timeout.max(1)),
            ..Default::default()
        },
        allow_private_targets: args.allow_private_targets,
        public_metrics: args.public_metrics,
        metrics_token: args.metrics_token.clone().filter(|t| !t.is_empty()),
        cancel_unpaid_after: (args.cancel_unpaid_after_hours > 0)
            .then(|| std::time::Duration::from_secs(args.cancel_unpaid_after_hours * 3600)),
        confirm_receipt_after: (args.confirm_receipt_after_days > 0)
            .then(|| std::time::Duration::from_secs(args.confirm_receipt_after_days * 86_400)),
        pdf_font: args.pdf_font.clone().filter(|f| !f.is_empty()),
        tracking: args
            .tracking_url
            .clone()
            .filter(|u| !u.is_empty())
            .map(|url| orderhub_api::TrackingConfig {
                url,
                key: args.tracking_key.clone().filter(|k| !k.is_empty()),
                every: std::time::Duration::from_secs(args.tracking_every_minutes.max(1) * 60),
            }),
        stripe: match (&args.stripe_secret_key, &args.stripe_webhook_secret) {
            (Some(key), Some(secret)) if !key.is_empty() && !secret.is_empty() => {
                Some(orderhub_api::StripeConfig {
                    secret_key: key.clone(),
                    webhook_secret: secret.clone(),
                    api_base: args.stripe_api.trim_end_matches('/').to_owned(),
                })
            }
            _ => None,
        },
        alipay: alipay(&args)?,
        wechat: wechat(&args)?,
        mail: args.smtp_url.clone().filter(|u| !u.is_empty()).map(|url| {
            orderhub_api::notifier::MailConfig {
                url,
                from: args.mail_from.clone(),
            }
        }),
        remind_accept_after: std::time::Duration::from_secs(
            args.remind_accept_after_hours.max(1) * 3600,
        ),
        files_grace: std::time::Duration::from_secs(args.files_grace_hours.max(1) * 3600),
    };
    orderhub_api::serve(listener, store.clone(), config, shutdown_signal()).await?;
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

/// On a database with no accounts, creates the first admin with a random
/// password, returned to be printed once.
async fn ensure_admin(store: &Store) -> anyhow::Result<Option<(String, String)>> {
    if store.count_users().await? > 0 {
        return Ok(None);
    }
    let email = "admin@orderhub.local".to_owned();
    let password = crate::accounts::generate_password();
    let new = NewUser {
        email: email.clone(),
        display_name: Some("Administrator".into()),
        role: Role::Admin,
        supplier: None,
        buyer: None,
        org_role: None,
        password: password.clone(),
    };
    store
        .create_user(
            &Actor {
                label: "system".into(),
                party: Party::System,
            },
            new,
        )
        .await?;
    Ok(Some((email, password)))
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
