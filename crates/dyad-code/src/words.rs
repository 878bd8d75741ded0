//! Grammar word lists the coder's steps share: prepositions, clause
//! openers, determiners, forms of "to be", coordinators. English grammar,
//! not knowledge of the world (that lives in `lexicon/`), so they stay in
//! the code.

/// Prepositions that open an adverbial phrase: an actor before one does
/// not modify the noun after it ("met Khan during a phone call").
pub(crate) const ADVERBIAL_PREPOSITIONS: &[&str] = &[
    "during",
    "after",
    "before",
    "since",
    "until",
    "amid",
    "following",
];

/// Prepositions that put an actor into a prepositional phrase (so it is not
/// the subject of the clause). Grammar, not domain knowledge.
pub(crate) const PREPOSITIONS: &[&str] = &[
    "with",
    "to",
    "against",
    "on",
    "from",
    "for",
    "of",
    "by",
    "in",
    "at",
    "between",
    "toward",
    "towards",
    "into",
    "over",
    "about",
    "among",
    "than",
    "like",
    "through",
    "under",
    "within",
    "across",
    "upon",
    "via",
    "including",
    "unlike",
    "besides",
    "except",
];

/// Words that open a new clause.
pub(crate) const CLAUSE_OPENERS: &[&str] = &[
    "but", "while", "whereas", "although", "though", "however", "because", "whilst",
];

/// Conjunctions of contrast: the clauses they join tell of different times.
pub(crate) const CONTRASTS: &[&str] = &[
    "but", "while", "whereas", "although", "though", "however", "yet",
];

/// Possessive determiners that may stand inside a coordination
/// ("Lavrov and his counterpart").
pub(crate) const POSSESSIVE_DETERMINERS: &[&str] = &["his", "her", "its", "their"];

/// Words before a verb-lemma trigger that show it is used as a noun
/// ("a veto", "another sign", "Ukraine's fighting").
pub(crate) const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "his", "her", "their", "our", "'s", "this", "that", "another", "any",
    "no", "every",
];

/// Forms of "to be" that mark a passive before a past participle.
pub(crate) const BE_FORMS: &[&str] = &["was", "were", "is", "are", "been", "being", "be"];

/// Coordinators that join actors into one group.
pub(crate) const COORDINATORS: &[&str] = &[
    ",", "and", "or", "both", "&", "as", "well", "the", "-", "–", "/",
];

/// Words before "that" that make it no relative pronoun.
pub(crate) const NOT_ANTECEDENTS: &[&str] = &[
    "as",
    "because",
    "so",
    "and",
    "but",
    "or",
    "if",
    "than",
    "now",
    "then",
    "like",
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "know",
    "knows",
    "knew",
    "claimed",
    "claims",
    "added",
    "noted",
    "warned",
    "insisted",
    "stated",
    "reported",
    "announced",
    "confirmed",
    "argued",
    "hope",
    "hoped",
    "hopes",
    "is",
    "was",
];

/// Auxiliaries and adverbs that may stand between a relative pronoun and
/// its verb ("that had long called for").
pub(crate) const RELATIVE_AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "also",
    "long",
    "repeatedly",
    "recently",
    "already",
    "previously",
    "once",
    "never",
];

/// Modifiers that, between a determiner and a verb trigger's bare form,
/// make it a noun ("Iran's alleged supply", "the planned visit").
pub(crate) const NOUN_MODIFIERS: &[&str] = &[
    "alleged",
    "reported",
    "possible",
    "planned",
    "proposed",
    "continued",
    "further",
    "recent",
    "new",
    "first",
    "latest",
    "military",
    "economic",
    "financial",
];
