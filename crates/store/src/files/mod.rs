//! Files beside the database: product pictures (`images/`), proof files
//! (`proofs/`) and printed documents (`documents/`), each named by the
//! SHA-256 of its bytes, in a folder on this machine or in an
//! S3-compatible bucket ([`Files`]). A name is never taken from an upload,
//! so no request can reach a path orderhub did not write, and a file
//! stored twice is one file. A file is written before the transaction that
//! names it commits; files no row names any more are removed by the
//! sweeper ([`Store::sweep_files`]) once they are older than a grace
//! period.

mod bucket;
mod local;
mod sweep;

use crate::db::Store;
use crate::error::{Result, StoreError};
use bytes::Bytes;
use futures::stream::BoxStream;
use orderhub_domain::model::is_image_name;
use orderhub_domain::proof::ProofKind;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

pub use bucket::Bucket;
pub use sweep::Swept;

/// The data directory when none is given: `orderhub-data` in the working
/// directory.
pub use crate::db::DEFAULT_DATA_DIR;

/// Where files live.
#[derive(Clone, Debug)]
pub enum Files {
    /// A folder on this machine (`--data-dir`). Instances sharing a
    /// database must share it (a network file system).
    Local(Arc<PathBuf>),
    /// An S3-compatible bucket (`ORDERHUB_FILES=s3://bucket/prefix`):
    /// instances need share nothing but the database and the bucket.
    Bucket(Arc<Bucket>),
}

/// The kinds of stored files, each in its own folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folder {
    /// Product pictures (`<sha-256>.jpg`).
    Images,
    /// Proofs, attachments, payment slips, after-sales photos.
    Proofs,
    /// Printed contracts and invoices (`<sha-256>.pdf`).
    Documents,
}

impl Folder {
    /// Every folder, in the order the sweeper walks them.
    pub const ALL: [Folder; 3] = [Folder::Images, Folder::Proofs, Folder::Documents];

    /// The folder's name in the data directory or the bucket.
    pub fn name(self) -> &'static str {
        match self {
            Folder::Images => "images",
            Folder::Proofs => "proofs",
            Folder::Documents => "documents",
        }
    }

    fn entity(self) -> &'static str {
        match self {
            Folder::Images => "image",
            Folder::Proofs => "file",
            Folder::Documents => "document",
        }
    }

    /// Whether `name` is a name orderhub stores in this folder (the hash
    /// and an extension it writes): nothing else is ever read or removed.
    pub fn holds(self, name: &str) -> bool {
        match self {
            Folder::Images => is_image_name(name),
            Folder::Proofs => proof_kind_of(name).is_some(),
            Folder::Documents => proof_kind_of(name) == Some(ProofKind::Pdf),
        }
    }

    /// `images/ab/abcdef….jpg`: 256 sub-folders keep each one small.
    fn key(self, name: &str) -> String {
        format!("{}/{}/{name}", self.name(), &name[..2])
    }
}

/// A stored file, read as it is sent rather than loaded whole.
pub struct FileBody {
    /// Its length in bytes.
    pub size: u64,
    /// Its bytes, in pieces.
    pub stream: BoxStream<'static, std::io::Result<Bytes>>,
}

/// Bytes made now (a printed sheet), sent as a stored file is.
impl From<Vec<u8>> for FileBody {
    fn from(bytes: Vec<u8>) -> Self {
        let size = bytes.len() as u64;
        let piece = std::io::Result::Ok(Bytes::from(bytes));
        FileBody {
            size,
            stream: Box::pin(futures::stream::once(async move { piece })),
        }
    }
}

/// A stored file as the sweeper sees it.
#[derive(Debug, Clone)]
pub(crate) struct Listed {
    /// Its name, without the folders.
    pub name: String,
    /// Its key: the folders and the name.
    pub key: String,
    pub modified: SystemTime,
}

impl Files {
    /// The folder `dir`.
    pub fn local(dir: impl Into<PathBuf>) -> Self {
        Files::Local(Arc::new(dir.into()))
    }

    /// Where files go for `spec`: empty for `data_dir`, or
    /// `s3://bucket[/prefix]` with the endpoint, region and credentials
    /// from the `AWS_*` environment variables ([`Bucket::from_env`]).
    pub fn parse(spec: &str, data_dir: &std::path::Path) -> Result<Self> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Ok(Files::local(data_dir));
        }
        if let Some(rest) = spec.strip_prefix("s3://") {
            return Ok(Files::Bucket(Arc::new(Bucket::from_env(rest)?)));
        }
        Err(StoreError::Config(format!(
            "ORDERHUB_FILES must be empty (files under --data-dir) or s3://bucket/prefix, not {spec:?}"
        )))
    }

    /// Where files are, for logs and the operations page.
    pub fn describe(&self) -> String {
        match self {
            Files::Local(dir) => dir.display().to_string(),
            Files::Bucket(b) => b.to_string(),
        }
    }

    /// Whether files can be written and read: the folder is made, the
    /// bucket answers a listing.
    pub async fn check(&self) -> Result<()> {
        match self {
            Files::Local(dir) => local::check(dir.to_path_buf()).await,
            Files::Bucket(b) => b.check().await,
        }
    }

    async fn put(&self, folder: Folder, name: &str, bytes: Vec<u8>) -> Result<()> {
        let key = folder.key(name);
        match self {
            Files::Local(dir) => local::put(dir.join(key), bytes).await,
            Files::Bucket(b) => b.put(&key, bytes).await,
        }
    }

    async fn open(&self, folder: Folder, name: &str) -> Result<FileBody> {
        if !folder.holds(name) {
            return Err(StoreError::not_found(folder.entity(), name));
        }
        let key = folder.key(name);
        let opened = match self {
            Files::Local(dir) => local::open(dir.join(key)).await,
            Files::Bucket(b) => b.open(&key).await,
        };
        opened?.ok_or_else(|| StoreError::not_found(folder.entity(), name))
    }

    /// The stored files of `folder`: names orderhub writes, and the
    /// temporary files a crash left behind in a local folder.
    pub(crate) async fn list(&self, folder: Folder) -> Result<Vec<Listed>> {
        let mut listed = match self {
            Files::Local(dir) => local::list(dir, folder.name()).await?,
            Files::Bucket(b) => b.list(folder.name()).await?,
        };
        listed.retain(|f| folder.holds(&f.name) || is_leftover(&f.name));
        Ok(listed)
    }

    /// When the file was last written (or written again), if it is there.
    pub async fn modified(&self, folder: Folder, name: &str) -> Result<Option<SystemTime>> {
        self.modified_key(&folder.key(name)).await
    }
}

/// Files by key, for what is not content-addressed (previewed uploads):
/// the key is made by orderhub, never taken from a request.
impl Files {
    pub(crate) async fn put_key(&self, key: &str, bytes: Vec<u8>) -> Result<()> {
        match self {
            Files::Local(dir) => local::put(dir.join(key), bytes).await,
            Files::Bucket(b) => b.put(key, bytes).await,
        }
    }

    /// Writes `key` unless it is there; whether this call wrote it (of
    /// several instances trying at once, exactly one does).
    pub(crate) async fn create_key(&self, key: &str) -> Result<bool> {
        match self {
            Files::Local(dir) => local::create(dir.join(key)).await,
            Files::Bucket(b) => b.create(key).await,
        }
    }

    /// The whole file at `key`, if it is there.
    pub(crate) async fn get_key(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let opened = match self {
            Files::Local(dir) => local::open(dir.join(key)).await?,
            Files::Bucket(b) => b.open(key).await?,
        };
        match opened {
            Some(body) => Ok(Some(collect(body).await?)),
            None => Ok(None),
        }
    }

    pub(crate) async fn modified_key(&self, key: &str) -> Result<Option<SystemTime>> {
        match self {
            Files::Local(dir) => local::modified(dir.join(key)).await,
            Files::Bucket(b) => b.modified(key).await,
        }
    }

    /// The files directly under `folder/`.
    pub(crate) async fn list_key(&self, folder: &str) -> Result<Vec<Listed>> {
        match self {
            Files::Local(dir) => local::list_flat(dir, folder).await,
            Files::Bucket(b) => b.list(folder).await,
        }
    }

    /// The files under `folder/<sub>/`, one level of sub-folders down.
    pub(crate) async fn list_tree(&self, folder: &str) -> Result<Vec<Listed>> {
        match self {
            Files::Local(dir) => local::list(dir, folder).await,
            Files::Bucket(b) => b.list(folder).await,
        }
    }

    pub(crate) async fn delete_key(&self, key: &str) -> Result<()> {
        match self {
            Files::Local(dir) => local::delete(dir.join(key)).await,
            Files::Bucket(b) => b.delete(key).await,
        }
    }
}

/// A whole stored file (a picture placed in a spreadsheet, a proof
/// attached to a case): files are capped when uploaded, so this is small.
async fn collect(body: FileBody) -> Result<Vec<u8>> {
    use futures::TryStreamExt;
    let mut out = Vec::with_capacity(usize::try_from(body.size).unwrap_or(0).min(64 << 20));
    let mut stream = body.stream;
    while let Some(piece) = stream.try_next().await.map_err(StoreError::files)? {
        out.extend_from_slice(&piece);
    }
    Ok(out)
}

impl Store {
    /// Where files live.
    pub fn files(&self) -> &Files {
        &self.files
    }

    /// The data directory (previews, and stored files unless they are in
    /// a bucket).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// Stores a picture (checked by the caller) and returns its name. The
    /// bytes are stored before the name is returned, so a row that names
    /// it after a commit never names a missing or partial file.
    pub async fn put_image(&self, bytes: Vec<u8>) -> Result<String> {
        let name = image_name(&bytes);
        self.files.put(Folder::Images, &name, bytes).await?;
        Ok(name)
    }

    /// A stored picture's bytes; a name that is not a picture's is not
    /// found.
    pub async fn read_image(&self, name: &str) -> Result<Vec<u8>> {
        collect(self.open_image(name).await?).await
    }

    /// A stored picture, to send.
    pub async fn open_image(&self, name: &str) -> Result<FileBody> {
        self.files.open(Folder::Images, name).await
    }

    /// Stores a proof file (checked by the caller) under the hash of its
    /// bytes and the extension of its kind; its name.
    pub async fn put_proof_file(&self, bytes: Vec<u8>, kind: ProofKind) -> Result<String> {
        let name = format!(
            "{}.{}",
            hex::encode(Sha256::digest(&bytes)),
            kind.extension()
        );
        self.files.put(Folder::Proofs, &name, bytes).await?;
        Ok(name)
    }

    /// A stored proof file's bytes and kind; any other name is not found.
    pub async fn read_proof_file(&self, name: &str) -> Result<(Vec<u8>, ProofKind)> {
        let (body, kind) = self.open_proof_file(name).await?;
        Ok((collect(body).await?, kind))
    }

    /// A stored proof file and its kind, to send.
    pub async fn open_proof_file(&self, name: &str) -> Result<(FileBody, ProofKind)> {
        let body = self.files.open(Folder::Proofs, name).await?;
        let kind = proof_kind_of(name).ok_or_else(|| StoreError::not_found("file", name))?;
        Ok((body, kind))
    }

    /// Stores a PDF under the SHA-256 of its bytes; its name.
    pub async fn put_document(&self, bytes: Vec<u8>) -> Result<String> {
        let name = format!("{}.pdf", hex::encode(Sha256::digest(&bytes)));
        self.files.put(Folder::Documents, &name, bytes).await?;
        Ok(name)
    }

    /// A stored PDF, to send; a name that is not a stored PDF's is not
    /// found.
    pub async fn open_document(&self, name: &str) -> Result<FileBody> {
        self.files.open(Folder::Documents, name).await
    }
}

/// The kind of a proof file's stored name: 64 hex digits and the kind's
/// extension, nothing else (so no name reaches outside the folder).
fn proof_kind_of(name: &str) -> Option<ProofKind> {
    let (hash, ext) = name.split_once('.')?;
    if !is_hash(hash) {
        return None;
    }
    ProofKind::ALL
        .iter()
        .copied()
        .find(|k| k.extension() == ext)
}

/// A temporary file of a local write (`.<name>.<uuid>.tmp`, renamed into
/// place when whole) that a crash left behind: no row ever names one.
fn is_leftover(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp")
}

/// 64 lower-case hex digits: a SHA-256 as orderhub writes it.
fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The name a picture is stored under: the SHA-256 of its bytes.
pub fn image_name(bytes: &[u8]) -> String {
    format!("{}.jpg", hex::encode(Sha256::digest(bytes)))
}
