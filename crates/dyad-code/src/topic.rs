//! Off-topic pages: sport and entertainment pages name countries for teams
//! and players ("Spain will be back in action against defending champion
//! Croatia"), so their sentences look like interstate events and are not.
//! A page whose text holds enough cues of one topic (`topics.tsv`) is coded
//! with no events, and the document says why ([`dyad_doc::Doc::off_topic`]).

use aho_corasick::{AhoCorasick, MatchKind};
use dyad_lexicon::text::TopicCue;

/// At least this many different cue phrases of one topic...
pub(crate) const MIN_DISTINCT: usize = 3;
/// ... making at least this many hits per 1,000 words. A political article
/// that mentions the World Cup, FIFA and a gold medal once each in 2,000
/// words stays on topic (1.5 per 1,000); a 200-word match report is far above it.
pub(crate) const MIN_PER_THOUSAND: f64 = 5.0;

/// The cue phrases in one automaton.
pub(crate) struct TopicFilter {
    automaton: Option<AhoCorasick>,
    cues: Vec<TopicCue>,
}

impl TopicFilter {
    pub(crate) fn new(cues: &[TopicCue]) -> Self {
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(cues.iter().map(|c| c.phrase.as_str()))
            .ok();
        TopicFilter {
            automaton,
            cues: cues.to_vec(),
        }
    }

    /// Why the text is off-topic ("sport page: cricket, innings, wickets
    /// (9 hits in 210 words)"), or `None` when it is not.
    pub(crate) fn off_topic(&self, text: &str) -> Option<String> {
        let ac = self.automaton.as_ref()?;
        let bytes = text.as_bytes();
        let is_word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
        // Per topic: the distinct phrases (cue indexes) and the hit count.
        let mut found: Vec<(&str, Vec<usize>, usize)> = Vec::new();
        for m in ac.find_iter(text) {
            let before = m.start().checked_sub(1).and_then(|i| bytes.get(i));
            if is_word(before) || is_word(bytes.get(m.end())) {
                continue;
            }
            let cue = m.pattern().as_usize();
            let Some(topic) = self.cues.get(cue).map(|c| c.topic.as_str()) else {
                continue;
            };
            match found.iter_mut().find(|(t, _, _)| *t == topic) {
                Some((_, phrases, hits)) => {
                    if !phrases.contains(&cue) {
                        phrases.push(cue);
                    }
                    *hits += 1;
                }
                None => found.push((topic, vec![cue], 1)),
            }
        }
        let words = text.split_whitespace().count().max(1);
        found.into_iter().find_map(|(topic, phrases, hits)| {
            let per_thousand = hits as f64 * 1000.0 / words as f64;
            (phrases.len() >= MIN_DISTINCT && per_thousand >= MIN_PER_THOUSAND).then(|| {
                let names: Vec<String> = phrases
                    .iter()
                    .filter_map(|&i| self.cues.get(i))
                    .map(|c| format!("{} ({})", c.phrase, c.origin))
                    .collect();
                format!(
                    "{topic} page: {} ({hits} hits in {words} words)",
                    names.join(", ")
                )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_lexicon::{Lexicon, Sources};

    fn filter() -> TopicFilter {
        let lex = Lexicon::load(&Sources::builtin()).unwrap_or_else(|e| panic!("{e}"));
        TopicFilter::new(&lex.text.topics)
    }

    #[test]
    fn a_match_report_is_off_topic() {
        let text = "India beat Sri Lanka by an innings and 53 runs in the third Test \
                    to clinch the series. The batsmen made 487, and the bowlers took \
                    the last five wickets before lunch. Cricket fans cheered.";
        let why = filter().off_topic(text).unwrap_or_default();
        assert!(why.starts_with("sport page: "), "{why}");
        assert!(why.contains("topics.tsv:"), "{why}");
    }

    #[test]
    fn one_mention_of_a_sport_in_politics_is_not() {
        let text = "Moscow accused the West of politicising football after the ban. \
                    The foreign ministry summoned the British ambassador and warned of \
                    retaliation, and the Kremlin said sport should stay out of politics.";
        assert_eq!(filter().off_topic(text), None);
    }

    #[test]
    fn cues_count_on_word_boundaries_only() {
        // "golfer" inside "golfers" and "nba" inside "unbalanced" are no cues.
        let text = "Unbalanced golfers golfing in Nbaville.";
        assert_eq!(filter().off_topic(text), None);
    }
}
