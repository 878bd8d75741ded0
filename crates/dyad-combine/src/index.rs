//! Incremental clustering: documents come, change and go.
//!
//! Because blocks are clustered independently and each block's clusters
//! depend only on the set of its mentions, an update re-clusters just the
//! blocks the changed documents' old and new mentions fall in, then relinks
//! contradictions over all clusters (cheap: only denial clusters are
//! candidates). The result equals [`crate::cluster_with`] on every mention.

use crate::{cluster_unlinked, link_contradictions, sort_clusters};
use crate::{BlockKey, Cluster, Mention, Options};
use std::collections::{BTreeMap, BTreeSet};

/// One change to the corpus.
#[derive(Debug, Clone, PartialEq)]
pub enum DocChange {
    /// The document is new or replaced: these are now all its mentions.
    Upsert { doc: String, mentions: Vec<Mention> },
    /// The document is gone.
    Remove { doc: String },
}

/// What an update changed, for a store to apply.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Delta {
    /// Ids of clusters that no longer exist.
    pub removed: Vec<String>,
    /// Clusters that are new or differ from before (members, date, links).
    pub upserted: Vec<Cluster>,
}

impl Delta {
    /// True when the update changed no cluster.
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.upserted.is_empty()
    }
}

/// Clusters kept up to date as documents change.
#[derive(Debug, Clone, Default)]
pub struct ClusterIndex {
    options: Options,
    /// Each document's mentions.
    docs: BTreeMap<String, Vec<Mention>>,
    /// Which documents have mentions in each block.
    block_docs: BTreeMap<BlockKey, BTreeSet<String>>,
    /// Each block's clusters, without links.
    blocks: BTreeMap<BlockKey, Vec<Cluster>>,
    /// All clusters, linked, in output order.
    clusters: Vec<Cluster>,
}

impl ClusterIndex {
    /// An empty index using `options`.
    pub fn new(options: Options) -> Self {
        ClusterIndex {
            options,
            ..Default::default()
        }
    }

    /// All clusters, linked, in the order [`crate::cluster`] returns them.
    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }

    /// Adds or replaces one document's mentions.
    pub fn upsert(&mut self, doc: &str, mentions: Vec<Mention>) -> Delta {
        self.apply(vec![DocChange::Upsert {
            doc: doc.to_string(),
            mentions,
        }])
    }

    /// Removes one document.
    pub fn remove(&mut self, doc: &str) -> Delta {
        self.apply(vec![DocChange::Remove {
            doc: doc.to_string(),
        }])
    }

    /// Applies a batch of changes, re-clustering only the blocks they touch.
    pub fn apply(&mut self, changes: Vec<DocChange>) -> Delta {
        let mut dirty: BTreeSet<BlockKey> = BTreeSet::new();
        for change in changes {
            let (doc, new) = match change {
                DocChange::Upsert { doc, mentions } => (doc, Some(mentions)),
                DocChange::Remove { doc } => (doc, None),
            };
            if let Some(old) = self.docs.remove(&doc) {
                for m in &old {
                    let key = m.block_key();
                    if let Some(set) = self.block_docs.get_mut(&key) {
                        set.remove(&doc);
                    }
                    dirty.insert(key);
                }
            }
            if let Some(mentions) = new {
                for m in &mentions {
                    let key = m.block_key();
                    self.block_docs
                        .entry(key.clone())
                        .or_default()
                        .insert(doc.clone());
                    dirty.insert(key);
                }
                if !mentions.is_empty() {
                    self.docs.insert(doc, mentions);
                }
            }
        }
        for key in dirty {
            let docs = self.block_docs.get(&key).cloned().unwrap_or_default();
            let mentions: Vec<Mention> = docs
                .iter()
                .filter_map(|d| self.docs.get(d))
                .flatten()
                .filter(|m| m.block_key() == key)
                .cloned()
                .collect();
            if mentions.is_empty() {
                self.block_docs.remove(&key);
                self.blocks.remove(&key);
            } else {
                self.blocks
                    .insert(key, cluster_unlinked(&mentions, &self.options));
            }
        }
        let mut all: Vec<Cluster> = self.blocks.values().flatten().cloned().collect();
        sort_clusters(&mut all);
        link_contradictions(&mut all, &self.options);
        let old: BTreeMap<&str, &Cluster> =
            self.clusters.iter().map(|c| (c.id.as_str(), c)).collect();
        let new_ids: BTreeSet<&str> = all.iter().map(|c| c.id.as_str()).collect();
        let delta = Delta {
            removed: old
                .keys()
                .filter(|id| !new_ids.contains(*id))
                .map(|id| id.to_string())
                .collect(),
            upserted: all
                .iter()
                .filter(|c| old.get(c.id.as_str()) != Some(c))
                .cloned()
                .collect(),
        };
        self.clusters = all;
        delta
    }
}
