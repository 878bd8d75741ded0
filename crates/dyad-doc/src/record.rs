//! Flat records: the shape events and documents take in JSON Lines, CSV,
//! the store and the API. Field names follow `../shared/gold/SCHEMA.md`.

use crate::{DateBasis, Doc, EventType, Quantity, Status};
use serde::{Deserialize, Serialize};

/// One event as exported: the gold schema's fields plus provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// `<doc>-<nn>`, numbered in text order within the document.
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub mode: Option<String>,
    pub source: Option<String>,
    pub source_sector: Option<String>,
    pub target: Option<String>,
    pub target_sector: Option<String>,
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub status: Status,
    pub attributed_to: Option<String>,
    pub quantities: Vec<Quantity>,
    pub location: Option<String>,
    pub quote: String,
    /// The document's name (file name without extension).
    pub doc: String,
    /// Character offsets of the quote in the document's cleaned text.
    pub start: usize,
    pub end: usize,
    /// The trigger words as they stand in the text.
    pub trigger: String,
    pub joint: bool,
    pub intensity: f32,
    /// The lexicon entry or rule that produced the event.
    pub rule: String,
    /// What `date` rests on; absent for events stored before it was kept.
    #[serde(default)]
    pub date_basis: Option<DateBasis>,
    /// The document's publication date: every event's time of reporting.
    #[serde(default)]
    pub reported: Option<String>,
    #[serde(default)]
    pub reported_precision: Option<String>,
}

/// One document's metadata as exported (SCHEMA.md's `<doc>.doc.json` plus more).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocRecord {
    pub doc: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub published_precision: Option<String>,
    pub published_basis: String,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub format: String,
    pub path: Option<String>,
    pub sentences: usize,
    pub events: usize,
}

impl Doc {
    /// The document's events as flat records, in text order.
    pub fn event_records(&self) -> Vec<EventRecord> {
        self.events
            .iter()
            .enumerate()
            .map(|(i, e)| EventRecord {
                id: format!("{}-{:02}", self.name, i + 1),
                event_type: e.event_type,
                mode: e.mode.clone(),
                source: e.source.clone(),
                source_sector: e.source_sector.clone(),
                target: e.target.clone(),
                target_sector: e.target_sector.clone(),
                date: e.date.map(|d| d.to_string()),
                date_precision: e.date.map(|d| d.precision.as_str().to_string()),
                status: e.status,
                attributed_to: e.attributed_to.clone(),
                quantities: e.quantities.clone(),
                location: e.location.clone(),
                quote: self.slice(e.quote_span).to_string(),
                doc: self.name.clone(),
                start: self.char_offset(e.quote_span.start),
                end: self.char_offset(e.quote_span.end),
                trigger: self.slice(e.trigger_span).to_string(),
                joint: e.joint,
                intensity: e.intensity,
                rule: e.rule.clone(),
                date_basis: Some(e.date_basis),
                reported: self.meta.published.map(|d| d.to_string()),
                reported_precision: self
                    .meta
                    .published
                    .map(|d| d.precision.as_str().to_string()),
            })
            .collect()
    }

    /// The document's metadata as a flat record.
    pub fn doc_record(&self) -> DocRecord {
        let m = &self.meta;
        DocRecord {
            doc: self.name.clone(),
            title: m.title.clone(),
            author: m.author.clone(),
            published: m.published.map(|d| d.to_string()),
            published_precision: m.published.map(|d| d.precision.as_str().to_string()),
            published_basis: m.published_basis.as_str().to_string(),
            site_name: m.site_name.clone(),
            url: m.url.clone(),
            format: match m.format {
                crate::SourceFormat::Text => "text".into(),
                crate::SourceFormat::Html => "html".into(),
            },
            path: self.path.clone(),
            sentences: self.sentences.len(),
            events: self.events.len(),
        }
    }
}
