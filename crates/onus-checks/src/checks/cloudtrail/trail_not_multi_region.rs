use crate::prelude::*;
use onus_model::resources::cloudtrail::Trail;

/// A single-region trail leaves every other region unaudited.
pub struct TrailNotMultiRegion;

static META: CheckMeta = CheckMeta {
    id: "cloudtrail-trail-not-multi-region",
    aliases: &[],
    title: "CloudTrail trail does not record all regions",
    service: "cloudtrail",
    severity: Severity::High,
    domain: Domain::LoggingMonitoring,
    duty: "Record API activity in every region, including regions you do not use.",
    kinds: &[ResourceKind::CloudTrailTrail],
    rationale: "Attackers launch resources (crypto miners, exfiltration endpoints) in regions nobody watches. \
        A multi-region trail records management events everywhere, including regions enabled later \
        (CIS AWS Foundations 3.1, AWS FSBP CloudTrail.1).",
    remediation: Remediation {
        text: "Make the trail multi-region (or create an organization trail that is).",
        cli: Some("aws cloudtrail update-trail --name <trail> --is-multi-region-trail"),
        terraform: Some("resource \"aws_cloudtrail\" \"this\" {\n  name                          = \"org-trail\"\n  s3_bucket_name                = aws_s3_bucket.trail.id\n  is_multi_region_trail         = true\n  include_global_service_events = true\n  enable_log_file_validation    = true\n}"),
        cloudformation: Some("Trail:\n  Type: AWS::CloudTrail::Trail\n  Properties:\n    IsLogging: true\n    S3BucketName: !Ref TrailBucket\n    IsMultiRegionTrail: true\n    IncludeGlobalServiceEvents: true\n    EnableLogFileValidation: true"),
    },
    references: &["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html"],
};

impl ResourceCheck for TrailNotMultiRegion {
    type Kind = Trail;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, t: &Trail, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *t.is_multi_region.known("is_multi_region")? {
            Ok(Verdict::pass(format!("{} records all regions.", r.name)))
        } else {
            let home = t.home_region.value().map(String::as_str).unwrap_or("its home region");
            Ok(Verdict::fail("is_multi_region", format!("{} records only {home}.", r.name)))
        }
    }
}
