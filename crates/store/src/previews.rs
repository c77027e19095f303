//! Files uploaded in the web app and previewed, waiting for the uploader
//! to confirm: kept with the stored files (never in memory, where twenty
//! 60 MB zips held 1.3 GB), in the data directory or the bucket, so any
//! instance can finish the import. A preview lasts 15 minutes; each
//! uploader keeps at most [`PER_UPLOADER`] (the oldest goes first), and
//! the file sweeper removes expired ones.
//!
//! Layout: `previews/<uploader>/<token>.bin` (the file), `.json` (who,
//! name, the form's choices; written last, so a preview without it is not
//! there yet) and `.taken` (written once, by whoever takes it).

use crate::db::Store;
use crate::error::Result;
use crate::files::Files;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::{Duration, SystemTime};

/// How long a previewed file waits.
pub const PREVIEW_TTL: Duration = Duration::from_secs(15 * 60);
/// Previews one uploader may have waiting.
pub const PER_UPLOADER: usize = 3;
/// The folder previews live under.
const PREVIEWS: &str = "previews";

/// A previewed file: who uploaded it, its name and the form's choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub who: String,
    pub name: String,
    pub choices: Vec<String>,
}

/// The uploader's folder: a hash of who they are, so no name of theirs
/// shapes a path.
fn folder(who: &str) -> String {
    let hash = hex::encode(Sha256::digest(who.as_bytes()));
    format!("{PREVIEWS}/{}", &hash[..32])
}

fn expired(modified: SystemTime) -> bool {
    modified.elapsed().is_ok_and(|age| age > PREVIEW_TTL)
}

impl Store {
    /// Keeps `bytes` for `preview.who`; the token that names it.
    pub async fn keep_preview(&self, preview: Preview, bytes: Vec<u8>) -> Result<String> {
        let dir = folder(&preview.who);
        self.make_room(&dir).await?;
        let token = hex::encode(rand::random::<[u8; 16]>());
        let meta = serde_json::to_vec(&preview).map_err(|e| {
            crate::error::StoreError::Corrupt(format!("a preview's description: {e}"))
        })?;
        self.files
            .put_key(&format!("{dir}/{token}.bin"), bytes)
            .await?;
        // the description last: a preview without one is not yet there
        self.files
            .put_key(&format!("{dir}/{token}.json"), meta)
            .await?;
        Ok(token)
    }

    /// The file `who` previewed under `token`, removed as it is taken;
    /// `None` when it expired, is someone else's or never was.
    pub async fn take_preview(&self, who: &str, token: &str) -> Result<Option<(Preview, Vec<u8>)>> {
        if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let base = format!("{}/{token}", folder(who));
        let meta = format!("{base}.json");
        match self.files.modified_key(&meta).await? {
            Some(at) if !expired(at) => {}
            _ => return Ok(None),
        }
        let Some(preview) = self.files.get_key(&meta).await? else {
            return Ok(None);
        };
        let preview: Preview = match serde_json::from_slice(&preview) {
            Ok(p) => p,
            Err(_) => return Ok(None),
        };
        // whoever writes the mark takes the preview (once, whichever
        // instance the two requests reached)
        if preview.who != who || !self.files.create_key(&format!("{base}.taken")).await? {
            return Ok(None);
        }
        let data = format!("{base}.bin");
        let bytes = self.files.get_key(&data).await?;
        for key in [meta, data, format!("{base}.taken")] {
            self.files.delete_key(&key).await?;
        }
        Ok(bytes.map(|b| (preview, b)))
    }

    /// Before `dir` takes one more: its expired previews go, and its
    /// oldest beyond [`PER_UPLOADER`] - 1.
    async fn make_room(&self, dir: &str) -> Result<()> {
        let mut own = Vec::new();
        for file in self.files.list_key(dir).await? {
            let key = format!("{dir}/{}", file.name);
            if expired(file.modified) {
                self.files.delete_key(&key).await?;
            } else if let Some(token) = file.name.strip_suffix(".json") {
                own.push((file.modified, token.to_owned()));
            }
        }
        own.sort();
        let surplus = own.len().saturating_sub(PER_UPLOADER - 1);
        for (_, token) in own.into_iter().take(surplus) {
            for ext in ["json", "bin"] {
                self.files
                    .delete_key(&format!("{dir}/{token}.{ext}"))
                    .await?;
            }
        }
        Ok(())
    }
}

/// Removes every expired preview, whoever uploaded it (part of the file
/// sweep); how many files went.
pub(crate) async fn sweep_previews(files: &Files) -> Result<u64> {
    let mut removed = 0;
    for file in files.list_tree(PREVIEWS).await? {
        if expired(file.modified) {
            files.delete_key(&file.key).await?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> Store {
        let dir = std::env::temp_dir().join(format!("orderhub-previews-{}", uuid::Uuid::now_v7()));
        Store::connect("sqlite::memory:")
            .await
            .unwrap()
            .with_data_dir(dir)
    }

    fn preview(who: &str) -> Preview {
        Preview {
            who: who.into(),
            name: "orders.csv".into(),
            choices: vec!["csv".into()],
        }
    }

    #[tokio::test]
    async fn a_preview_waits_on_disk_for_its_uploader_once() {
        let s = store().await;
        let token = s.keep_preview(preview("a"), b"x,y".to_vec()).await.unwrap();
        assert_eq!(s.take_preview("b", &token).await.unwrap(), None);
        assert_eq!(s.take_preview("a", "../../etc/passwd").await.unwrap(), None);
        let (p, bytes) = s.take_preview("a", &token).await.unwrap().unwrap();
        assert_eq!(
            (p.name.as_str(), bytes.as_slice()),
            ("orders.csv", &b"x,y"[..])
        );
        assert_eq!(s.take_preview("a", &token).await.unwrap(), None);
        let left = s.files.list_tree(PREVIEWS).await.unwrap();
        assert!(left.is_empty(), "nothing stays behind once taken: {left:?}");
    }

    #[tokio::test]
    async fn an_uploader_keeps_a_few_the_oldest_go() {
        let s = store().await;
        let mut tokens = Vec::new();
        for i in 0..PER_UPLOADER + 2 {
            tokens.push(
                s.keep_preview(preview("a"), vec![i as u8; 10])
                    .await
                    .unwrap(),
            );
            // modification times order them
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let other = s.keep_preview(preview("b"), vec![9]).await.unwrap();
        for (i, t) in tokens.iter().enumerate() {
            let kept = s.take_preview("a", t).await.unwrap().is_some();
            assert_eq!(kept, i >= 2, "preview {i}");
        }
        assert!(s.take_preview("b", &other).await.unwrap().is_some());
    }
}
