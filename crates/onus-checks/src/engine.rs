//! Runs checks over an inventory, in parallel.

use crate::check::{Check, Context};
use crate::result::{CheckResult, ResourceRef, Status};
use onus_model::{CollectionGap, Inventory};
use rayon::prelude::*;

/// Evaluates `checks` over `inventory`. Every resource of a check's kind gets
/// a result (passes are kept: compliance percentages need them), and every
/// collection gap that touches a check's kinds becomes an `Error` result, so
/// nothing unseen is silently counted as fine.
///
/// Results are sorted by severity (highest first), check id, then resource id,
/// so output is deterministic whatever the thread schedule.
pub fn evaluate(inventory: &Inventory, checks: &[&'static dyn Check]) -> Vec<CheckResult> {
    let index = inventory.index();
    let cx = Context::new(inventory, &index);
    let mut results: Vec<CheckResult> = checks
        .par_iter()
        .map(|check| {
            let span = tracing::debug_span!("check", id = check.meta().id);
            let _guard = span.enter();
            let mut out = Vec::new();
            check.run(&cx, &mut out);
            out.extend(gap_results(*check, &inventory.gaps));
            tracing::trace!(results = out.len(), "check done");
            out
        })
        .flatten()
        .collect();
    apply_inline_suppressions(inventory, checks, &mut results);
    results.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.check_id.cmp(&b.check_id))
            .then_with(|| a.resource.id.cmp(&b.resource.id))
    });
    results
}

fn gap_results<'a>(
    check: &'a dyn Check,
    gaps: &'a [CollectionGap],
) -> impl Iterator<Item = CheckResult> + 'a {
    let meta = check.meta();
    gaps.iter().filter_map(move |gap| {
        let kind = gap.kinds.iter().copied().find(|k| meta.kinds.contains(k))?;
        let scope = match (&gap.account, &gap.region) {
            (Some(a), Some(r)) => format!("{a}/{r}"),
            (Some(a), None) => a.clone(),
            (None, Some(r)) => r.clone(),
            (None, None) => "all".to_owned(),
        };
        let call = gap.api_call.as_deref().map(|c| format!(" calling {c}")).unwrap_or_default();
        Some(CheckResult {
            check_id: meta.id.to_owned(),
            status: Status::Error,
            severity: meta.severity,
            service: meta.service.to_owned(),
            domain: meta.domain,
            resource: ResourceRef {
                id: format!("gap:{}:{scope}", gap.service),
                kind,
                name: format!("{kind} in {scope}"),
                account: gap.account.clone(),
                region: gap.region.clone(),
                provenance: None,
            },
            attribute: None,
            location: None,
            message: format!(
                "{kind} in {scope} could not be fully collected ({}{call}): {}",
                gap.reason.describe(),
                gap.message
            ),
            unknown: None,
            muted: None,
        })
    })
}

/// Mutes the results of checks that a resource's source suppresses inline
/// (`onus:ignore` comments, CloudFormation `Metadata.onus.ignore`): the result
/// is kept as `muted`, with its original status and the reason given.
fn apply_inline_suppressions(inventory: &Inventory, checks: &[&'static dyn Check], results: &mut [CheckResult]) {
    let suppressed: std::collections::HashMap<&str, &[onus_model::Suppression]> = inventory
        .resources
        .iter()
        .filter(|r| !r.suppressions.is_empty())
        .map(|r| (r.id.as_str(), r.suppressions.as_slice()))
        .collect();
    if suppressed.is_empty() {
        return;
    }
    for result in results.iter_mut() {
        let Some(entries) = suppressed.get(result.resource.id.as_str()) else { continue };
        let aliases = checks
            .iter()
            .find(|c| c.meta().id == result.check_id)
            .map(|c| c.meta().aliases)
            .unwrap_or(&[]);
        let Some(entry) = entries.iter().find(|s| s.check == result.check_id || aliases.contains(&s.check.as_str()))
        else {
            continue;
        };
        result.muted = Some(crate::result::Mute {
            original_status: result.status,
            reason: entry.reason.clone(),
            entry: entry.origin(),
            expires: None,
        });
        result.status = Status::Muted;
    }
}
