//! Dates at the precision the text supports.
//!
//! A [`PartialDate`] is written as an ISO 8601 / EDTF string: `2015`,
//! `2015-02`, `2015-02-03`; a season as EDTF's `2015-21` (spring) .. `2015-24`
//! (winter); a decade as `199X`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Season,
    Year,
    Decade,
}

impl Precision {
    pub fn as_str(&self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Season => "season",
            Precision::Year => "year",
            Precision::Decade => "decade",
        }
    }
}

impl FromStr for Precision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "day" => Precision::Day,
            "month" => Precision::Month,
            "season" => Precision::Season,
            "year" => Precision::Year,
            "decade" => Precision::Decade,
            _ => return Err(format!("unknown precision '{s}'")),
        })
    }
}

/// A calendar date known to some precision.
///
/// `month` holds the month for `Month`/`Day` precision and the EDTF season
/// code (21 spring, 22 summer, 23 autumn, 24 winter) for `Season`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub precision: Precision,
}

/// The years a publication date may fall in. Web pages carry placeholder
/// dates (`0001-01-01` in page metadata) and texts mention old years ("in
/// 1694"); neither is when a news page appeared.
pub const PLAUSIBLE_PUBLICATION_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

impl PartialDate {
    /// True when the date can be a news page's publication date
    /// ([`PLAUSIBLE_PUBLICATION_YEARS`]).
    pub fn is_plausible_publication(&self) -> bool {
        PLAUSIBLE_PUBLICATION_YEARS.contains(&self.year)
    }

    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: 0,
            day: 0,
            precision: Precision::Year,
        }
    }
    pub fn month(year: i32, month: u8) -> Self {
        PartialDate {
            year,
            month,
            day: 0,
            precision: Precision::Month,
        }
    }
    /// A day; returns `None` for an impossible date (Feb 30).
    pub fn day(year: i32, month: u8, day: u8) -> Option<Self> {
        chrono::NaiveDate::from_ymd_opt(year, month as u32, day as u32)?;
        Some(PartialDate {
            year,
            month,
            day,
            precision: Precision::Day,
        })
    }
    /// A season: 21 spring, 22 summer, 23 autumn, 24 winter.
    pub fn season(year: i32, season: u8) -> Self {
        PartialDate {
            year,
            month: season,
            day: 0,
            precision: Precision::Season,
        }
    }
    /// The decade that starts at `year` (rounded down to a multiple of ten).
    pub fn decade(year: i32) -> Self {
        PartialDate {
            year: year - year.rem_euclid(10),
            month: 0,
            day: 0,
            precision: Precision::Decade,
        }
    }
    pub fn from_naive(d: chrono::NaiveDate) -> Self {
        use chrono::Datelike;
        PartialDate {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
            precision: Precision::Day,
        }
    }

    /// First day of the period this date covers.
    pub fn first_day(&self) -> chrono::NaiveDate {
        let (m, d) = match self.precision {
            Precision::Day => (self.month as u32, self.day as u32),
            Precision::Month => (self.month as u32, 1),
            Precision::Season => (season_first_month(self.month), 1),
            Precision::Year | Precision::Decade => (1, 1),
        };
        chrono::NaiveDate::from_ymd_opt(self.year, m, d)
            .or_else(|| chrono::NaiveDate::from_ymd_opt(self.year, 1, 1))
            .unwrap_or(chrono::NaiveDate::MIN)
    }

    /// Last day of the period this date covers.
    pub fn last_day(&self) -> chrono::NaiveDate {
        use chrono::NaiveDate;
        let end_of_month = |y: i32, m: u32| {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt())
        };
        let d = match self.precision {
            Precision::Day => {
                NaiveDate::from_ymd_opt(self.year, self.month as u32, self.day as u32)
            }
            Precision::Month => end_of_month(self.year, self.month as u32),
            Precision::Season => {
                let first = season_first_month(self.month);
                let last = first + 2;
                if last > 12 {
                    end_of_month(self.year + 1, last - 12)
                } else {
                    end_of_month(self.year, last)
                }
            }
            Precision::Year => NaiveDate::from_ymd_opt(self.year, 12, 31),
            Precision::Decade => NaiveDate::from_ymd_opt(self.year + 9, 12, 31),
        };
        d.unwrap_or(chrono::NaiveDate::MAX)
    }

    /// The same date cut to a coarser precision (never finer).
    pub fn truncate(&self, p: Precision) -> Self {
        if p <= self.precision {
            return *self;
        }
        match p {
            Precision::Month => PartialDate::month(self.year, self.month),
            Precision::Season => PartialDate::year(self.year),
            Precision::Year => PartialDate::year(self.year),
            Precision::Decade => PartialDate::decade(self.year),
            Precision::Day => *self,
        }
    }

    /// True when the two periods overlap in time.
    pub fn compatible(&self, other: &PartialDate) -> bool {
        self.first_day() <= other.last_day() && other.first_day() <= self.last_day()
    }
}

fn season_first_month(code: u8) -> u32 {
    match code {
        21 => 3,
        22 => 6,
        23 => 9,
        _ => 12,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Season => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Decade => write!(f, "{:03}X", self.year / 10),
        }
    }
}

/// Error for a string that is not a partial date.
#[derive(Debug, thiserror::Error)]
#[error("not a date: '{0}' (expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-21..24 or YYYX)")]
pub struct DateParseError(pub String);

impl FromStr for PartialDate {
    type Err = DateParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateParseError(s.to_string());
        let s = s.trim();
        if s.len() == 4 && s.ends_with('X') {
            let y: i32 = s[..3].parse().map_err(|_| err())?;
            return Ok(PartialDate::decade(y * 10));
        }
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str| p.parse::<i64>().map_err(|_| err());
        match parts.as_slice() {
            [y] if y.len() == 4 => Ok(PartialDate::year(num(y)? as i32)),
            [y, m] if y.len() == 4 && m.len() == 2 => {
                let (y, m) = (num(y)? as i32, num(m)?);
                match m {
                    1..=12 => Ok(PartialDate::month(y, m as u8)),
                    21..=24 => Ok(PartialDate::season(y, m as u8)),
                    _ => Err(err()),
                }
            }
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                let (y, m, d) = (num(y)?, num(m)?, num(d)?);
                if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                    return Err(err());
                }
                PartialDate::day(y as i32, m as u8, d as u8).ok_or_else(err)
            }
            _ => Err(err()),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_precision() {
        for s in ["2015", "2015-02", "2015-02-03", "2015-22", "199X"] {
            let d: PartialDate = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!("2015-02-30".parse::<PartialDate>().is_err());
        assert!("2015-13".parse::<PartialDate>().is_err());
        assert!("15".parse::<PartialDate>().is_err());
    }

    #[test]
    fn compatibility_respects_precision() {
        let y: PartialDate = "2015".parse().unwrap();
        let m: PartialDate = "2015-11".parse().unwrap();
        let other: PartialDate = "2016-01".parse().unwrap();
        assert!(y.compatible(&m));
        assert!(!m.compatible(&other));
        let winter = PartialDate::season(2015, 24);
        assert!(winter.compatible(&other));
    }
}
