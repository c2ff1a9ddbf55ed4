use crate::prelude::*;
use onus_model::resources::acm::Certificate;
use onus_model::{Unknown, UnknownCause};

/// An expired certificate takes the service down or trains users to click through warnings.
pub struct CertificateExpiring;

/// Days before expiry at which a certificate fails (AWS FSBP ACM.1's default).
pub const EXPIRY_WINDOW_DAYS: i64 = 30;

static META: CheckMeta = CheckMeta {
    id: "acm-certificate-expiring",
    aliases: &[],
    title: "ACM certificate expires within 30 days or has expired",
    service: "acm",
    severity: Severity::Medium,
    domain: Domain::EncryptionInTransit,
    duty: "Renew TLS certificates before they expire: re-import imported ones, and keep ACM-issued ones eligible for managed renewal.",
    kinds: &[ResourceKind::AcmCertificate],
    rationale: "ACM renews the certificates it issues, starting 60 days before expiry, but only while they are in use \
        and their DNS validation records are in place; a certificate 30 days from expiry has a renewal that is \
        failing. Imported certificates are never renewed by AWS: replacing them is wholly the customer's duty. When \
        a certificate expires, clients refuse the connection or learn to ignore warnings (AWS FSBP ACM.1).",
    remediation: Remediation {
        text: "For an imported certificate, obtain a new one from your CA and re-import it over the same ARN, so every \
            resource using it picks it up. For an ACM-issued one, check its renewal status: restore the DNS \
            validation CNAME, or request a new certificate and attach it. Delete expired certificates nothing uses. \
            Route ACM's expiry events from EventBridge to the certificate owners.",
        cli: Some("aws acm describe-certificate --certificate-arn <certificate-arn> --query Certificate.RenewalSummary\naws acm import-certificate --certificate-arn <certificate-arn> --certificate fileb://cert.pem --private-key fileb://key.pem --certificate-chain fileb://chain.pem"),
        terraform: Some("resource \"aws_acm_certificate\" \"this\" {\n  domain_name       = \"app.example.com\"\n  validation_method = \"DNS\" # renewed by ACM while the CNAME stays in place\n  lifecycle {\n    create_before_destroy = true\n  }\n}"),
        cloudformation: Some("Certificate:\n  Type: AWS::CertificateManager::Certificate\n  Properties:\n    DomainName: app.example.com\n    ValidationMethod: DNS\n    DomainValidationOptions:\n      - DomainName: app.example.com\n        HostedZoneId: !Ref HostedZone"),
    },
    references: &[
        "https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html",
        "https://docs.aws.amazon.com/acm/latest/userguide/import-reimport.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/acm-controls.html#acm-1",
    ],
};

impl ResourceCheck for CertificateExpiring {
    type Kind = Certificate;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, c: &Certificate, cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let status = c.status.known("status")?;
        if matches!(status.as_str(), "PENDING_VALIDATION" | "VALIDATION_TIMED_OUT" | "FAILED" | "REVOKED") {
            return Ok(Verdict::NotApplicable("never issued or revoked: no validity period to watch"));
        }
        let imported = c.certificate_type.value().is_some_and(|t| t == "IMPORTED");
        let kind = if imported { "imported certificate" } else { "certificate" };
        let used = match c.in_use_by.value() {
            Some(u) if u.is_empty() => "; nothing uses it".to_owned(),
            Some(u) => format!("; used by {} resource{}", u.len(), if u.len() == 1 { "" } else { "s" }),
            None => String::new(),
        };
        let Some(not_after) = c.not_after.known("not_after")? else {
            if status == "EXPIRED" {
                return Ok(Verdict::fail("not_after", format!("{} ({kind}) has expired{used}.", r.name)));
            }
            return Err(Undecided::Unknown {
                attribute: "not_after",
                unknown: Unknown {
                    cause: UnknownCause::NotCollected,
                    detail: Some(format!("status {status} without an expiry date")),
                },
            });
        };
        let days = (*not_after - cx.now).num_days();
        let date = not_after.format("%Y-%m-%d");
        if *not_after <= cx.now {
            return Ok(Verdict::fail("not_after", format!("{} ({kind}) expired on {date}{used}.", r.name)));
        }
        if days < EXPIRY_WINDOW_DAYS {
            let why = if imported { ": AWS does not renew imported certificates" } else { ": its managed renewal has not succeeded" };
            return Ok(Verdict::fail(
                "not_after",
                format!("{} ({kind}) expires on {date}, in {days} days{why}{used}.", r.name),
            ));
        }
        Ok(Verdict::pass(format!("{} ({kind}) is valid until {date} ({days} days).", r.name)))
    }
}
