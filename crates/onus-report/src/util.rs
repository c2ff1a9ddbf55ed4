//! Helpers shared by the formats.

use onus_checks::{CheckMeta, CheckResult};

/// The metadata of a result's check, when the check is built in.
pub(crate) fn meta(r: &CheckResult) -> Option<&'static CheckMeta> {
    onus_checks::selection::find(&r.check_id).map(|c| c.meta())
}

/// The check's title, or its id when unknown.
pub(crate) fn title(r: &CheckResult) -> &str {
    meta(r).map_or(r.check_id.as_str(), |m| m.title)
}

/// A stable id for a finding: the same check on the same resource always
/// gets the same id, across scans.
pub(crate) fn finding_uid(r: &CheckResult) -> String {
    format!("onus/{}/{}", r.check_id, r.resource.id)
}

/// 64-bit FNV-1a, hex: a short stable digest for ids that must be bounded.
pub(crate) fn short_hash(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Cuts `s` to at most `max` characters, ending with `…` when cut.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The region for display: the resource's, `global` for live global resources, else empty.
pub(crate) fn region(r: &CheckResult) -> &str {
    match (&r.resource.region, &r.resource.provenance) {
        (Some(region), _) => region,
        (None, Some(onus_model::Provenance::Live { .. })) => "global",
        (None, _) => "",
    }
}

/// The domain's id (`identity-access`…).
pub(crate) fn domain_id(r: &CheckResult) -> &'static str {
    r.domain.id()
}

/// Writes `value` as pretty JSON and a newline. The serializer writes many small
/// pieces: buffering them here keeps them off the dynamic writer, which on a large
/// report (100,000 results) halves the time to render.
pub(crate) fn pretty_json_line<T: serde::Serialize + ?Sized>(out: &mut dyn std::io::Write, value: &T) -> Result<(), crate::ReportError> {
    use std::io::Write as _;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, value)?;
    buffered.write_all(b"\n")?;
    buffered.flush()?;
    Ok(())
}
