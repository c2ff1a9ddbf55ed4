use crate::prelude::*;
use onus_model::resources::elbv2::Listener;

/// TLS 1.0 and 1.1 are deprecated (RFC 8996) and allow weak, SHA-1 based cipher suites.
pub struct ListenerOutdatedTlsPolicy;

/// The oldest TLS version a security policy accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MinTls {
    /// TLS 1.0 (and 1.1, 1.2).
    V1_0,
    /// TLS 1.1 (and 1.2).
    V1_1,
    /// TLS 1.2 and later.
    V1_2,
    /// TLS 1.3 only.
    V1_3,
}

impl MinTls {
    fn accepts(self) -> &'static str {
        match self {
            MinTls::V1_0 => "TLS 1.0 and TLS 1.1",
            MinTls::V1_1 => "TLS 1.1",
            MinTls::V1_2 => "TLS 1.2 and later",
            MinTls::V1_3 => "TLS 1.3 only",
        }
    }
}

/// Every predefined ELB security policy for Application and Network Load
/// Balancers, with the oldest protocol version it accepts.
///
/// Source: the "TLS protocols by policy" tables of "Security policies for your
/// Application Load Balancer"
/// (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html>)
/// and "Security policies for your Network Load Balancer"
/// (<https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html>),
/// as published in 2026 (`aws elbv2 describe-ssl-policies` lists the same). A
/// name that is not here (a policy AWS added later) is reported as an error,
/// never guessed.
pub const SECURITY_POLICIES: &[(&str, MinTls)] = &[
    // TLS 1.3 only.
    ("ELBSecurityPolicy-TLS13-1-3-2021-06", MinTls::V1_3),
    ("ELBSecurityPolicy-TLS13-1-3-PQ-2025-09", MinTls::V1_3),
    ("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", MinTls::V1_3),
    ("ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09", MinTls::V1_3),
    ("ELBSecurityPolicy-TLS13-1-3-RFC9151-FIPS-2023-07", MinTls::V1_3),
    // TLS 1.3 and 1.2.
    ("ELBSecurityPolicy-TLS13-1-2-2021-06", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-PQ-2025-09", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-RFC9151-FIPS-2023-07", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-Ext0-RFC9151-FIPS-2023-07", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP1-FIPS-2023-07", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP2-FIPS-2023-07", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP3-FIPS-2023-07", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS13-1-2-RFC9151-INTEROP4-FIPS-2023-07", MinTls::V1_2),
    // TLS 1.2 only.
    ("ELBSecurityPolicy-TLS-1-2-2017-01", MinTls::V1_2),
    ("ELBSecurityPolicy-TLS-1-2-Ext-2018-06", MinTls::V1_2),
    ("ELBSecurityPolicy-FS-1-2-2019-08", MinTls::V1_2),
    ("ELBSecurityPolicy-FS-1-2-Res-2019-08", MinTls::V1_2),
    ("ELBSecurityPolicy-FS-1-2-Res-2020-10", MinTls::V1_2),
    // Down to TLS 1.1.
    ("ELBSecurityPolicy-TLS13-1-1-2021-06", MinTls::V1_1),
    ("ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04", MinTls::V1_1),
    ("ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09", MinTls::V1_1),
    ("ELBSecurityPolicy-TLS-1-1-2017-01", MinTls::V1_1),
    ("ELBSecurityPolicy-FS-1-1-2019-08", MinTls::V1_1),
    // Down to TLS 1.0.
    ("ELBSecurityPolicy-2016-08", MinTls::V1_0),
    ("ELBSecurityPolicy-2015-05", MinTls::V1_0),
    ("ELBSecurityPolicy-TLS-1-0-2015-04", MinTls::V1_0),
    ("ELBSecurityPolicy-FS-2018-06", MinTls::V1_0),
    ("ELBSecurityPolicy-TLS13-1-0-2021-06", MinTls::V1_0),
    ("ELBSecurityPolicy-TLS13-1-0-PQ-2025-09", MinTls::V1_0),
    ("ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", MinTls::V1_0),
    ("ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09", MinTls::V1_0),
];

/// The policy ELB applies when an HTTPS or TLS listener is created through the
/// API, the CLI, CloudFormation or the CDK without naming one.
pub const API_DEFAULT_POLICY: &str = "ELBSecurityPolicy-2016-08";

static META: CheckMeta = CheckMeta {
    id: "elb-listener-outdated-tls-policy",
    aliases: &[],
    title: "Load balancer listener's TLS policy still accepts TLS 1.0 or 1.1",
    service: "elb",
    severity: Severity::High,
    domain: Domain::EncryptionInTransit,
    duty: "Give every HTTPS and TLS listener a security policy that accepts only TLS 1.2 or later.",
    kinds: &[ResourceKind::Elbv2Listener],
    rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on SHA-1 and CBC constructions with known \
        attacks, and PCI DSS has not accepted TLS 1.0 since mid-2018. AWS publishes the security policies and keeps their \
        implementation patched, but which policy a listener uses is the customer's choice, and the policy ELB \
        applies when none is named (ELBSecurityPolicy-2016-08, the default for the API, CLI and CloudFormation) \
        still accepts both (AWS FSBP ELB.17). Custom or unrecognised policy names are reported as errors rather \
        than guessed; HTTP, TCP, UDP and GENEVE listeners are not evaluated.",
    remediation: Remediation {
        text: "Switch the listener to a TLS 1.2+ policy; AWS recommends ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 \
            (or ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09 where FIPS is required). Check the load balancer's \
            access or connection logs for clients still negotiating TLS 1.0 or 1.1 first.",
        cli: Some("aws elbv2 modify-listener --listener-arn <listener-arn> --ssl-policy ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"),
        terraform: Some("resource \"aws_lb_listener\" \"https\" {\n  load_balancer_arn = aws_lb.this.arn\n  port              = 443\n  protocol          = \"HTTPS\"\n  ssl_policy        = \"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09\"\n  certificate_arn   = aws_acm_certificate.this.arn\n  # ...\n}"),
        cloudformation: Some("HttpsListener:\n  Type: AWS::ElasticLoadBalancingV2::Listener\n  Properties:\n    LoadBalancerArn: !Ref LoadBalancer\n    Port: 443\n    Protocol: HTTPS\n    SslPolicy: ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09\n    Certificates:\n      - CertificateArn: !Ref Certificate\n    # ..."),
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html",
    ],
};

impl ResourceCheck for ListenerOutdatedTlsPolicy {
    type Kind = Listener;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, l: &Listener, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let protocol = l.protocol.known("protocol")?;
        if !(protocol.eq_ignore_ascii_case("HTTPS") || protocol.eq_ignore_ascii_case("TLS")) {
            return Ok(Verdict::NotApplicable("only HTTPS and TLS listeners negotiate TLS"));
        }
        // A live listener always reports its policy; infrastructure as code may omit it, and ELB then applies its default.
        let (policy, defaulted) = match l.ssl_policy.known("ssl_policy")? {
            Some(p) => (p.as_str(), false),
            None => (API_DEFAULT_POLICY, true),
        };
        let Some(&(_, min)) = SECURITY_POLICIES.iter().find(|(name, _)| *name == policy) else {
            return Err(Undecided::Error {
                attribute: "ssl_policy",
                message: format!(
                    "{policy:?} is not a predefined ELB security policy onus knows, so the TLS versions it accepts cannot be judged"
                ),
            });
        };
        let uses = if defaulted {
            format!("names no security policy, so ELB applies its default {policy}")
        } else {
            format!("uses {policy}")
        };
        if min <= MinTls::V1_1 {
            Ok(Verdict::fail("ssl_policy", format!("{} {uses}, which still accepts {}.", r.name, min.accepts())))
        } else {
            Ok(Verdict::pass(format!("{} {uses} ({}).", r.name, min.accepts())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{MinTls, SECURITY_POLICIES};
    use std::collections::HashSet;

    #[test]
    fn each_policy_appears_once_and_its_name_agrees_with_its_version() {
        let mut seen = HashSet::new();
        for (name, min) in SECURITY_POLICIES {
            assert!(seen.insert(name), "{name} appears twice");
            // Where the name spells the version (TLS13-1-2, TLS-1-1…), the table must agree with it.
            for (marker, version) in
                [("-1-0-", MinTls::V1_0), ("-1-1-", MinTls::V1_1), ("-1-2-", MinTls::V1_2), ("-1-3-", MinTls::V1_3)]
            {
                if name.contains(&format!("TLS13{marker}")) || name.contains(&format!("TLS{marker}")) {
                    assert_eq!(*min, version, "{name}");
                }
            }
        }
    }
}
