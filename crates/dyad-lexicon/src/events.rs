//! Event knowledge: triggers, status cues and irregular verb forms.
//!
//! # Patterns
//!
//! Triggers and cues are written as token patterns, matched against the
//! lower-cased words of a sentence:
//!
//! | token     | matches                                                        |
//! |-----------|----------------------------------------------------------------|
//! | `word`    | that word                                                      |
//! | `a/b`     | either word                                                    |
//! | `sign+`   | every inflection of the verb: sign, signs, signed, signing (irregular forms from `verbs.tsv`) |
//! | `drill~`  | the noun and its plural: drill, drills                         |
//! | `*`       | a gap of up to four words (not crossing punctuation)           |
//! | `**`      | a gap of up to ten words ("cancel+ ** debt~")                  |
//!
//! `+` and `~` combine with `/`: `meet+/hold+`.
//!
//! # Files
//!
//! - `triggers.tsv` — `pattern, type, mode, target, flags, note`.
//!   `type` is one of the 16 PLOVER types; `mode` a PLOVER mode or `-`;
//!   `target` lists, in order of preference, where the target stands:
//!   a preposition after the trigger (`with`, `to`, `against`, `on`, `from`,
//!   `for`, `of`, `into`, `at`, `over`), `obj` (the first actor after the
//!   trigger) or `-` (no target). `flags`, comma-separated:
//!   `joint` (reciprocal: "X and Y met"), `noun` (a nominal trigger whose
//!   source may stand before it as a possessive or adjective: "Russia's
//!   veto of"), `deny` (a denial: the events it governs are marked denied),
//!   `recipient` (the subject receives: "X received aid from Y" has source Y),
//!   `partner` (when the text names no target, it is the document's other
//!   main party: "North Korea had sent its troops" in an article about
//!   North Korea and Russia),
//!   `defer` (no event of its own: it only says the action it governs is
//!   agreed or announced, as "agreed to" in "agreed to write off the debt"),
//!   `alone` (when the text names no target, the act stands without one:
//!   "Iran rejects the claims", "condemned the decision"),
//!   `intent` (like `defer`, but when its clause names no act dyad can code
//!   it is an event of its own: "agreed to a ceasefire", "agreed to set up a
//!   research centre" are AGREE),
//!   `agent` (a noun naming the doers: "the opponents of the resolution were
//!   A, B and C" has sources A, B and C; with no actor in its object, the
//!   target is that of the latest earlier event of the same type, which the
//!   definite object refers back to),
//!   `absorb` (the action of its infinitive complement is part of this event:
//!   "invited X to visit Moscow" is one invitation, not also a visit).
//! - `cues.tsv` — `pattern, cue, note`. `cue` is `report` (said, claimed,
//!   according to: the event is reported by the speaker), `hedge`
//!   (reportedly, allegedly: reported, no named source), `modal` (could,
//!   may, likely: hypothetical), `plan` (will, plans to: planned),
//!   `negation` (not, never: no asserted event) or `present` (is, are:
//!   a present-tense statement).
//! - `verbs.tsv` — `lemma, forms`: irregular inflections ("send, sends|sent|sending").

use crate::table::{self, Origin};
use crate::{LexiconError, Sources};
use dyad_doc::EventType;
use std::collections::{HashMap, HashSet};

/// One token of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternToken {
    /// Any of these lower-cased word forms.
    Words(Vec<String>),
    /// Up to this many arbitrary words.
    Gap(usize),
}

/// How big a `*` gap may be.
pub const MAX_GAP: usize = 4;
/// How big a `**` gap may be.
pub const MAX_LONG_GAP: usize = 10;

#[derive(Debug, Clone)]
pub struct Trigger {
    /// The pattern as written in the file.
    pub text: String,
    pub pattern: Vec<PatternToken>,
    pub event_type: EventType,
    pub mode: Option<String>,
    pub targets: Vec<String>,
    pub joint: bool,
    pub noun: bool,
    pub deny: bool,
    pub recipient: bool,
    pub defer: bool,
    /// With `defer`: when no act it governs is coded, it is an event of its
    /// own.
    pub intent: bool,
    /// With no target found, the event stands without one.
    pub alone: bool,
    pub partner: bool,
    /// The noun names the doers ("opponents of", "signatories to"): the
    /// sources are the actors a copula joins to it.
    pub agent: bool,
    /// The action in its infinitive complement ("invited X to visit") is
    /// part of this event, not one of its own.
    pub absorb: bool,
    /// The verb lemma when the pattern starts with `lemma+`: its bare and
    /// `-ing` forms after a determiner are nouns ("a veto", "the fighting").
    pub verb_lemma: Option<String>,
    pub origin: Origin,
    /// Where a generated entry comes from: its note ("CAMEO.2.0.txt:7512
    /// [112]"), shown with the rule; `None` for hand-written entries.
    pub source: Option<String>,
}

impl Trigger {
    /// Whether an event of this trigger is itself a denial, which another
    /// denial in its sentence does not mark `denied`: a `deny` entry
    /// ("denied sending troops"), or a refusal told with the verb "deny"
    /// (the generated `deny+ * talks~`: "denied talks with X").
    pub fn states_denial(&self) -> bool {
        self.event_type == EventType::Reject
            && (self.deny || self.verb_lemma.as_deref() == Some("deny"))
    }
}

/// What a cue says about the events near it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    Report,
    Hedge,
    Modal,
    Plan,
    Negation,
    Present,
}

impl CueKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "report" => CueKind::Report,
            "hedge" => CueKind::Hedge,
            "modal" => CueKind::Modal,
            "plan" => CueKind::Plan,
            "negation" => CueKind::Negation,
            "present" => CueKind::Present,
            _ => return None,
        })
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            CueKind::Report => "report",
            CueKind::Hedge => "hedge",
            CueKind::Modal => "modal",
            CueKind::Plan => "plan",
            CueKind::Negation => "negation",
            CueKind::Present => "present",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Cue {
    pub text: String,
    pub pattern: Vec<PatternToken>,
    pub kind: CueKind,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct EventLexicon {
    pub triggers: Vec<Trigger>,
    pub cues: Vec<Cue>,
    /// Irregular verb forms by lemma.
    pub irregular: HashMap<String, Vec<String>>,
    /// How the generated trigger file merged with the hand-written one.
    pub generated: GeneratedStats,
}

/// What became of the entries of the generated trigger file.
#[derive(Debug, Clone, Default)]
pub struct GeneratedStats {
    /// Entries in the file.
    pub read: usize,
    /// Entries kept (appended after the hand-written triggers).
    pub kept: usize,
    /// Entries left out because a hand-written entry covers one of their
    /// words (the first word of a hand entry): the hand entry decides what
    /// that word states, and a longer generated match must not swallow it.
    pub covered: usize,
    /// Entries whose pattern equals a hand-written one but whose type
    /// differs ("generated `pattern` TYPE (file:line) vs hand TYPE
    /// (file:line)"); the hand entry wins.
    pub conflicts: Vec<String>,
}

const TARGET_SLOTS: &[&str] = &[
    "with", "to", "against", "on", "from", "for", "of", "into", "at", "over", "obj", "between",
    "toward", "towards", "in", "through", "about",
];

impl EventLexicon {
    pub fn load(src: &Sources) -> Result<Self, LexiconError> {
        let mut lex = EventLexicon::default();
        for row in table::parse("verbs.tsv", src.get("verbs.tsv"), &["lemma", "forms"])? {
            let lemma = row.required(0, "lemma")?.to_lowercase();
            let forms: Vec<String> = row.list(1).into_iter().map(str::to_lowercase).collect();
            if forms.is_empty() {
                return Err(row.error("column 'forms' must not be empty"));
            }
            lex.irregular.insert(lemma, forms);
        }
        lex.triggers = parse_triggers("triggers.tsv", src.get("triggers.tsv"), &lex.irregular)?;
        // The generated file (lexicon/triggers-cameo.tsv, made by
        // scripts/import_cameo_verbs.py); an empty file disables it.
        let generated_text = src.get(GENERATED_TRIGGERS);
        let disabled = generated_text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        if !disabled {
            let generated = parse_triggers(GENERATED_TRIGGERS, generated_text, &lex.irregular)?;
            lex.add_generated(generated);
        }
        for row in table::parse("cues.tsv", src.get("cues.tsv"), &["pattern", "cue", "note"])? {
            let text = row.required(0, "pattern")?.to_string();
            let pattern = compile(&text, &lex.irregular).map_err(|m| row.error(m))?;
            let c = row.required(1, "cue")?;
            let kind = CueKind::parse(c).ok_or_else(|| {
                row.error(format!(
                    "cue '{c}' is not one of report, hedge, modal, plan, negation, present"
                ))
            })?;
            lex.cues.push(Cue {
                text,
                pattern,
                kind,
                origin: row.origin.clone(),
            });
        }
        Ok(lex)
    }

    /// Appends the generated triggers that no hand-written entry covers.
    /// Hand entries win: a generated entry with the same pattern, or with a
    /// word that begins a hand entry, is left out (a different type on the
    /// same pattern is recorded as a conflict).
    fn add_generated(&mut self, generated: Vec<Trigger>) {
        let norm = |t: &str| {
            t.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let by_text: HashMap<String, usize> = self
            .triggers
            .iter()
            .enumerate()
            .map(|(i, t)| (norm(&t.text), i))
            .collect();
        let first_words: HashSet<&str> = self
            .triggers
            .iter()
            .filter_map(|t| match t.pattern.first() {
                Some(PatternToken::Words(ws)) => Some(ws),
                _ => None,
            })
            .flatten()
            .map(String::as_str)
            .collect();
        let mut kept = Vec::new();
        let mut stats = GeneratedStats {
            read: generated.len(),
            ..Default::default()
        };
        for g in generated {
            if let Some(&h) = by_text.get(&norm(&g.text)) {
                let h = &self.triggers[h];
                if h.event_type != g.event_type {
                    stats.conflicts.push(format!(
                        "`{}` {} ({}) vs hand {} ({})",
                        g.text, g.event_type, g.origin, h.event_type, h.origin
                    ));
                }
                stats.covered += 1;
                continue;
            }
            // A hand entry's first word anywhere in the pattern: the first
            // word is the hand entry's, and a later one would swallow the
            // hand trigger into a longer generated match. Prepositions and
            // articles inside a generated pattern ("rush+ * to * border~")
            // do not count: hand entries begin with them only as phrases
            // ("to back", "a great deal").
            let covered = g.pattern.iter().enumerate().any(|(i, t)| match t {
                PatternToken::Words(ws) => ws.iter().any(|w| {
                    first_words.contains(w.as_str())
                        && (i == 0
                            || !(TARGET_SLOTS.contains(&w.as_str())
                                || matches!(w.as_str(), "a" | "an" | "the")))
                }),
                PatternToken::Gap(_) => false,
            });
            if covered {
                stats.covered += 1;
                continue;
            }
            kept.push(g);
        }
        stats.kept = kept.len();
        self.triggers.extend(kept);
        self.generated = stats;
    }

    pub fn summary(&self) -> Vec<(String, usize)> {
        vec![
            ("event triggers".into(), self.triggers.len()),
            (
                format!("of them generated ({GENERATED_TRIGGERS})"),
                self.generated.kept,
            ),
            ("status cues".into(), self.cues.len()),
            ("irregular verbs".into(), self.irregular.len()),
        ]
    }
}

/// The generated trigger file: a second, lower-priority trigger file.
pub const GENERATED_TRIGGERS: &str = "triggers-cameo.tsv";

/// Parses one trigger table.
fn parse_triggers(
    file: &str,
    text: &str,
    irregular: &HashMap<String, Vec<String>>,
) -> Result<Vec<Trigger>, LexiconError> {
    let mut out = Vec::new();
    for row in table::parse(
        file,
        text,
        &["pattern", "type", "mode", "target", "flags", "note"],
    )? {
        let text = row.required(0, "pattern")?.to_string();
        let pattern = compile(&text, irregular).map_err(|m| row.error(m))?;
        let event_type: EventType = row
            .required(1, "type")?
            .parse()
            .map_err(|m: String| row.error(m))?;
        let mode = row.get(2).map(String::from);
        let targets: Vec<String> = row
            .get(3)
            .map(|t| t.split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default();
        for t in &targets {
            if !TARGET_SLOTS.contains(&t.as_str()) {
                return Err(row.error(format!(
                    "target '{t}' is not one of {}",
                    TARGET_SLOTS.join(", ")
                )));
            }
        }
        let verb_lemma = text
            .split_whitespace()
            .next()
            .filter(|t| t.ends_with('+') && !t.contains('/'))
            .map(|t| t.trim_end_matches('+').to_lowercase());
        let mut trig = Trigger {
            text,
            pattern,
            event_type,
            mode,
            targets,
            joint: false,
            noun: false,
            deny: false,
            recipient: false,
            defer: false,
            intent: false,
            alone: false,
            partner: false,
            agent: false,
            absorb: false,
            verb_lemma,
            origin: row.origin.clone(),
            source: if file == GENERATED_TRIGGERS {
                row.get(5).map(String::from)
            } else {
                None
            },
        };
        for f in row
            .get(4)
            .map(|f| f.split(',').map(str::trim).collect::<Vec<_>>())
            .unwrap_or_default()
        {
            match f {
                    "joint" => trig.joint = true,
                    "noun" => trig.noun = true,
                    "deny" => trig.deny = true,
                    "recipient" => trig.recipient = true,
                    "defer" => trig.defer = true,
                    "alone" => trig.alone = true,
                    "intent" => {
                        trig.defer = true;
                        trig.intent = true;
                    }
                    "partner" => trig.partner = true,
                    "agent" => trig.agent = true,
                    "absorb" => trig.absorb = true,
                    "" => {}
                    other => {
                        return Err(row.error(format!(
                            "unknown flag '{other}' (joint, noun, deny, recipient, defer, intent, alone, partner, agent, absorb)"
                        )))
                    }
                }
        }
        out.push(trig);
    }
    Ok(out)
}

/// Compiles a written pattern into tokens, expanding inflections.
pub fn compile(
    text: &str,
    irregular: &HashMap<String, Vec<String>>,
) -> Result<Vec<PatternToken>, String> {
    let mut out = Vec::new();
    for tok in text.split_whitespace() {
        if tok == "*" || tok == "**" {
            if out.is_empty() {
                return Err("a pattern must not start with a gap".into());
            }
            out.push(PatternToken::Gap(if tok == "*" {
                MAX_GAP
            } else {
                MAX_LONG_GAP
            }));
            continue;
        }
        let mut forms = Vec::new();
        for alt in tok.split('/') {
            if alt.is_empty() {
                return Err(format!("empty alternative in '{tok}'"));
            }
            let alt = alt.to_lowercase();
            if let Some(lemma) = alt.strip_suffix('+') {
                forms.extend(verb_forms(lemma, irregular));
            } else if let Some(noun) = alt.strip_suffix('~') {
                forms.extend(noun_forms(noun));
            } else {
                forms.push(alt);
            }
        }
        forms.sort();
        forms.dedup();
        out.push(PatternToken::Words(forms));
    }
    if matches!(out.last(), Some(PatternToken::Gap(_))) {
        return Err("a pattern must not end with a gap".into());
    }
    if out.is_empty() {
        return Err("empty pattern".into());
    }
    Ok(out)
}

/// All inflections of a verb: the lemma, -s, -ed, -ing by the regular rules,
/// replaced by `verbs.tsv` where the verb is irregular.
pub fn verb_forms(lemma: &str, irregular: &HashMap<String, Vec<String>>) -> Vec<String> {
    let mut v = vec![lemma.to_string()];
    if let Some(forms) = irregular.get(lemma) {
        v.extend(forms.iter().cloned());
        return v;
    }
    let consonant_y = lemma.ends_with('y')
        && lemma.len() > 1
        && !matches!(
            lemma.as_bytes()[lemma.len() - 2],
            b'a' | b'e' | b'i' | b'o' | b'u'
        );
    if consonant_y {
        let stem = &lemma[..lemma.len() - 1];
        v.push(format!("{stem}ies"));
        v.push(format!("{stem}ied"));
        v.push(format!("{lemma}ing"));
    } else if lemma.ends_with("ee") {
        v.push(format!("{lemma}s"));
        v.push(format!("{lemma}d"));
        v.push(format!("{lemma}ing"));
    } else if let Some(stem) = lemma.strip_suffix('e') {
        v.push(format!("{lemma}s"));
        v.push(format!("{lemma}d"));
        v.push(format!("{stem}ing"));
    } else {
        let s = if lemma.ends_with('s')
            || lemma.ends_with('x')
            || lemma.ends_with("ch")
            || lemma.ends_with("sh")
            || lemma.ends_with('o')
        {
            format!("{lemma}es")
        } else {
            format!("{lemma}s")
        };
        v.push(s);
        v.push(format!("{lemma}ed"));
        v.push(format!("{lemma}ing"));
    }
    v
}

/// A noun and its regular plural.
pub fn noun_forms(noun: &str) -> Vec<String> {
    let plural = if noun.ends_with('s')
        || noun.ends_with('x')
        || noun.ends_with("ch")
        || noun.ends_with("sh")
    {
        format!("{noun}es")
    } else if noun.ends_with('y')
        && noun.len() > 1
        && !matches!(
            noun.as_bytes()[noun.len() - 2],
            b'a' | b'e' | b'i' | b'o' | b'u'
        )
    {
        format!("{}ies", &noun[..noun.len() - 1])
    } else {
        format!("{noun}s")
    };
    vec![noun.to_string(), plural]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflects_regular_and_irregular_verbs() {
        let mut irr = HashMap::new();
        irr.insert(
            "send".to_string(),
            vec!["sends".into(), "sent".into(), "sending".into()],
        );
        assert_eq!(
            verb_forms("supply", &irr),
            vec!["supply", "supplies", "supplied", "supplying"]
        );
        assert_eq!(
            verb_forms("agree", &irr),
            vec!["agree", "agrees", "agreed", "agreeing"]
        );
        assert_eq!(
            verb_forms("provide", &irr),
            vec!["provide", "provides", "provided", "providing"]
        );
        assert_eq!(
            verb_forms("veto", &irr),
            vec!["veto", "vetoes", "vetoed", "vetoing"]
        );
        assert!(verb_forms("send", &irr).contains(&"sent".to_string()));
        assert_eq!(noun_forms("exercise"), vec!["exercise", "exercises"]);
        assert_eq!(noun_forms("ally"), vec!["ally", "allies"]);
    }

    #[test]
    fn compiles_gaps_and_alternatives() {
        let p = compile("write+ off * debt", &HashMap::new()).unwrap();
        assert_eq!(p.len(), 4);
        assert_eq!(p[2], PatternToken::Gap(MAX_GAP));
        assert!(compile("* x", &HashMap::new()).is_err());
        assert!(compile("x *", &HashMap::new()).is_err());
        let p = compile("meet+/talks", &HashMap::new()).unwrap();
        assert!(
            matches!(&p[0], PatternToken::Words(w) if !w.contains(&"met".to_string()) && w.contains(&"talks".to_string()))
        );
    }
}
