//! The `Check` trait and the per-resource helper most checks implement.

use crate::meta::CheckMeta;
use crate::result::{CheckResult, Location, ResourceRef, Status};
use chrono::{DateTime, Utc};
use onus_model::{Attr, Inventory, KindIndex, Resource, ResourceKind, ResourceType, Unknown};

/// What a check can read: the inventory, indexed by kind, and the instant to
/// evaluate ages at (the inventory's collection time). Nothing else: a check
/// never performs I/O.
pub struct Context<'a> {
    /// The inventory being evaluated.
    pub inventory: &'a Inventory,
    /// Its resources by kind.
    pub index: &'a KindIndex<'a>,
    /// "Now" for age computations.
    pub now: DateTime<Utc>,
    /// The access analyses, computed on first use and shared by every check.
    pub(crate) access: crate::support::access::AccessCache,
}

impl<'a> Context<'a> {
    /// A context over an inventory and its index.
    pub fn new(inventory: &'a Inventory, index: &'a KindIndex<'a>) -> Context<'a> {
        Context { inventory, index, now: inventory.metadata.collected_at, access: Default::default() }
    }
}

/// A check. Most checks implement [`ResourceCheck`] instead, which provides this.
pub trait Check: Send + Sync {
    /// The check's metadata.
    fn meta(&self) -> &'static CheckMeta;
    /// The kind the check iterates over, if it is a per-resource check.
    fn primary_kind(&self) -> Option<ResourceKind>;
    /// Evaluates the check over the inventory, appending one result per resource.
    fn run(&self, cx: &Context<'_>, out: &mut Vec<CheckResult>);
}

/// The decision on one resource.
#[derive(Debug)]
pub enum Verdict {
    /// The duty is met; the message says how.
    Pass(String),
    /// The duty is not met.
    Fail {
        /// What is wrong, in one sentence.
        message: String,
        /// The attribute at fault, so IaC findings can point at its line.
        attribute: &'static str,
    },
    /// The check does not apply to this resource (an AWS managed key for a
    /// rotation check…): no result is recorded, so it counts neither way.
    NotApplicable(&'static str),
}

impl Verdict {
    /// A failing verdict.
    pub fn fail(attribute: &'static str, message: impl Into<String>) -> Verdict {
        Verdict::Fail { message: message.into(), attribute }
    }

    /// A passing verdict.
    pub fn pass(message: impl Into<String>) -> Verdict {
        Verdict::Pass(message.into())
    }
}

/// Why a check could not decide.
#[derive(Debug)]
pub enum Undecided {
    /// A value the verdict depends on is unknown.
    Unknown {
        /// The attribute.
        attribute: &'static str,
        /// Why it is unknown.
        unknown: Unknown,
    },
    /// The data is present but unusable (a policy that is not valid JSON…).
    Error {
        /// The attribute.
        attribute: &'static str,
        /// What is wrong with it.
        message: String,
    },
}

/// `attr.known("name")?` inside a check: the value, or an `Unknown` verdict naming the attribute.
pub trait KnownExt<T> {
    /// The value, or `Undecided::Unknown` naming `attribute`.
    fn known(&self, attribute: &'static str) -> Result<&T, Undecided>;
}

impl<T> KnownExt<T> for Attr<T> {
    fn known(&self, attribute: &'static str) -> Result<&T, Undecided> {
        self.get().map_err(|u| Undecided::Unknown { attribute, unknown: u.clone() })
    }
}

/// A check that decides each resource of one kind on its own.
pub trait ResourceCheck: Send + Sync {
    /// The kind of resource the check reads.
    type Kind: ResourceType;
    /// The check's metadata.
    fn meta(&self) -> &'static CheckMeta;
    /// Decides one resource.
    fn evaluate(
        &self,
        resource: &Resource,
        properties: &Self::Kind,
        cx: &Context<'_>,
    ) -> Result<Verdict, Undecided>;
}

/// The reference to a resource that results carry.
pub fn resource_ref(resource: &Resource) -> ResourceRef {
    ResourceRef {
        id: resource.id.clone(),
        kind: resource.kind(),
        name: resource.name.clone(),
        account: resource.account.clone(),
        region: resource.region.clone(),
        provenance: Some(resource.provenance.clone()),
    }
}

/// Where the attribute at fault is declared: its own span when the source
/// recorded one, else the resource's.
pub fn location_of(resource: &Resource, attribute: Option<&str>) -> Option<Location> {
    let file = resource.provenance.file()?;
    if let Some(a) = attribute
        && let Some(span) = resource.attribute_spans.get(a).copied()
    {
        let file = resource.attribute_files.get(a).map_or(file, String::as_str);
        return Some(Location { file: file.to_owned(), span: Some(span) });
    }
    Some(Location { file: file.to_owned(), span: resource.provenance.span() })
}

/// Builds the result for one resource from a verdict.
pub fn result_for(
    meta: &CheckMeta,
    resource: &Resource,
    verdict: Result<Verdict, Undecided>,
) -> Option<CheckResult> {
    let (status, message, attribute, unknown) = match verdict {
        Ok(Verdict::NotApplicable(why)) => {
            tracing::trace!(check = meta.id, resource = %resource.id, why, "not applicable");
            return None;
        }
        Ok(Verdict::Pass(message)) => (Status::Pass, message, None, None),
        Ok(Verdict::Fail { message, attribute }) => (Status::Fail, message, Some(attribute), None),
        Err(Undecided::Unknown { attribute, unknown }) => (
            Status::Unknown,
            format!("cannot decide: `{attribute}` is unknown ({unknown})"),
            Some(attribute),
            Some(unknown),
        ),
        Err(Undecided::Error { attribute, message }) => {
            (Status::Error, format!("cannot evaluate `{attribute}`: {message}"), Some(attribute), None)
        }
    };
    Some(CheckResult {
        check_id: meta.id.to_owned(),
        status,
        severity: meta.severity,
        service: meta.service.to_owned(),
        domain: meta.domain,
        resource: resource_ref(resource),
        attribute: attribute.map(str::to_owned),
        location: location_of(resource, attribute),
        message,
        unknown,
        muted: None,
    })
}

impl<C: ResourceCheck> Check for C {
    fn meta(&self) -> &'static CheckMeta {
        ResourceCheck::meta(self)
    }

    fn primary_kind(&self) -> Option<ResourceKind> {
        Some(<C::Kind as ResourceType>::KIND)
    }

    fn run(&self, cx: &Context<'_>, out: &mut Vec<CheckResult>) {
        let meta = ResourceCheck::meta(self);
        for (resource, properties) in cx.index.typed::<C::Kind>() {
            let verdict = self.evaluate(resource, properties, cx);
            out.extend(result_for(meta, resource, verdict));
        }
    }
}
