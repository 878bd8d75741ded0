//! Placing an expression on the calendar.
//!
//! A relative expression is never placed more precisely than its anchor:
//! "last month" against an anchor known only to the year gives that year
//! (right except in January), and a weekday needs an anchor known to the
//! day. Vague counts ("several weeks ago") are computed as three units and
//! then kept only to the year, the one part of the result they support.

use crate::{Count, Rel, Tense, TimeExpr, TimeKind, Unit, YearRef};
use chrono::{Datelike, Days, NaiveDate};
use dyad_doc::{PartialDate, Precision};

/// How many units a vague count ("several", "a few") stands for.
const VAGUE: u32 = 3;

/// The date an expression stands for, or `None` when it cannot be placed
/// (a multi-year era, a relative expression without the anchor it needs).
///
/// - `anchor`: the publication date, for "last year", "in September".
/// - `previous`: the value of the previous dated expression of the
///   document, for "the following year", "a few months later".
/// - `tense`: of the clause around the expression; picks the year of a
///   month, day, season or weekday given without one.
pub fn resolve(
    expr: &TimeExpr,
    anchor: Option<PartialDate>,
    previous: Option<PartialDate>,
    tense: Tense,
) -> Option<PartialDate> {
    match expr.kind {
        TimeKind::Absolute(d) => Some(d),
        TimeKind::Span {
            start,
            end,
            ongoing,
            earlier,
        } => resolve_named(start, end, ongoing, earlier, anchor),
        TimeKind::Relative(r) => resolve_rel(r, anchor, previous, tense),
    }
}

/// A named event or period: the instance the text can mean is the latest
/// that began by the text's own date ("the Russian invasion" in an article
/// of 2008 is not the one of 2022).
fn resolve_named(
    start: i32,
    end: i32,
    ongoing: bool,
    earlier: Option<(i32, i32)>,
    anchor: Option<PartialDate>,
) -> Option<PartialDate> {
    let year = anchor.map(|a| a.year);
    let (start, end, ongoing) = match (year, earlier) {
        (Some(y), Some((s, e))) if start > y => (s, e, false),
        (Some(y), None) if start > y => return None,
        _ => (start, end, ongoing),
    };
    if ongoing {
        // Seen from its first year it lies within that year; later it
        // spans several.
        (year == Some(start)).then(|| PartialDate::year(start))
    } else {
        (start == end).then(|| PartialDate::year(start))
    }
}

fn resolve_rel(
    r: Rel,
    anchor: Option<PartialDate>,
    previous: Option<PartialDate>,
    tense: Tense,
) -> Option<PartialDate> {
    match r {
        Rel::AnchorOffset { unit, offset } => offset_by(anchor?, unit, offset),
        Rel::PreviousOffset { unit, offset } => offset_by(previous?, unit, offset),
        Rel::Ago { unit, count } => count_back(anchor?, unit, count, -1),
        Rel::FromPrevious { unit, count, sign } => count_back(previous?, unit, count, sign),
        Rel::Recent { unit } => match unit {
            Unit::Year | Unit::Decade => None,
            _ => Some(anchor?.truncate(Precision::Year)),
        },
        Rel::Month { month, year } => {
            let a = anchor?;
            let y = pick_year(a, year, tense, month_key(a), Some((month, 0)))?;
            Some(PartialDate::month(y, month))
        }
        Rel::MonthDay { month, day, year } => {
            let a = anchor?;
            let y = pick_year(a, year, tense, month_key(a), Some((month, day)))?;
            // 29 February in a year without it: keep the month.
            Some(PartialDate::day(y, month, day).unwrap_or(PartialDate::month(y, month)))
        }
        Rel::Season { season, year } => {
            let a = anchor?;
            let (cur_year, cur) = match a.precision {
                Precision::Day | Precision::Month => season_of(a.year, a.month),
                Precision::Season => (a.year, a.month),
                _ => (a.year, 0),
            };
            let y = match year {
                YearRef::Offset(o) => a.year + o,
                YearRef::Last if cur == 0 => a.year - 1,
                YearRef::Next if cur == 0 => a.year + 1,
                YearRef::Last => {
                    if season < cur {
                        cur_year
                    } else {
                        cur_year - 1
                    }
                }
                YearRef::Next => {
                    if season > cur {
                        cur_year
                    } else {
                        cur_year + 1
                    }
                }
                YearRef::ByTense if cur == 0 => a.year,
                YearRef::ByTense => match tense {
                    Tense::Past if season > cur => cur_year - 1,
                    Tense::Future if season < cur => cur_year + 1,
                    _ => cur_year,
                },
            };
            Some(PartialDate::season(y, season))
        }
        Rel::Weekday { weekday, year } => {
            let a = anchor?;
            if a.precision != Precision::Day {
                return None;
            }
            let day = a.first_day();
            let today = day.weekday().number_from_monday() as i64;
            let target = weekday as i64;
            let back = (today - target).rem_euclid(7);
            let fwd = (target - today).rem_euclid(7);
            let delta = match (year, tense) {
                (YearRef::Last, _) => -(if back == 0 { 7 } else { back }),
                (YearRef::Next, _) => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                (_, Tense::Future) => fwd,
                _ => -back,
            };
            Some(PartialDate::from_naive(add_days(day, delta)?))
        }
    }
}

/// The year of a month/day given without one.
///
/// `at` is the anchor's (month, day) when the anchor has a month (day 0
/// when it has none); `target` is the expression's (month, day, day 0 for a
/// whole month). Past tense takes the latest one not after the anchor,
/// future the first one not before it; present takes the anchor's year.
fn pick_year(
    a: PartialDate,
    year: YearRef,
    tense: Tense,
    at: Option<(u8, u8)>,
    target: Option<(u8, u8)>,
) -> Option<i32> {
    let target = target?;
    if let YearRef::Offset(o) = year {
        return Some(a.year + o);
    }
    let Some(at) = at else {
        // Anchor known to the year only: "last May" was the year before,
        // "next May" the year after; anything else is the anchor's year.
        return Some(match year {
            YearRef::Last => a.year - 1,
            YearRef::Next => a.year + 1,
            _ => a.year,
        });
    };
    // A whole month (day 0) compares by month only; so does an anchor known
    // only to the month.
    let cmp = if target.1 == 0 || at.1 == 0 {
        target.0.cmp(&at.0)
    } else {
        target.cmp(&at)
    };
    use std::cmp::Ordering::*;
    Some(match (year, tense, cmp) {
        (YearRef::Last, _, Less) => a.year,
        (YearRef::Last, _, _) => a.year - 1,
        (YearRef::Next, _, Greater) => a.year,
        (YearRef::Next, _, _) => a.year + 1,
        (_, Tense::Past, Greater) => a.year - 1,
        (_, Tense::Future, Less) => a.year + 1,
        _ => a.year,
    })
}

fn month_key(a: PartialDate) -> Option<(u8, u8)> {
    match a.precision {
        Precision::Day => Some((a.month, a.day)),
        Precision::Month => Some((a.month, 0)),
        _ => None,
    }
}

/// The season (EDTF code) a month falls in, with the year the season is
/// named by: December 2014 .. February 2015 is winter 2014.
fn season_of(year: i32, month: u8) -> (i32, u8) {
    match month {
        3..=5 => (year, 21),
        6..=8 => (year, 22),
        9..=11 => (year, 23),
        12 => (year, 24),
        _ => (year - 1, 24),
    }
}

/// The calendar unit `offset` steps from `d`, never finer than `d`.
fn offset_by(d: PartialDate, unit: Unit, offset: i32) -> Option<PartialDate> {
    match unit {
        Unit::Year => Some(PartialDate::year(d.year + offset)),
        Unit::Decade => Some(PartialDate::decade(d.year + 10 * offset)),
        Unit::Month => match d.precision {
            Precision::Day | Precision::Month => {
                let (y, m) = add_months(d.year, d.month, offset);
                Some(PartialDate::month(y, m))
            }
            _ => Some(d.truncate(Precision::Year)),
        },
        Unit::Week => match d.precision {
            Precision::Day => {
                let day = add_days(d.first_day(), 7 * offset as i64)?;
                Some(PartialDate::from_naive(day).truncate(Precision::Month))
            }
            Precision::Month if offset == 0 => Some(d),
            _ => Some(d.truncate(Precision::Year)),
        },
        Unit::Day => match d.precision {
            Precision::Day => Some(PartialDate::from_naive(add_days(
                d.first_day(),
                offset as i64,
            )?)),
            Precision::Month if offset == 0 => Some(d),
            _ => Some(d.truncate(Precision::Year)),
        },
    }
}

/// `count` units from `d` in direction `sign` ("two weeks ago" = -1).
fn count_back(d: PartialDate, unit: Unit, count: Count, sign: i32) -> Option<PartialDate> {
    let (n, vague) = match count {
        Count::Exact(n) => (n, false),
        Count::Vague => (VAGUE, true),
    };
    let n = i32::try_from(n).ok()?.checked_mul(sign)?;
    let out = match unit {
        Unit::Year => PartialDate::year(d.year.checked_add(n)?),
        Unit::Decade => PartialDate::year(d.year.checked_add(n.checked_mul(10)?)?),
        Unit::Month => match d.precision {
            Precision::Day | Precision::Month => {
                let (y, m) = add_months(d.year, d.month, n);
                PartialDate::month(y, m)
            }
            _ if vague => d.truncate(Precision::Year),
            _ => PartialDate::year(d.year + (n as f64 / 12.0).round() as i32)
                .truncate(Precision::Year),
        },
        Unit::Week | Unit::Day => {
            let days = if matches!(unit, Unit::Week) {
                7 * n as i64
            } else {
                n as i64
            };
            match d.precision {
                Precision::Day => {
                    let day = PartialDate::from_naive(add_days(d.first_day(), days)?);
                    if matches!(unit, Unit::Week) {
                        day.truncate(Precision::Month)
                    } else {
                        day
                    }
                }
                Precision::Month => {
                    let mid = add_days(d.first_day(), 14 + days)?;
                    PartialDate::from_naive(mid).truncate(Precision::Month)
                }
                _ => d.truncate(Precision::Year),
            }
        }
    };
    Some(if vague {
        out.truncate(Precision::Year)
    } else {
        out
    })
}

fn add_months(year: i32, month: u8, n: i32) -> (i32, u8) {
    let total = year * 12 + (month as i32 - 1) + n;
    (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8)
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}
