//! Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, Cloudflare R2,
//! Aliyun OSS in S3 mode…) through the `object_store` crate. Requests are
//! bounded in time and retried only briefly, so an unreachable bucket
//! answers 503 within seconds instead of holding a request for minutes.

use super::{FileBody, Listed};
use crate::error::{Result, StoreError};
use futures::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path;
use object_store::{BackoffConfig, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};
use std::time::{Duration, SystemTime};

/// A bucket and the prefix orderhub's files live under.
#[derive(Debug)]
pub struct Bucket {
    store: AmazonS3,
    name: String,
    prefix: String,
}

impl std::fmt::Display for Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.name, self.prefix)
    }
}

impl Bucket {
    /// `bucket[/prefix]`, with the endpoint, region and credentials from
    /// the environment: `AWS_ENDPOINT_URL` (any S3-compatible server; an
    /// `http://` one is used as given), `AWS_REGION`,
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, and the other
    /// `AWS_*` settings `object_store` reads.
    pub fn from_env(spec: &str) -> Result<Self> {
        Self::build(spec, AmazonS3Builder::from_env())
    }

    /// `bucket[/prefix]` with these settings only (`aws_endpoint`,
    /// `aws_region`, `aws_access_key_id`…, as `object_store` names them),
    /// not the environment's.
    pub fn with_settings<'a>(
        spec: &str,
        settings: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self> {
        let mut builder = AmazonS3Builder::new();
        for (key, value) in settings {
            let key: AmazonS3ConfigKey = key
                .parse()
                .map_err(|e| StoreError::Config(format!("{key}: {e}")))?;
            builder = builder.with_config(key, value);
        }
        Self::build(spec, builder)
    }

    fn build(spec: &str, builder: AmazonS3Builder) -> Result<Self> {
        let (name, prefix) = spec.split_once('/').unwrap_or((spec, ""));
        let prefix = prefix.trim_matches('/').to_owned();
        if name.is_empty() {
            return Err(StoreError::Config(
                "ORDERHUB_FILES=s3://… names no bucket".into(),
            ));
        }
        // reqwest is built without a crypto provider of its own (see
        // orderhub-api's `http`): ring serves, installed before the client
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = builder.with_bucket_name(name);
        // an endpoint given as http:// (MinIO or moto on this machine) is
        // meant as given; requests keep object_store's time limits (5 s to
        // connect, 30 s per request)
        if builder
            .get_config_value(&AmazonS3ConfigKey::Endpoint)
            .is_some_and(|e| e.starts_with("http://"))
        {
            builder = builder.with_config(
                AmazonS3ConfigKey::Client(object_store::ClientConfigKey::AllowHttp),
                "true",
            );
        }
        let store = builder
            .with_retry(RetryConfig {
                backoff: BackoffConfig {
                    init_backoff: Duration::from_millis(100),
                    max_backoff: Duration::from_secs(1),
                    base: 2.0,
                },
                max_retries: 2,
                retry_timeout: Duration::from_secs(10),
            })
            .build()
            .map_err(|e| StoreError::Config(format!("the bucket {name}: {e}")))?;
        Ok(Bucket {
            store,
            name: name.to_owned(),
            prefix,
        })
    }

    fn path(&self, key: &str) -> Path {
        if self.prefix.is_empty() {
            Path::from(key)
        } else {
            Path::from(format!("{}/{key}", self.prefix))
        }
    }

    /// The key of an object's path: without the prefix.
    fn key_of(&self, location: &Path) -> String {
        let full = location.as_ref();
        match self.prefix.is_empty() {
            true => full.to_owned(),
            false => full
                .strip_prefix(&self.prefix)
                .map(|k| k.trim_start_matches('/'))
                .unwrap_or(full)
                .to_owned(),
        }
    }

    pub(super) async fn check(&self) -> Result<()> {
        let prefix = self.path("images");
        let mut listing = self.store.list(Some(&prefix));
        listing.next().await.transpose().map_err(unavailable)?;
        Ok(())
    }

    /// Writes the object whole. Written again when it is there (same
    /// name, same bytes): its time is then now, so the sweeper gives it a
    /// whole grace period before the row that names it commits.
    pub(super) async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<()> {
        self.store
            .put(&self.path(key), PutPayload::from(bytes))
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// Writes an empty object at `key` unless one is there (a
    /// conditional put, `If-None-Match: *`); whether this call wrote it.
    pub(super) async fn create(&self, key: &str) -> Result<bool> {
        let opts = object_store::PutOptions::from(object_store::PutMode::Create);
        match self
            .store
            .put_opts(&self.path(key), PutPayload::new(), opts)
            .await
        {
            Ok(_) => Ok(true),
            Err(object_store::Error::AlreadyExists { .. }) => Ok(false),
            Err(e) => Err(unavailable(e)),
        }
    }

    pub(super) async fn open(&self, key: &str) -> Result<Option<FileBody>> {
        let got = match self.store.get(&self.path(key)).await {
            Ok(g) => g,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(unavailable(e)),
        };
        let size = got.meta.size;
        let stream = got.into_stream().map_err(std::io::Error::other);
        Ok(Some(FileBody {
            size,
            stream: Box::pin(stream),
        }))
    }

    pub(super) async fn list(&self, folder: &str) -> Result<Vec<Listed>> {
        let prefix = self.path(folder);
        self.store
            .list(Some(&prefix))
            .map_ok(|meta| Listed {
                name: meta.location.filename().unwrap_or_default().to_owned(),
                key: self.key_of(&meta.location),
                modified: SystemTime::from(meta.last_modified),
            })
            .try_collect()
            .await
            .map_err(unavailable)
    }

    pub(super) async fn modified(&self, key: &str) -> Result<Option<SystemTime>> {
        match self.store.head(&self.path(key)).await {
            Ok(meta) => Ok(Some(SystemTime::from(meta.last_modified))),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    pub(super) async fn delete(&self, key: &str) -> Result<()> {
        match self.store.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

/// Any failure of the bucket but a missing object: the caller hears 503
/// and may retry; the reason is logged.
fn unavailable(e: object_store::Error) -> StoreError {
    StoreError::FilesUnavailable(e.to_string())
}
