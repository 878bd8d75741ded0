//! Table-driven test of temporal expressions: each row is an anchor
//! (publication date), a sentence written for this test, the expression as
//! it stands in the sentence and the value it must resolve to (`-` for no
//! value, a leading `>` for a "since" expression).
//!
//! Expressions in one sentence are resolved in order, each one's value
//! becoming the `previous` of the next, as the document tagger does.

use dyad_doc::PartialDate;
use dyad_lexicon::time::TimeLexicon;
use dyad_lexicon::Sources;
use dyad_time::{resolve, tense_at, TimeFinder};

const CASES: &[(&str, &str, &str, &str)] = &[
    // --- absolute dates, full and partial ---
    ("2015-02-03", "The ministers met on October 1, 2014 in Moscow.", "October 1, 2014", "2014-10-01"),
    ("2015-02-03", "The ministers met on 1 October 2014 in Moscow.", "1 October 2014", "2014-10-01"),
    ("2015-02-03", "A general arrived on Nov. 12, 2015 for talks.", "Nov. 12, 2015", "2015-11-12"),
    ("2016-03-02", "A general arrived on 12 November 2015 for talks.", "12 November 2015", "2015-11-12"),
    ("2016-03-02", "The visit ended in November 2015.", "November 2015", "2015-11"),
    ("2016-03-02", "Trade is expected to double in 2016.", "2016", "2016"),
    ("2016-03-02", "The data were published 2015-02-03 by the bank.", "2015-02-03", "2015-02-03"),
    ("2016-03-02", "The treaty was signed on Tuesday, October 1, 2014.", "Tuesday, October 1, 2014", "2014-10-01"),
    ("2016-03-02", "The treaty was signed on the 1st of October, 2014.", "the 1st of October, 2014", "2014-10-01"),
    ("2016-03-02", "The treaty was signed on October 1st, 2014.", "October 1st, 2014", "2014-10-01"),
    ("2016-03-02", "In September of 2012 the debt was written off.", "September of 2012", "2012-09"),
    ("2016-03-02", "Talks resumed in Sept. 2013 after a pause.", "Sept. 2013", "2013-09"),
    ("2016-03-02", "The accord dates from Feb 2001.", "Feb 2001", "2001-02"),
    ("2016-03-02", "A summit took place in early September 2015.", "early September 2015", "2015-09"),
    ("2016-03-02", "The pipeline deal collapsed in late 2008.", "late 2008", "2008"),
    ("2024-10-25", "Shipments rose sharply from mid-2022.", "mid-2022", "2022"),
    ("2024-10-25", "The border closed in early 2020 because of the virus.", "early 2020", "2020"),
    ("2024-10-25", "By the end of 2019 talks had stalled.", "the end of 2019", "2019"),
    ("2024-10-25", "Missile technology was traded in the 1990s.", "the 1990s", "199X"),
    ("2024-10-25", "Relations cooled in the 1990s and 2000s.", "2000s", "200X"),
    ("2024-10-25", "Ties were distant during the early 1990s.", "the early 1990s", "199X"),
    ("2024-10-25", "Contacts were rare in the '90s.", "the '90s", "199X"),
    ("2024-10-25", "The air force was rebuilt in the 1970s.", "the 1970s", "197X"),
    ("2024-10-25", "Exercises were held in summer 2023 near the coast.", "summer 2023", "2023-22"),
    ("2024-10-25", "Exercises were held in the summer of 2023.", "the summer of 2023", "2023-22"),
    ("2024-10-25", "The port was upgraded in winter 2019.", "winter 2019", "2019-24"),
    ("2024-10-25", "A delegation came in autumn 2018.", "autumn 2018", "2018-23"),
    ("2024-10-25", "The plant was opened in spring 2021.", "spring 2021", "2021-21"),
    ("2024-10-25", "Sanctions were tightened in 2017.", "2017", "2017"),
    ("2024-10-25", "The alliance was formed in 1949 and lapsed later.", "1949", "1949"),
    ("2024-10-25", "Troops crossed the border in 1950.", "1950", "1950"),
    ("2024-10-25", "The railway reopened on May 9, 2015.", "May 9, 2015", "2015-05-09"),
    ("2024-10-25", "Leaders met on 19 June 2024 in Pyongyang.", "19 June 2024", "2024-06-19"),
    ("2024-10-25", "They met on June 19, 2024.", "June 19, 2024", "2024-06-19"),
    ("2024-10-25", "The agreement of Dec. 3, 2019 was never applied.", "Dec. 3, 2019", "2019-12-03"),
    ("2024-10-25", "It was signed on 29 February 2024.", "29 February 2024", "2024-02-29"),
    ("2024-10-25", "In July 2024, ships docked at Rajin.", "July 2024", "2024-07"),
    ("2024-10-25", "It happened in January, 2023.", "January, 2023", "2023-01"),
    ("2024-10-25", "The first half of 2023 saw little trade.", "The first half of 2023", "2023"),
    ("2024-10-25", "The pact was renewed at the beginning of 2000.", "the beginning of 2000", "2000"),
    // --- eras and named events ---
    ("2024-10-25", "At the height of the Cold War the two were allies.", "the height of the Cold War", "-"),
    ("2024-10-25", "During the Cold War, Moscow armed Pyongyang.", "the Cold War", "-"),
    ("2015-05-01", "Relations improved after the Crimea crisis.", "the Crimea crisis", "2014"),
    ("2015-05-01", "In the wake of the Ukraine crisis, ties changed quickly.", "the Ukraine crisis", "2014"),
    ("2015-05-01", "Koreans celebrate the victory over Japan.", "the victory over Japan", "1945"),
    ("2015-05-01", "Soviet pilots flew sorties in the Korean War.", "the Korean War", "-"),
    ("2015-05-01", "Aid dried up after the fall of the USSR.", "the fall of the USSR", "1991"),
    ("2015-05-01", "The two states were close during the Stalin era.", "the Stalin era", "-"),
    ("2015-05-01", "The Kremlin marked the 70th anniversary of the end of WW2 with a parade.", "70th anniversary of the end of WW2", "2015"),
    ("2015-05-01", "Ties date back to World War II.", "World War II", "-"),
    ("2024-10-25", "Egypt received help before the Yom Kippur War.", "the Yom Kippur War", "1973"),
    ("2024-10-25", "Trade collapsed after the collapse of the Soviet Union.", "the collapse of the Soviet Union", "1991"),
    ("2024-10-25", "Soviet advisers served in the Vietnam War.", "the Vietnam War", "-"),
    ("2024-10-25", "The 2020s began with a pandemic.", "The 2020s", "202X"),
    ("2024-10-25", "Arms flowed in the first year of the Russian invasion.", "the Russian invasion", "2022"),
    // One name, two events: a text means the latest begun by its date; an
    // ongoing one dates only texts of its first year.
    ("2022-09-01", "From the outset of the crisis over Ukraine, Minsk sided with Moscow.", "the crisis over Ukraine", "2022"),
    ("2015-05-01", "Sanctions followed the crisis over Ukraine.", "the crisis over Ukraine", "-"),
    ("2016-03-02", "Ties cooled after the Ukraine crisis.", "the Ukraine crisis", "2014"),
    ("2024-10-25", "Trade grew during the war in Ukraine.", "the war in Ukraine", "-"),
    // A named event later than the text cannot be the one it means.
    ("2008-09-01", "Tbilisi condemned the Russian invasion of its territory.", "the Russian invasion", "-"),
    // --- relative to the publication date: year, month, week, day ---
    ("2015-02-03", "Russia wrote off the debt last year.", "last year", "2014"),
    ("2015-02-03", "Joint drills will be held this year.", "this year", "2015"),
    ("2015-02-03", "Kim is expected to visit Moscow next year.", "next year", "2016"),
    ("2015-02-03", "A delegation visited last month.", "last month", "2015-01"),
    ("2015-01-20", "A delegation visited last month.", "last month", "2014-12"),
    ("2015-02-03", "Officials met earlier this month.", "earlier this month", "2015-02"),
    ("2015-02-03", "Officials met earlier last month.", "earlier last month", "2015-01"),
    ("2015-02-03", "The minister will travel next month.", "next month", "2015-03"),
    ("2015-12-10", "The minister will travel next month.", "next month", "2016-01"),
    ("2015-02-03", "The plan was approved earlier this year.", "earlier this year", "2015"),
    ("2015-02-03", "A summit is planned for later this year.", "later this year", "2015"),
    ("2015-02-03", "A statement was issued yesterday.", "yesterday", "2015-02-02"),
    ("2015-03-01", "A statement was issued yesterday.", "yesterday", "2015-02-28"),
    ("2015-02-03", "The envoy arrives tomorrow.", "tomorrow", "2015-02-04"),
    ("2015-02-03", "The talks resume today.", "today", "2015-02-03"),
    ("2015-02-03", "Ships docked last week.", "last week", "2015-01"),
    ("2015-02-20", "Ships docked last week.", "last week", "2015-02"),
    ("2015-02", "Officials met earlier this month.", "earlier this month", "2015-02"),
    ("2015-02", "A delegation visited last month.", "last month", "2015-01"),
    ("2022", "A delegation visited last year.", "last year", "2021"),
    ("2022", "A delegation visited last month.", "last month", "2022"),
    ("2024-10-25", "Output has grown over the past year.", "the past year", "2024"),
    // --- months and days without a year: the tense picks the year ---
    ("2022-07-15", "The North will resume rail traffic in September.", "September", "2022-09"),
    ("2022-10-15", "The North will resume rail traffic in September.", "September", "2023-09"),
    ("2022-07-15", "Rail traffic resumed in September.", "September", "2021-09"),
    ("2022-10-15", "Rail traffic resumed in September.", "September", "2022-09"),
    ("2022", "The North is preparing to resume rail traffic in September.", "September", "2022-09"),
    ("2022-07", "The ambassador announced that the North is preparing to resume rail traffic with Russia in September.", "September", "2022-09"),
    ("2022-07-15", "The drills planned in June this year were cancelled.", "June this year", "2022-06"),
    ("2022-07-15", "A forum was held in June last year.", "June last year", "2021-06"),
    ("2025-03-15", "China rolled over the loan in February of last year.", "February of last year", "2024-02"),
    ("2022-07-15", "Another forum opens in June next year.", "June next year", "2023-06"),
    ("2022-07-15", "A forum was held last May in Vladivostok.", "last May", "2022-05"),
    ("2022-03-15", "A forum was held last May in Vladivostok.", "last May", "2021-05"),
    ("2022-03-15", "Another forum opens next May.", "next May", "2022-05"),
    ("2022-07-15", "Another forum opens next May.", "next May", "2023-05"),
    ("2022-07-15", "Talks continued until March.", "March", "2022-03"),
    ("2022-07-15", "Kim will visit Moscow by December.", "December", "2022-12"),
    ("2014-10-20", "Ri arrived in Moscow on 18 October.", "18 October", "2014-10-18"),
    ("2014-10-10", "Ri arrived in Moscow on 18 October.", "18 October", "2013-10-18"),
    ("2014-10-10", "Ri will arrive in Moscow on 18 October.", "18 October", "2014-10-18"),
    ("2014-10-20", "Ri will arrive in Moscow on 18 October.", "18 October", "2015-10-18"),
    ("2015-04-20", "Kim was invited to the parade on May 9.", "May 9", "2014-05-09"),
    ("2015-04-20", "Kim will attend the parade on May 9.", "May 9", "2015-05-09"),
    ("2015-04", "Kim is to attend the parade on May 9.", "May 9", "2015-05-09"),
    ("2015", "Kim was to attend the parade on May 9.", "May 9", "2015-05-09"),
    ("2015-02-03", "On 12 November, the general flew home.", "12 November", "2014-11-12"),
    ("2015-02-03", "The council voted on the 3rd of February.", "the 3rd of February", "2015-02-03"),
    ("2015-02-03", "The council meets on the 10th of February.", "the 10th of February", "2015-02-10"),
    ("2015-02-03", "Delegates were in Khasan in mid-January.", "mid-January", "2015-01"),
    ("2015-02-03", "Flights are to resume in April.", "April", "2015-04"),
    ("2015-02-03", "The harbour opened in August.", "August", "2014-08"),
    ("2015-02-03", "The rail link has been closed since January.", ">January", "2015-01"),
    // --- seasons ---
    ("2023-10-10", "Drills were held last spring.", "last spring", "2023-21"),
    ("2023-04-10", "Drills were held last spring.", "last spring", "2022-21"),
    ("2023-04-10", "Drills will be held next summer.", "next summer", "2023-22"),
    ("2023-10-10", "Drills will be held next summer.", "next summer", "2024-22"),
    ("2023-10-10", "Drills were held this summer.", "this summer", "2023-22"),
    ("2023-10-10", "Talks resumed in the spring.", "spring", "2023-21"),
    ("2023-04-10", "Talks will resume in the autumn.", "autumn", "2023-23"),
    ("2023-01-10", "Talks were held last winter.", "last winter", "2021-24"),
    ("2023", "Drills were held last spring.", "last spring", "2022-21"),
    // --- counted back from the anchor ---
    ("2015-05", "Several weeks ago Russia announced a year of friendship.", "Several weeks ago", "2015"),
    ("2015-05-20", "Two weeks ago the ministry announced new rules.", "Two weeks ago", "2015-05"),
    ("2015-05-20", "Three days ago the envoy left Seoul.", "Three days ago", "2015-05-17"),
    ("2015-05-20", "Four months ago a deal was struck.", "Four months ago", "2015-01"),
    ("2015-05-20", "Two years ago the bridge was finished.", "Two years ago", "2013"),
    ("2015-05-20", "A decade ago the bridge was finished.", "A decade ago", "2005"),
    ("2015-05-20", "A year ago the port was leased.", "A year ago", "2014"),
    ("2015-05-20", "A few days ago the minister resigned.", "A few days ago", "2015"),
    ("2015-05-20", "Visits increased during the last couple of months.", "the last couple of months", "2015"),
    ("2022-09", "In recent months, ties began to recover.", "recent months", "2022"),
    ("2015-05-01", "Relations have soured in recent years.", "recent years", "-"),
    ("2015-05-01", "Over the past few weeks officials met twice.", "the past few weeks", "2015"),
    ("2015-05-01", "Over the last two years trade doubled.", "the last two years", "-"),
    // --- counted from the previous dated expression ---
    ("2016-03-02", "The envoy came in October 2014 and a few months later the minister followed.", "a few months later", "2015"),
    ("2016-03-02", "The envoy came in October 2014 and two months later the minister followed.", "two months later", "2014-12"),
    ("2016-03-02", "The envoy came in 2014 and the following year the minister followed.", "the following year", "2015"),
    ("2016-03-02", "The envoy came in 2014 and the next year the minister followed.", "the next year", "2015"),
    ("2016-03-02", "The envoy came in March 2014 and the following month the minister followed.", "the following month", "2014-04"),
    ("2016-03-02", "The envoy came on 3 March 2014 and the next day the minister followed.", "the next day", "2014-03-04"),
    ("2016-03-02", "The envoy came in 2014, and the same year the minister followed.", "the same year", "2014"),
    ("2016-03-02", "The minister came in 2014; the envoy had come the previous year.", "the previous year", "2013"),
    ("2016-03-02", "The minister came in 2014; the envoy had come two years earlier.", "two years earlier", "2012"),
    ("2016-03-02", "Talks collapsed in 2009 and a year later the minister resigned.", "a year later", "2010"),
    ("2016-03-02", "Talks collapsed in 2009; that year the minister resigned.", "that year", "2009"),
    // --- since ---
    ("2022-09", "The events that have unfolded since February 24, 2022 changed everything.", ">February 24, 2022", "2022-02-24"),
    ("2024-10-25", "Containers have been shipped since 2022.", ">2022", "2022"),
    ("2024-10-25", "Trade has been frozen since early 2020.", ">early 2020", "2020"),
    ("2024-10-25", "Since March 2022 the embassy has been closed.", ">March 2022", "2022-03"),
    ("2024-10-25", "Contacts have grown since last year.", ">last year", "2023"),
    // --- weekdays (2024-10-25 is a Friday) ---
    ("2024-10-25", "The minister said on Tuesday that talks had failed.", "Tuesday", "2024-10-22"),
    ("2024-10-25", "Officials met on Friday in Seoul.", "Friday", "2024-10-25"),
    ("2024-10-25", "The envoy will arrive on Monday.", "Monday", "2024-10-28"),
    ("2024-10-25", "The envoy arrived last Friday.", "last Friday", "2024-10-18"),
    ("2024-10-25", "The envoy arrives next Friday.", "next Friday", "2024-11-01"),
    ("2024-10-25", "The ministry spoke on Sunday.", "Sunday", "2024-10-20"),
    ("2024-10", "The ministry spoke on Sunday.", "Sunday", "-"),
    // --- tense across a clause ---
    ("2022-07-15", "Officials said the line will reopen in September.", "September", "2022-09"),
    ("2022-07-15", "The line reopened in September, officials said.", "September", "2021-09"),
    ("2022-07-15", "The committee met in March and will meet again in October.", "October", "2022-10"),
    ("2022-07-15", "The committee met in March and will meet again in October.", "March", "2022-03"),
    ("2022-07-15", "Kim plans to travel to Russia in November.", "November", "2022-11"),
    ("2022-07-15", "Kim travelled to Russia in November.", "November", "2021-11"),
    ("2022-07-15", "The visit is set to take place on 20 August.", "20 August", "2022-08-20"),
    ("2022-07-15", "The visit took place on 20 August.", "20 August", "2021-08-20"),
    // --- no anchor: relative values stay unknown ---
    ("-", "A delegation visited last year.", "last year", "-"),
    ("-", "Rail traffic resumed in September.", "September", "-"),
    ("-", "The visit ended in November 2015.", "November 2015", "2015-11"),
];

fn finder() -> TimeFinder {
    let lex = TimeLexicon::load(&Sources::builtin()).expect("built-in lexicon loads");
    TimeFinder::new(&lex)
}

#[test]
fn table_of_expressions() {
    let f = finder();
    let mut failures = Vec::new();
    for (anchor, sentence, surface, want) in CASES {
        let anchor: Option<PartialDate> = anchor.parse().ok();
        let (want_since, surface) = match surface.strip_prefix('>') {
            Some(s) => (true, s),
            None => (false, *surface),
        };
        let mut previous = None;
        let mut got = None;
        for e in f.find(sentence) {
            let tense = tense_at(sentence, e.start, e.end);
            let v = resolve(&e, anchor, previous, tense);
            if v.is_some() {
                previous = v;
            }
            if &sentence[e.start..e.end] == surface {
                got = Some((v.map(|d| d.to_string()).unwrap_or("-".into()), e.since));
            }
        }
        match got {
            Some((v, since)) if v == *want && since == want_since => {}
            other => failures.push(format!(
                "{sentence:?} [{surface}] anchor {anchor:?}: want {want} since={want_since}, got {other:?}; found {:?}",
                f.find(sentence)
                    .iter()
                    .map(|e| format!("{}={}", &sentence[e.start..e.end], e.rule))
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(CASES.len() >= 150, "only {} cases", CASES.len());
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
