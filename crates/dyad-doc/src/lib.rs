//! The `Doc`: one article and the annotation layers the pipeline adds to it.
//!
//! Every stage of dyad takes a [`Doc`] (or builds one) and enriches one
//! layer: `dyad-read` fills [`Doc::text`], [`Doc::meta`] and
//! [`Doc::paragraphs`]; `dyad-segment` fills [`Doc::sentences`];
//! `dyad-recognise` fills [`Doc::actors`], [`Doc::times`] and
//! [`Doc::quantities`]; `dyad-code` fills [`Doc::events`].
//!
//! # Offsets
//!
//! All [`Span`]s are **byte** offsets into [`Doc::text`], always on UTF-8
//! character boundaries. Exported records carry **character** offsets
//! (Unicode scalar values, as Python counts them); convert with
//! [`Doc::char_offset`]. The invariant every stage keeps:
//! `&doc.text[span.start..span.end]` is the text the annotation is about.

mod date;
mod event;
mod record;

pub use date::{PartialDate, Precision, PLAUSIBLE_PUBLICATION_YEARS};
pub use event::{EventType, Quantity, Status, ALL_EVENT_TYPES, ALL_STATUSES};
pub use record::{DocRecord, EventRecord};

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into [`Doc::text`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// True when `other` lies wholly inside `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Where the document came from and how it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    #[default]
    Text,
    Html,
}

/// How the publication date was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PublishedBasis {
    /// A byline or dateline in the text states it.
    Stated,
    /// Page metadata (article:published_time, JSON-LD, `<time>`) states it.
    Metadata,
    /// No date is stated; the latest dated events of the text bound it.
    Inferred,
    /// The user gave it (`--published`).
    Override,
    /// Nothing states or bounds it.
    #[default]
    Unknown,
}

impl PublishedBasis {
    pub fn as_str(&self) -> &'static str {
        match self {
            PublishedBasis::Stated => "stated",
            PublishedBasis::Metadata => "metadata",
            PublishedBasis::Inferred => "inferred",
            PublishedBasis::Override => "override",
            PublishedBasis::Unknown => "unknown",
        }
    }
}

/// What an event's date rests on (exported as `date_basis`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// A time expression of the event's own clause or sentence.
    Stated,
    /// A time carried from elsewhere in the text: the paragraph's reference
    /// time, an earlier sentence the sentence links back to, or a later
    /// sentence restating the same act with its date.
    Context,
    /// The publication date (its year) dates a present-tense statement, the
    /// recent past or a past act told by a present report.
    Publication,
    /// The event is undated.
    #[default]
    None,
}

impl DateBasis {
    pub fn as_str(&self) -> &'static str {
        match self {
            DateBasis::Stated => "stated",
            DateBasis::Context => "context",
            DateBasis::Publication => "publication",
            DateBasis::None => "none",
        }
    }
}

impl std::str::FromStr for DateBasis {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "stated" => Ok(DateBasis::Stated),
            "context" => Ok(DateBasis::Context),
            "publication" => Ok(DateBasis::Publication),
            "none" => Ok(DateBasis::None),
            other => Err(format!("unknown date basis '{other}'")),
        }
    }
}

/// Document metadata: what the page or the text says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DocMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<PartialDate>,
    pub published_basis: PublishedBasis,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub format: SourceFormat,
}

/// What kind of block of the article a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    #[default]
    Body,
    /// A subheading inside the article. Never quoted as an event statement.
    Heading,
    /// A photo caption (credits removed). Kept, marked as such.
    Caption,
    /// A block quote.
    Quote,
}

/// One block of cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub span: Span,
    pub kind: BlockKind,
}

/// One sentence; `paragraph` indexes [`Doc::paragraphs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    pub paragraph: usize,
}

/// What kind of expression named an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A country or state name ("North Korea", "DPRK").
    Country,
    /// A demonym or adjective ("North Korean", "Russian").
    Demonym,
    /// A capital or seat of power used for the state ("Pyongyang", "the Kremlin").
    Metonym,
    /// An international organisation or one of its organs.
    Organisation,
    /// A named person.
    Person,
    /// A role or institution phrase ("the defence ministry", "troops").
    Role,
    /// A region or bloc ("the West").
    Bloc,
    /// A reference resolved to an earlier mention ("the North", "both sides").
    Coreference,
    /// A quoted analyst, think tank or other non-state source of opinion.
    Analyst,
}

/// A mention of an actor, resolved to a code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorMention {
    pub span: Span,
    /// Index into [`Doc::sentences`].
    pub sentence: usize,
    /// Actor code: ISO alpha-3 (`RUS`), organisation (`UNO`), bloc (`WST`),
    /// or `None` for an analyst or other non-state source.
    pub code: Option<String>,
    /// GOV, MIL, INT, BUS, CVL, MED, ... or `None` for the state as a whole.
    pub sector: Option<String>,
    pub kind: ActorKind,
    /// Canonical name (the lexicon's name for this actor or person).
    pub name: String,
    /// Several actors at once ("both sides" → RUS and PRK). When non-empty,
    /// `code` is the first of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub group: Vec<String>,
    /// Which lexicon entry or rule produced this mention (`file:line` or rule name).
    pub rule: String,
}

/// A temporal expression, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeMention {
    pub span: Span,
    pub sentence: usize,
    /// The resolved value, or `None` when it cannot be placed (a multi-year war).
    pub value: Option<PartialDate>,
    /// True when resolution used an anchor (publication date or previous event).
    pub relative: bool,
    /// True for "since X" and similar open intervals starting at `value`.
    #[serde(default)]
    pub since: bool,
    pub rule: String,
}

/// A number attached to a unit, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuantityMention {
    pub span: Span,
    pub sentence: usize,
    pub quantity: Quantity,
    /// Upper bound of a range ("between 20,000 and 50,000"): the second entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upper: Option<Quantity>,
    pub rule: String,
}

/// One coded event, traceable to its sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub mode: Option<String>,
    pub source: Option<String>,
    pub source_sector: Option<String>,
    pub target: Option<String>,
    pub target_sector: Option<String>,
    pub date: Option<PartialDate>,
    /// What the date rests on.
    #[serde(default)]
    pub date_basis: DateBasis,
    pub status: Status,
    pub attributed_to: Option<String>,
    pub quantities: Vec<Quantity>,
    pub location: Option<String>,
    /// Index into [`Doc::sentences`].
    pub sentence: usize,
    /// The quoted span: the whole sentence.
    pub quote_span: Span,
    /// The trigger words.
    pub trigger_span: Span,
    /// A reciprocal action: source and target may be swapped.
    pub joint: bool,
    /// PLOVER/Goldstein-style intensity, -10 (conflict) .. +10 (cooperation).
    pub intensity: f32,
    /// Which lexicon entry or rule produced the event (`file:line` or rule name).
    pub rule: String,
    /// Human-readable reasons for each choice (roles, date, status).
    #[serde(default)]
    pub why: Vec<String>,
}

/// One article and every annotation layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Doc {
    /// The document's name: its file name without the extension (`-` for stdin).
    pub name: String,
    /// Where it was read from, when it came from a file.
    pub path: Option<String>,
    /// The cleaned article text. All spans index into it.
    pub text: String,
    pub meta: DocMeta,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub actors: Vec<ActorMention>,
    pub times: Vec<TimeMention>,
    pub quantities: Vec<QuantityMention>,
    pub events: Vec<Event>,
    /// Why the coder coded no events at all: the page is about sport or
    /// entertainment (its topic and the cues found, `topics.tsv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub off_topic: Option<String>,
}

impl Doc {
    /// A new document with text and metadata and no annotations yet.
    pub fn new(name: impl Into<String>, text: impl Into<String>, meta: DocMeta) -> Self {
        Doc {
            name: name.into(),
            text: text.into(),
            meta,
            ..Default::default()
        }
    }

    /// The text a span covers. Returns "" for a span outside the text.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Converts a byte offset into a character offset.
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let mut b = byte;
        while b > 0 && !self.text.is_char_boundary(b) {
            b -= 1;
        }
        self.text[..b].chars().count()
    }

    /// Index of the sentence containing byte offset `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.span.end <= pos);
        (idx < self.sentences.len() && self.sentences[idx].span.start <= pos).then_some(idx)
    }

    /// The block kind of sentence `i` (body when unknown).
    pub fn sentence_kind(&self, i: usize) -> BlockKind {
        self.sentences
            .get(i)
            .and_then(|s| self.paragraphs.get(s.paragraph))
            .map(|p| p.kind)
            .unwrap_or_default()
    }
}
