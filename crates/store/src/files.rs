//! Files beside the database: product pictures under `<data dir>/images`
//! and proof files under `<data dir>/proofs`, each named by the SHA-256 of its bytes. A name is never taken from an
//! upload, so no request can reach a path orderhub did not write, and a
//! picture stored twice is one file.

use crate::db::Store;
use crate::error::{Result, StoreError};
use orderhub_domain::model::is_image_name;
use orderhub_domain::proof::ProofKind;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The data directory when none is given: `orderhub-data` in the working
/// directory.
pub use crate::db::DEFAULT_DATA_DIR;

impl Store {
    /// Where pictures are kept.
    pub fn images_dir(&self) -> PathBuf {
        self.data_dir.join("images")
    }

    /// Stores a picture (checked by the caller) and returns its name. The
    /// bytes reach the disk before the name is returned, so a row that
    /// names it after a commit never names a missing or partial file.
    pub async fn put_image(&self, bytes: Vec<u8>) -> Result<String> {
        let name = image_name(&bytes);
        put(self.images_dir(), name, bytes).await
    }

    /// A stored picture's bytes; a name that is not a picture's is not
    /// found.
    pub async fn read_image(&self, name: &str) -> Result<Vec<u8>> {
        if !is_image_name(name) {
            return Err(StoreError::not_found("image", name));
        }
        read(self.images_dir(), name, "image").await
    }

    /// Where proof files are kept.
    pub fn proofs_dir(&self) -> PathBuf {
        self.data_dir.join("proofs")
    }

    /// Stores a proof file (checked by the caller) under the hash of its
    /// bytes and the extension of its kind; its name.
    pub async fn put_proof_file(&self, bytes: Vec<u8>, kind: ProofKind) -> Result<String> {
        let name = format!(
            "{}.{}",
            hex::encode(Sha256::digest(&bytes)),
            kind.extension()
        );
        put(self.proofs_dir(), name, bytes).await
    }

    /// A stored proof file's bytes and kind; any other name is not found.
    pub async fn read_proof_file(&self, name: &str) -> Result<(Vec<u8>, ProofKind)> {
        let kind = proof_kind_of(name).ok_or_else(|| StoreError::not_found("file", name))?;
        Ok((read(self.proofs_dir(), name, "file").await?, kind))
    }
}

impl Store {
    /// Where printed documents (contract PDFs) are kept.
    pub fn documents_dir(&self) -> PathBuf {
        self.data_dir.join("documents")
    }

    /// Stores a PDF under the SHA-256 of its bytes; its name.
    pub async fn put_document(&self, bytes: Vec<u8>) -> Result<String> {
        let name = format!("{}.pdf", hex::encode(Sha256::digest(&bytes)));
        put(self.documents_dir(), name, bytes).await
    }

    /// A stored PDF's bytes; a name that is not a stored PDF's is not found.
    pub async fn read_document(&self, name: &str) -> Result<Vec<u8>> {
        if proof_kind_of(name) != Some(ProofKind::Pdf) {
            return Err(StoreError::not_found("document", name));
        }
        read(self.documents_dir(), name, "document").await
    }
}

/// The kind of a proof file's stored name: 64 hex digits and the kind's
/// extension, nothing else (so no name reaches outside the folder).
fn proof_kind_of(name: &str) -> Option<ProofKind> {
    let (hash, ext) = name.split_once('.')?;
    if hash.len() != 64 || !hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    ProofKind::ALL
        .iter()
        .copied()
        .find(|k| k.extension() == ext)
}

async fn put(dir: PathBuf, name: String, bytes: Vec<u8>) -> Result<String> {
    let path = file_path(&dir, &name);
    tokio::task::spawn_blocking(move || write_durably(&path, &bytes))
        .await
        .map_err(|e| StoreError::Files(std::io::Error::other(e)))??;
    Ok(name)
}

async fn read(dir: PathBuf, name: &str, what: &'static str) -> Result<Vec<u8>> {
    let path = file_path(&dir, name);
    let read = tokio::task::spawn_blocking(move || std::fs::read(path))
        .await
        .map_err(|e| StoreError::Files(std::io::Error::other(e)))?;
    match read {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(StoreError::not_found(what, name))
        }
        Err(e) => Err(e.into()),
    }
}

/// The name a picture is stored under: the SHA-256 of its bytes.
pub fn image_name(bytes: &[u8]) -> String {
    format!("{}.jpg", hex::encode(Sha256::digest(bytes)))
}

/// `images/ab/abcdef….jpg`: 256 folders keep each one small.
fn file_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(&name[..2]).join(name)
}

/// Writes a temporary file, syncs it, renames it into place and syncs the
/// folder: readers see the whole file or none. A file already there has
/// the same bytes (its name is their hash).
fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let tmp = folder.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("image"),
        uuid::Uuid::now_v7()
    ));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, path)?;
    std::fs::File::open(folder)?.sync_all()
}
