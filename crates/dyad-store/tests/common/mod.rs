//! Hand-built documents for the store tests (our own sentences).
#![allow(dead_code)]

use dyad_doc::*;

/// One event to attach to a sentence of a test document.
pub struct Ev {
    pub sentence: usize,
    pub ty: EventType,
    pub source: Option<&'static str>,
    pub source_sector: Option<&'static str>,
    pub target: Option<&'static str>,
    pub date: Option<&'static str>,
    pub status: Status,
    pub trigger: &'static str,
    pub joint: bool,
    pub intensity: f32,
}

impl Ev {
    pub fn new(sentence: usize, ty: EventType, source: &'static str, target: &'static str) -> Self {
        Ev {
            sentence,
            ty,
            source: Some(source),
            source_sector: None,
            target: Some(target),
            date: None,
            status: Status::Asserted,
            trigger: "",
            joint: false,
            intensity: ty.default_intensity(),
        }
    }
    pub fn date(mut self, d: &'static str) -> Self {
        self.date = Some(d);
        self
    }
    pub fn trigger(mut self, t: &'static str) -> Self {
        self.trigger = t;
        self
    }
    pub fn status(mut self, s: Status) -> Self {
        self.status = s;
        self
    }
    pub fn sector(mut self, s: &'static str) -> Self {
        self.source_sector = Some(s);
        self
    }
    pub fn joint(mut self) -> Self {
        self.joint = true;
        self
    }
    pub fn intensity(mut self, i: f32) -> Self {
        self.intensity = i;
        self
    }
}

/// A document of one paragraph per sentence, with the events given; each
/// event's trigger is found in its sentence.
pub fn make_doc(name: &str, sentences: &[&str], events: Vec<Ev>) -> Doc {
    let mut text = String::new();
    let mut doc = Doc::new(
        name,
        "",
        DocMeta {
            title: Some(format!("Report {name}")),
            published: "2024-07-01".parse().ok(),
            published_basis: PublishedBasis::Stated,
            site_name: Some("Example Wire".into()),
            url: Some(format!("https://example.invalid/{name}")),
            ..Default::default()
        },
    );
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
        }
        let span = Span::new(text.len(), text.len() + s.len());
        text.push_str(s);
        doc.paragraphs.push(Paragraph {
            span,
            kind: BlockKind::Body,
        });
        doc.sentences.push(Sentence { span, paragraph: i });
    }
    doc.text = text;
    for e in events {
        let quote_span = doc.sentences[e.sentence].span;
        let sent = doc.slice(quote_span);
        let off = sent.find(e.trigger).unwrap_or(0);
        let trigger_span = Span::new(
            quote_span.start + off,
            quote_span.start + off + e.trigger.len(),
        );
        doc.events.push(Event {
            event_type: e.ty,
            mode: None,
            source: e.source.map(String::from),
            source_sector: e.source_sector.map(String::from),
            target: e.target.map(String::from),
            target_sector: None,
            date: e.date.map(|d| d.parse().unwrap()),
            date_basis: Default::default(),
            status: e.status,
            attributed_to: None,
            quantities: Vec::new(),
            location: None,
            sentence: e.sentence,
            quote_span,
            trigger_span,
            joint: e.joint,
            intensity: e.intensity,
            rule: "test".into(),
            why: vec![format!("trigger '{}'", e.trigger)],
        });
    }
    doc
}

pub const SENTENCES: [&str; 6] = [
    "The Russian defence minister visited Pyongyang on 5 March 2024 for talks.",
    "North Korea shipped artillery shells to Russia on 30 June 2024, officials in Seoul said.",
    "Washington condemned the arms transfers.",
    "The United States threatened further sanctions against Pyongyang.",
    "Both navies held joint drills in the Sea of Japan in 2023.",
    "Moscow’s spy chief — on a rare trip — praised the “strategic partnership” with Pyongyang.",
];

/// The main test document: six events across dates, statuses and types.
pub fn sample_doc(name: &str) -> Doc {
    let mut d = make_doc(
        name,
        &SENTENCES,
        vec![
            Ev::new(0, EventType::Consult, "RUS", "PRK")
                .date("2024-03-05")
                .trigger("visited")
                .sector("MIL"),
            Ev::new(1, EventType::Aid, "PRK", "RUS")
                .date("2024-06-30")
                .trigger("shipped")
                .status(Status::Reported),
            Ev::new(2, EventType::Accuse, "USA", "PRK").trigger("condemned"),
            Ev::new(3, EventType::Threaten, "USA", "PRK")
                .trigger("threatened")
                .status(Status::Planned),
            Ev::new(4, EventType::Cooperate, "RUS", "PRK")
                .date("2023")
                .trigger("joint drills")
                .joint(),
            Ev::new(5, EventType::Support, "RUS", "PRK")
                .date("2024-22")
                .trigger("praised")
                .sector("INT"),
        ],
    );
    d.events[1].attributed_to = Some("KOR".into());
    d.events[1].quantities = vec![Quantity {
        value: 1e6,
        unit: "artillery shells".into(),
    }];
    // Layers the document view highlights.
    let s5 = d.sentences[5].span;
    let pos = d.slice(s5).find("Moscow").unwrap();
    d.actors.push(ActorMention {
        span: Span::new(s5.start + pos, s5.start + pos + "Moscow".len()),
        sentence: 5,
        code: Some("RUS".into()),
        sector: None,
        kind: ActorKind::Metonym,
        name: "Russia".into(),
        group: vec![],
        rule: "actors.tsv:3".into(),
    });
    let pos = d.slice(s5).find("Pyongyang").unwrap();
    d.actors.push(ActorMention {
        span: Span::new(s5.start + pos, s5.start + pos + "Pyongyang".len()),
        sentence: 5,
        code: Some("PRK".into()),
        sector: None,
        kind: ActorKind::Metonym,
        name: "North Korea".into(),
        group: vec![],
        rule: "actors.tsv:9".into(),
    });
    let s0 = d.sentences[0].span;
    let pos = d.slice(s0).find("5 March 2024").unwrap();
    d.times.push(TimeMention {
        span: Span::new(s0.start + pos, s0.start + pos + "5 March 2024".len()),
        sentence: 0,
        value: "2024-03-05".parse().ok(),
        relative: false,
        since: false,
        rule: "day_month_year".into(),
    });
    let s1 = d.sentences[1].span;
    let pos = d.slice(s1).find("artillery shells").unwrap();
    d.quantities.push(QuantityMention {
        span: Span::new(s1.start + pos, s1.start + pos + "artillery shells".len()),
        sentence: 1,
        quantity: Quantity {
            value: 1e6,
            unit: "artillery shells".into(),
        },
        upper: None,
        rule: "count_unit".into(),
    });
    d
}

/// A fresh temporary directory for one test, removed when dropped.
pub struct TempDir(std::path::PathBuf);

impl TempDir {
    pub fn join(&self, name: &str) -> std::path::PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn temp_dir(tag: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!(
        "dyad-store-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}
