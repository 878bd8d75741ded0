//! Temporal expressions: find them in text, resolve them against an anchor.
//!
//! Three steps, each usable alone:
//!
//! 1. [`TimeFinder::find`] finds expressions in running text ("October 1,
//!    2014", "mid-2022", "the 1990s", "last year", "in September", "the
//!    Crimea crisis", "several weeks ago") and says what each one means
//!    *before* any anchor is known: a [`TimeKind`].
//! 2. [`tense_at`] (or [`tense_of`] for a whole sentence) decides whether the
//!    words around an expression speak of the past, the present or the
//!    future, which is what picks "the September before" or "the September
//!    after" the publication date.
//! 3. [`resolve`] turns a [`TimeExpr`] into a [`PartialDate`] given the
//!    publication date (the anchor), the previous dated expression of the
//!    document (for "the following year") and the tense.
//!
//! [`infer_published`] bounds an unknown publication date by the latest
//! dated events a text reports.
//!
//! The finder is built once (every regular expression is compiled in
//! [`TimeFinder::new`]) and is cheap to share between threads.

mod find;
mod infer;
mod resolve;
mod tense;

pub use find::TimeFinder;
pub use infer::{infer_published, Dated};
pub use resolve::resolve;
pub use tense::{tense_at, tense_of, tense_of_verb, TenseWords};

use dyad_doc::PartialDate;

/// One temporal expression found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    /// Byte offset of the first byte of the expression (on a char boundary).
    pub start: usize,
    /// Byte offset just past the expression (on a char boundary).
    pub end: usize,
    /// What the expression says, before it is anchored.
    pub kind: TimeKind,
    /// True when the expression opens an interval: "since February 24, 2022".
    pub since: bool,
    /// The rule that found it: `abs:month-day-year`, `rel:last-year`,
    /// `eras.tsv:12`, ... (shown by `dyad explain`).
    pub rule: String,
}

/// What an expression means, independently of any anchor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeKind {
    /// A date the text states in full at some precision ("November 2015").
    Absolute(PartialDate),
    /// A named event or period of `eras.tsv`, first to last year. One year
    /// dates an event to that year; several years ("the Cold War") date
    /// nothing. An `ongoing` one ("the war in Ukraine", from 2022) dates
    /// only texts of its first year, for which it still lies within one
    /// year. `earlier` is an earlier event of the same name ("the Ukraine
    /// crisis" of 2014), meant by texts written before this one began.
    Span {
        start: i32,
        end: i32,
        ongoing: bool,
        earlier: Option<(i32, i32)>,
    },
    /// An expression that needs the publication date or the previous dated
    /// expression to be placed.
    Relative(Rel),
}

/// Which year a month, day or season without a year belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearRef {
    /// Decided by the tense: the nearest past one for past tense, the
    /// nearest coming one for future tense ("in September", "18 October").
    ByTense,
    /// The anchor's year plus this offset ("in June this year" = 0,
    /// "in June last year" = -1).
    Offset(i32),
    /// "last May": the latest one strictly before the anchor.
    Last,
    /// "next May": the first one strictly after the anchor.
    Next,
}

/// Calendar unit of a relative expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
    Decade,
}

/// A count in a relative expression: exact ("two weeks ago") or vague
/// ("several weeks ago", taken as three but only trusted to the year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exact(u32),
    Vague,
}

/// The relative forms [`resolve`] knows how to place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rel {
    /// Calendar offset from the anchor: "last year" (Year, -1), "this month"
    /// (Month, 0), "earlier last month" (Month, -1), "tomorrow" (Day, 1).
    AnchorOffset { unit: Unit, offset: i32 },
    /// A month without a year: "in September", "in June this year".
    Month { month: u8, year: YearRef },
    /// A day without a year: "18 October", "May 9".
    MonthDay { month: u8, day: u8, year: YearRef },
    /// A season without a year: "last spring" (21 spring .. 24 winter).
    Season { season: u8, year: YearRef },
    /// A weekday: "on Tuesday" (1 = Monday .. 7 = Sunday).
    Weekday { weekday: u8, year: YearRef },
    /// "two weeks ago", "several weeks ago": counted back from the anchor.
    Ago { unit: Unit, count: Count },
    /// "a few months later" (`sign` 1), "two years earlier" (-1): counted
    /// from the previous dated expression.
    FromPrevious { unit: Unit, count: Count, sign: i32 },
    /// Calendar offset from the previous dated expression: "the following
    /// year" (Year, 1), "the same month" (Month, 0).
    PreviousOffset { unit: Unit, offset: i32 },
    /// A vague recent stretch ending at the anchor: "in recent months",
    /// "over the last couple of months". Recent years date nothing.
    Recent { unit: Unit },
}

/// The time a clause speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    Future,
}

impl TimeKind {
    /// True when the expression needs an anchor to be placed.
    pub fn is_relative(&self) -> bool {
        matches!(self, TimeKind::Relative(_))
    }
}
