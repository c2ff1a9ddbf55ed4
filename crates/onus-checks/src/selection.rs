//! Choosing which checks run.

use crate::check::Check;
use crate::meta::Severity;
use crate::registry::CHECKS;
use onus_model::Domain;

/// Which checks to run. Empty lists mean "no restriction".
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Only these ids (or aliases).
    pub ids: Vec<String>,
    /// Never these ids (or aliases).
    pub skip: Vec<String>,
    /// Only checks of these services.
    pub services: Vec<String>,
    /// Only checks at or above this severity.
    pub min_severity: Option<Severity>,
    /// Only checks evidencing duties in these domains.
    pub domains: Vec<Domain>,
}

/// A selection that names something that does not exist.
#[derive(Debug, thiserror::Error)]
pub enum SelectionError {
    /// No check has this id or alias.
    #[error("unknown check id {id:?}{}", suggestion(.did_you_mean))]
    UnknownCheck {
        /// The id given.
        id: String,
        /// The closest existing id, if one is close.
        did_you_mean: Option<&'static str>,
    },
    /// No check belongs to this service.
    #[error("no checks for service {service:?} (services with checks: {known})")]
    UnknownService {
        /// The service given.
        service: String,
        /// The services that have checks.
        known: String,
    },
}

fn suggestion(s: &Option<&'static str>) -> String {
    s.map(|id| format!("; did you mean {id:?}?")).unwrap_or_default()
}

/// Finds a check by id or alias.
pub fn find(id: &str) -> Option<&'static dyn Check> {
    CHECKS.iter().copied().find(|c| {
        let m = c.meta();
        m.id == id || m.aliases.contains(&id)
    })
}

/// Finds a check or explains why not.
pub fn find_or_suggest(id: &str) -> Result<&'static dyn Check, SelectionError> {
    find(id).ok_or_else(|| SelectionError::UnknownCheck { id: id.to_owned(), did_you_mean: closest(id) })
}

fn closest(id: &str) -> Option<&'static str> {
    CHECKS
        .iter()
        .map(|c| c.meta().id)
        .map(|known| (strsim::normalized_levenshtein(id, known), known))
        .filter(|(score, _)| *score > 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, known)| known)
}

impl Selection {
    /// The checks selected, in registry order. Fails on any unknown id or service.
    pub fn resolve(&self) -> Result<Vec<&'static dyn Check>, SelectionError> {
        let ids = self.ids.iter().map(|i| find_or_suggest(i).map(|c| c.meta().id)).collect::<Result<Vec<_>, _>>()?;
        let skip = self.skip.iter().map(|i| find_or_suggest(i).map(|c| c.meta().id)).collect::<Result<Vec<_>, _>>()?;
        for service in &self.services {
            if !CHECKS.iter().any(|c| c.meta().service == service.as_str()) {
                let mut known: Vec<&str> = CHECKS.iter().map(|c| c.meta().service).collect();
                known.sort_unstable();
                known.dedup();
                return Err(SelectionError::UnknownService { service: service.clone(), known: known.join(", ") });
            }
        }
        Ok(CHECKS
            .iter()
            .copied()
            .filter(|c| {
                let m = c.meta();
                (ids.is_empty() || ids.contains(&m.id))
                    && !skip.contains(&m.id)
                    && (self.services.is_empty() || self.services.iter().any(|s| s == m.service))
                    && self.min_severity.is_none_or(|min| m.severity >= min)
                    && (self.domains.is_empty() || self.domains.contains(&m.domain))
            })
            .collect())
    }
}
