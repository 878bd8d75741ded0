//! Publication-date inference: year, or month when the text follows its
//! latest year month by month.

use dyad_doc::PartialDate;
use dyad_time::{infer_published, Dated, Tense};

fn d(s: &str, tense: Tense, relative: bool) -> Dated {
    Dated {
        value: s.parse::<PartialDate>().unwrap_or_else(|_| panic!("{s}")),
        tense,
        relative,
    }
}

fn inferred(items: &[Dated]) -> Option<String> {
    infer_published(items).map(|p| p.to_string())
}

#[test]
fn one_dated_event_of_the_latest_year_gives_the_year() {
    let items = [
        d("2019", Tense::Past, false),
        d("2021-02-24", Tense::Past, false),
    ];
    assert_eq!(inferred(&items).as_deref(), Some("2021"));
}

#[test]
fn two_dated_events_of_the_latest_year_give_the_latest_month() {
    let items = [
        d("2020-05", Tense::Past, false),
        d("2021-01-23", Tense::Past, false),
        d("2021-03-07", Tense::Past, false),
        // Relative and future expressions bound nothing.
        d("2021-06-01", Tense::Past, true),
        d("2021-11", Tense::Future, false),
    ];
    assert_eq!(inferred(&items).as_deref(), Some("2021-03"));
}

#[test]
fn a_later_bare_year_keeps_year_precision() {
    let items = [
        d("2021-01-23", Tense::Past, false),
        d("2021-03-07", Tense::Past, false),
        d("2022", Tense::Past, false),
    ];
    assert_eq!(inferred(&items).as_deref(), Some("2022"));
    assert_eq!(inferred(&[]), None);
}
