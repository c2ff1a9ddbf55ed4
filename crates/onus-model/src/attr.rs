//! `Attr<T>`: a value the source may or may not have been able to see.
//!
//! Unknown is a value, not an absence: a Terraform plan has attributes known
//! only after apply, a live scan can be denied one call, and an older snapshot
//! may not carry a newer attribute at all. Checks must decide what to do with
//! each case; the type makes forgetting impossible.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An attribute value that is either known or unknown with a reason.
///
/// In JSON a known value is written as itself; an unknown one as
/// `{"$unknown": {"cause": "...", "detail": "..."}}`. An attribute missing
/// from a snapshot deserializes as unknown with cause `not_collected`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Attr<T> {
    /// The source could not provide the value.
    Unknown(UnknownValue),
    /// The value as collected.
    Known(T),
}

/// The JSON shape of an unknown value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnknownValue {
    /// Why the value is unknown.
    #[serde(rename = "$unknown")]
    pub unknown: Unknown,
}

/// Why a value is unknown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unknown {
    /// The category of the cause.
    pub cause: UnknownCause,
    /// Free text for a human: the denied API action, the unresolved expression…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Categories of unknown values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnknownCause {
    /// The source did not provide the attribute at all.
    NotCollected,
    /// The value is computed by AWS when the change is applied (Terraform `after_unknown`).
    ComputedAtApply,
    /// An infrastructure-as-code expression that could not be resolved statically.
    Unresolvable,
    /// The API call that returns the value was denied.
    AccessDenied,
    /// The API call failed for another reason (throttling that gave up, a timeout, a service error).
    CallFailed,
    /// The source kind cannot express this attribute.
    NotSupportedBySource,
}

impl UnknownCause {
    /// A short human phrase for reports.
    pub fn describe(self) -> &'static str {
        match self {
            UnknownCause::NotCollected => "not collected",
            UnknownCause::ComputedAtApply => "known only after apply",
            UnknownCause::Unresolvable => "expression could not be resolved",
            UnknownCause::AccessDenied => "access denied",
            UnknownCause::CallFailed => "API call failed",
            UnknownCause::NotSupportedBySource => "not available from this source",
        }
    }
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.cause.describe())?;
        if let Some(detail) = &self.detail {
            write!(f, " ({detail})")?;
        }
        Ok(())
    }
}

// Written by hand rather than derived as `untagged`: serde's untagged enums
// report "data did not match any variant", which tells a user nothing. Here a
// bad value yields the inner type's own message ("expected a boolean").
impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Attr<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = serde_json::Value::deserialize(deserializer)?;
        if let serde_json::Value::Object(map) = &value
            && map.len() == 1
            && map.contains_key("$unknown")
        {
            // The compact form a Terraform plan's values use (see
            // `source_value::computed_at_apply`).
            if let Some(path) = map.get("$unknown").and_then(serde_json::Value::as_str) {
                return Ok(Attr::unknown_because(UnknownCause::ComputedAtApply, crate::source_value::computed_at_apply_detail(path)));
            }
            let unknown = UnknownValue::deserialize(value).map_err(D::Error::custom)?;
            return Ok(Attr::Unknown(unknown));
        }
        T::deserialize(value).map(Attr::Known).map_err(D::Error::custom)
    }
}

impl<T> Default for Attr<T> {
    fn default() -> Self {
        Attr::unknown(UnknownCause::NotCollected)
    }
}

impl<T> From<T> for Attr<T> {
    fn from(value: T) -> Self {
        Attr::Known(value)
    }
}

impl<T> Attr<T> {
    /// An unknown value with the given cause and no detail.
    pub fn unknown(cause: UnknownCause) -> Self {
        Attr::Unknown(UnknownValue { unknown: Unknown { cause, detail: None } })
    }

    /// An unknown value with a cause and a human detail.
    pub fn unknown_because(cause: UnknownCause, detail: impl Into<String>) -> Self {
        Attr::Unknown(UnknownValue { unknown: Unknown { cause, detail: Some(detail.into()) } })
    }

    /// The value if known.
    pub fn value(&self) -> Option<&T> {
        match self {
            Attr::Known(v) => Some(v),
            Attr::Unknown(_) => None,
        }
    }

    /// The value, or why it is unknown.
    pub fn get(&self) -> Result<&T, &Unknown> {
        match self {
            Attr::Known(v) => Ok(v),
            Attr::Unknown(u) => Err(&u.unknown),
        }
    }

    /// Whether the value is known.
    pub fn is_known(&self) -> bool {
        matches!(self, Attr::Known(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_serialize_as_themselves() {
        let a: Attr<bool> = Attr::Known(true);
        assert_eq!(serde_json::to_string(&a).unwrap_or_default(), "true");
        let back: Attr<bool> = serde_json::from_str("true").unwrap_or_default();
        assert_eq!(back, Attr::Known(true));
    }

    #[test]
    fn unknown_values_round_trip() {
        let a: Attr<Option<String>> =
            Attr::unknown_because(UnknownCause::AccessDenied, "s3:GetBucketPolicy");
        let json = serde_json::to_string(&a).unwrap_or_default();
        assert_eq!(json, r#"{"$unknown":{"cause":"access_denied","detail":"s3:GetBucketPolicy"}}"#);
        let back: Attr<Option<String>> = serde_json::from_str(&json).unwrap_or(Attr::Known(None));
        assert_eq!(back, a);
    }

    #[test]
    fn known_null_is_not_unknown() {
        let back: Attr<Option<u32>> = serde_json::from_str("null").unwrap_or_default();
        assert_eq!(back, Attr::Known(None));
    }

    #[test]
    fn an_object_with_extra_keys_is_not_mistaken_for_unknown() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Obj {
            #[serde(rename = "$unknown")]
            unknown: String,
            other: u8,
        }
        let back: Result<Attr<Obj>, _> =
            serde_json::from_str(r#"{"$unknown":"x","other":1}"#);
        assert!(matches!(back, Ok(Attr::Known(Obj { other: 1, .. }))));
    }

    #[test]
    fn missing_attribute_defaults_to_not_collected() {
        let a: Attr<u8> = Attr::default();
        assert_eq!(a.get().map_err(|u| u.cause), Err(UnknownCause::NotCollected));
    }
}
