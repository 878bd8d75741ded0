//! PLOVER event types, statuses and quantities.

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The 16 PLOVER event types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

/// All types in PLOVER's order (cooperation to conflict).
pub const ALL_EVENT_TYPES: [EventType; 16] = [
    EventType::Agree,
    EventType::Consult,
    EventType::Support,
    EventType::Concede,
    EventType::Cooperate,
    EventType::Aid,
    EventType::Retreat,
    EventType::Request,
    EventType::Accuse,
    EventType::Reject,
    EventType::Threaten,
    EventType::Protest,
    EventType::Sanction,
    EventType::Mobilize,
    EventType::Coerce,
    EventType::Assault,
];

impl EventType {
    pub fn as_str(&self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    /// PLOVER quad class: 1 verbal cooperation, 2 material cooperation,
    /// 3 verbal conflict, 4 material conflict.
    pub fn quad_class(&self) -> u8 {
        use EventType::*;
        match self {
            Agree | Consult | Support | Concede => 1,
            Cooperate | Aid | Retreat => 2,
            Request | Accuse | Reject | Threaten | Protest => 3,
            Sanction | Mobilize | Coerce | Assault => 4,
        }
    }

    /// The type PLOVER itself gives an event of this type with `status`.
    ///
    /// dyad keeps the act and says how certain it is ("agreed to provide aid"
    /// is AID, `planned`); PLOVER folds a promised cooperative act into one
    /// type instead: "Future-tense CONSULT/SUPPORT/COOPERATE/AID are AGREE",
    /// and a single type beats category plus auxiliary ("THREATEN rather
    /// than ASSAULT+hypothetical"), while a future RETREAT or CONCEDE stays
    /// what it is (PLOVER manual, `../shared/PLOVER.md` §2). The PLOVER
    /// export and the PLOVER-coded peer suites use this view; dyad's own
    /// store, exports and gold keep the act.
    pub fn plover_view(self, status: Status) -> EventType {
        use EventType::*;
        match (status, self) {
            (Status::Planned, Consult | Support | Cooperate | Aid) => Agree,
            (Status::Planned | Status::Hypothetical, Sanction | Mobilize | Coerce | Assault) => {
                Threaten
            }
            _ => self,
        }
    }

    /// The default intensity of the type (see `lexicon/README.md`): the
    /// summary in PLOVER.md, with ACCUSE negative as it must be.
    pub fn default_intensity(&self) -> f32 {
        use EventType::*;
        match self {
            Agree => 3.0,
            Consult => 1.0,
            Support => 3.5,
            Concede => 5.0,
            Cooperate => 6.0,
            Aid => 7.0,
            Retreat => 7.5,
            Request => -2.0,
            Accuse => -3.0,
            Reject => -4.0,
            Threaten => -6.0,
            Protest => -6.5,
            Sanction => -7.0,
            Mobilize => -7.2,
            Coerce => -8.0,
            Assault => -10.0,
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let up = s.trim().to_ascii_uppercase();
        ALL_EVENT_TYPES
            .iter()
            .find(|t| t.as_str() == up)
            .copied()
            .ok_or_else(|| {
                format!("unknown event type '{s}' (expected one of the 16 PLOVER types)")
            })
    }
}

/// How certain the text is that the event happened.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The text states it as fact.
    #[default]
    Asserted,
    /// The text attributes it to a source (`attributed_to`).
    Reported,
    /// A party denies it, and the text mentions it only through the denial.
    Denied,
    /// Announced or intended, not yet done.
    Planned,
    /// Speculation: could, may, might, would, possibility.
    Hypothetical,
}

pub const ALL_STATUSES: [Status; 5] = [
    Status::Asserted,
    Status::Reported,
    Status::Denied,
    Status::Planned,
    Status::Hypothetical,
];

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Asserted => "asserted",
            Status::Reported => "reported",
            Status::Denied => "denied",
            Status::Planned => "planned",
            Status::Hypothetical => "hypothetical",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ALL_STATUSES
            .iter()
            .find(|t| t.as_str() == s.trim())
            .copied()
            .ok_or_else(|| {
                format!("unknown status '{s}' (asserted, reported, denied, planned, hypothetical)")
            })
    }
}

/// A normalised number with its unit ("12000 troops", "1e10 USD").
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Quantity {
    pub value: f64,
    pub unit: String,
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Quantity", 2)?;
        // Whole numbers are written as integers, as the gold files have them.
        if self.value.fract() == 0.0 && self.value.abs() < 9.0e15 {
            st.serialize_field("value", &(self.value as i64))?;
        } else {
            st.serialize_field("value", &self.value)?;
        }
        st.serialize_field("unit", &self.unit)?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plover_folds_promised_cooperation_into_agree_and_planned_force_into_threaten() {
        assert_eq!(
            EventType::Aid.plover_view(Status::Planned),
            EventType::Agree
        );
        assert_eq!(
            EventType::Consult.plover_view(Status::Planned),
            EventType::Agree
        );
        assert_eq!(EventType::Aid.plover_view(Status::Asserted), EventType::Aid);
        // A speculated visit is not a promise.
        assert_eq!(
            EventType::Consult.plover_view(Status::Hypothetical),
            EventType::Consult
        );
        assert_eq!(
            EventType::Assault.plover_view(Status::Hypothetical),
            EventType::Threaten
        );
        // A future RETREAT or CONCEDE stays what it is.
        assert_eq!(
            EventType::Retreat.plover_view(Status::Planned),
            EventType::Retreat
        );
        assert_eq!(
            EventType::Concede.plover_view(Status::Planned),
            EventType::Concede
        );
    }

    #[test]
    fn types_parse_and_print() {
        for t in ALL_EVENT_TYPES {
            assert_eq!(t.as_str().parse::<EventType>().unwrap(), t);
        }
        assert!("FIGHT".parse::<EventType>().is_err());
    }

    #[test]
    fn quantities_serialise_whole_numbers_as_integers() {
        let q = Quantity {
            value: 1e10,
            unit: "USD".into(),
        };
        assert_eq!(
            serde_json::to_string(&q).unwrap(),
            r#"{"value":10000000000,"unit":"USD"}"#
        );
        let q = Quantity {
            value: 1.5,
            unit: "percent".into(),
        };
        assert_eq!(
            serde_json::to_string(&q).unwrap(),
            r#"{"value":1.5,"unit":"percent"}"#
        );
    }

    #[test]
    fn accuse_is_conflict() {
        assert!(EventType::Accuse.default_intensity() < 0.0);
    }
}
