//! What every peer suite reports: named figures next to a baseline, and the
//! records it got wrong.
//!
//! Why one shape for all suites: `.ci/run` gates any figure of any suite with
//! the same `--min NAME=VALUE` flag, `docs/accuracy.md` is generated from the
//! same JSON, and `--errors` prints the same kind of list everywhere.

use dyad_doc::EventType;
use serde::Serialize;
use std::fmt::Write as _;

/// One figure of a suite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Short name used by `--min` (`type`, `source`, `accuracy`, ...).
    pub name: String,
    /// What it measures, for the printed table.
    pub label: String,
    pub value: f64,
    /// The same figure for the suite's simple baseline, where it has one.
    pub baseline: Option<f64>,
    /// Numerator and denominator, so the figure can be checked by hand.
    pub count: usize,
    pub of: usize,
    /// True when lower is better (`no_event`): a gate on it is a maximum.
    pub lower_is_better: bool,
}

impl Figure {
    /// `count / of` (0 when `of` is 0) as a figure where higher is better.
    pub fn ratio(name: &str, label: &str, count: usize, of: usize) -> Figure {
        Figure {
            name: name.to_string(),
            label: label.to_string(),
            value: ratio(count, of),
            baseline: None,
            count,
            of,
            lower_is_better: false,
        }
    }

    /// Sets the baseline's value of this figure.
    pub fn with_baseline(mut self, value: f64) -> Figure {
        self.baseline = Some(value);
        self
    }

    /// Marks the figure as one where lower is better.
    pub fn lower_is_better(mut self) -> Figure {
        self.lower_is_better = true;
        self
    }
}

/// `num / den`, 0 when `den` is 0.
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// One record the extractor got wrong: enough to see the pattern without
/// opening the suite's file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorCase {
    /// The record's id in its file.
    pub id: String,
    /// What kind of error (`missed`, `wrong type`, `wrong source`, ...).
    pub kind: String,
    pub sentence: String,
    /// What the gold says, in one line.
    pub gold: String,
    /// What dyad said, in one line (`-` for nothing).
    pub got: String,
}

/// The result of one suite.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuiteReport {
    /// The suite's name as given to `--suite`.
    pub suite: String,
    /// How many records (sentences, or codings) were scored.
    pub records: usize,
    /// What the baseline is, in words.
    pub baseline: String,
    pub figures: Vec<Figure>,
    /// Per-class or per-type detail lines, already formatted.
    pub detail: Vec<String>,
    pub errors: Vec<ErrorCase>,
}

impl SuiteReport {
    /// The figure named `name`.
    pub fn figure(&self, name: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.name == name)
    }

    /// An aligned table: each figure with its counts and the baseline's value.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "suite {}: {} records", self.suite, self.records);
        let _ = writeln!(out, "baseline: {}", self.baseline);
        let _ = writeln!(out);
        let width = self
            .figures
            .iter()
            .map(|f| f.label.chars().count() + f.name.len() + 3)
            .max()
            .unwrap_or(10);
        let _ = writeln!(
            out,
            "{:<width$} {:>7} {:>11} {:>9}",
            "figure", "dyad", "count", "baseline"
        );
        for f in &self.figures {
            let name = format!("{} ({})", f.label, f.name);
            let base = f.baseline.map_or_else(|| "-".into(), |b| format!("{b:.3}"));
            let count = format!("{}/{}", f.count, f.of);
            let _ = writeln!(out, "{name:<width$} {:>7.3} {count:>11} {base:>9}", f.value);
        }
        if !self.detail.is_empty() {
            let _ = writeln!(out);
            for line in &self.detail {
                let _ = writeln!(out, "{line}");
            }
        }
        out
    }

    /// The error list, one block per record.
    pub fn errors_table(&self) -> String {
        let mut out = String::new();
        for e in &self.errors {
            let _ = writeln!(out, "[{}] {}: {}", e.kind, e.id, e.sentence.trim());
            let _ = writeln!(out, "    gold: {}", e.gold);
            let _ = writeln!(out, "    dyad: {}", e.got);
        }
        out
    }
}

/// The PLOVER quad class of a type as the PLOVER manual's quad table gives it
/// (1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
/// 4 material conflict).
///
/// Why not [`EventType::quad_class`]: the suites' protocol is fixed in
/// `docs/accuracy.md` on the manual's table, which puts SANCTION in verbal
/// conflict and PROTEST in material conflict (`../shared/PLOVER.md` §2.9 lists
/// the manual's inconsistency); the store keeps its own convention.
pub fn manual_quad(t: EventType) -> u8 {
    use EventType::*;
    match t {
        Agree | Consult | Support | Concede => 1,
        Cooperate | Aid | Retreat => 2,
        Request | Accuse | Reject | Sanction | Threaten => 3,
        Protest | Mobilize | Coerce | Assault => 4,
    }
}

/// Scores of a classification suite: accuracy and macro-F1 over the classes
/// `0..classes`.
pub fn accuracy_and_macro_f1(gold: &[u8], got: &[u8], classes: u8) -> (usize, f64) {
    let right = gold.iter().zip(got).filter(|(g, x)| g == x).count();
    let mut f1_sum = 0.0;
    for c in 0..classes {
        let tp = gold
            .iter()
            .zip(got)
            .filter(|&(g, x)| *g == c && *x == c)
            .count();
        let fp = gold
            .iter()
            .zip(got)
            .filter(|&(g, x)| *g != c && *x == c)
            .count();
        let fn_ = gold
            .iter()
            .zip(got)
            .filter(|&(g, x)| *g == c && *x != c)
            .count();
        let p = ratio(tp, tp + fp);
        let r = ratio(tp, tp + fn_);
        if p + r > 0.0 {
            f1_sum += 2.0 * p * r / (p + r);
        }
    }
    (right, f1_sum / f64::from(classes.max(1)))
}

/// One event in one line: `TYPE SRC→TGT`.
pub fn event_line(t: EventType, source: Option<&str>, target: Option<&str>) -> String {
    format!(
        "{} {}→{}",
        t.as_str(),
        source.unwrap_or("-"),
        target.unwrap_or("-")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_f1_of_a_majority_guess() {
        // Three classes, always guessing class 1: F1 of class 1 is 2/3 * ... .
        let gold = [0, 1, 1, 2];
        let got = [1, 1, 1, 1];
        let (right, macro_f1) = accuracy_and_macro_f1(&gold, &got, 3);
        assert_eq!(right, 2);
        // class 1: p = 2/4, r = 1 -> f1 = 2/3; others 0.
        assert!((macro_f1 - (2.0 / 3.0) / 3.0).abs() < 1e-9);
    }

    #[test]
    fn manual_quads_follow_the_table() {
        assert_eq!(manual_quad(EventType::Sanction), 3);
        assert_eq!(manual_quad(EventType::Protest), 4);
        assert_eq!(manual_quad(EventType::Concede), 1);
        assert_eq!(manual_quad(EventType::Retreat), 2);
    }
}
