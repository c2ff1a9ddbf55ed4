use crate::prelude::*;
use onus_model::resources::containers::Repository;

/// Images pushed without a scan ship their known vulnerabilities unnoticed.
pub struct RepositoryScanOnPushDisabled;

static META: CheckMeta = CheckMeta {
    id: "ecr-repository-scan-on-push-disabled",
    aliases: &[],
    title: "ECR repository does not scan images on push",
    service: "ecr",
    severity: Severity::Medium,
    domain: Domain::Application,
    duty: "Scan container images for known vulnerabilities when they are pushed, and fix what the scans find.",
    kinds: &[ResourceKind::EcrRepository],
    rationale: "AWS stores and serves your images, but what is inside them (base image, OS packages, language \
        libraries) is the customer's responsibility. Scanning on push reports known vulnerabilities (CVEs) before \
        an image is deployed; without it, vulnerable images reach production unnoticed (AWS FSBP ECR.1). Enhanced \
        scanning with Amazon Inspector, configured for the whole registry, scans continuously and supersedes the \
        repository setting: if your registry uses it, mute this check with that reason.",
    remediation: Remediation {
        text: "Turn on scan on push for the repository, or better, configure enhanced scanning (Amazon Inspector) for \
            the registry with continuous scanning of all repositories. Route findings to the team that owns the \
            image.",
        cli: Some("aws ecr put-image-scanning-configuration --repository-name <repository> --image-scanning-configuration scanOnPush=true\naws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules '[{\"scanFrequency\":\"CONTINUOUS_SCAN\",\"repositoryFilters\":[{\"filter\":\"*\",\"filterType\":\"WILDCARD\"}]}]'"),
        terraform: Some("resource \"aws_ecr_repository\" \"this\" {\n  name = \"app\"\n  image_scanning_configuration {\n    scan_on_push = true\n  }\n}"),
        cloudformation: Some("Repository:\n  Type: AWS::ECR::Repository\n  Properties:\n    ImageScanningConfiguration:\n      ScanOnPush: true"),
    },
    references: &[
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1",
    ],
};

impl ResourceCheck for RepositoryScanOnPushDisabled {
    type Kind = Repository;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, repo: &Repository, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if *repo.scan_on_push.known("scan_on_push")? {
            Ok(Verdict::pass(format!("{} scans images on push.", r.name)))
        } else {
            Ok(Verdict::fail("scan_on_push", format!("{} does not scan images on push.", r.name)))
        }
    }
}
