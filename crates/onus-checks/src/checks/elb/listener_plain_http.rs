use crate::prelude::*;
use onus_model::resources::elbv2::Listener;

/// Plain HTTP from the internet can be read and changed by anyone on the path.
pub struct ListenerPlainHttp;

static META: CheckMeta = CheckMeta {
    id: "elb-listener-plain-http",
    aliases: &[],
    title: "Internet-facing load balancer serves plain HTTP without redirecting to HTTPS",
    service: "elb",
    severity: Severity::Medium,
    domain: Domain::EncryptionInTransit,
    duty: "Serve internet-facing load balancers over HTTPS, and redirect any HTTP listener to HTTPS.",
    kinds: &[ResourceKind::Elbv2Listener],
    rationale: "An HTTP listener on an internet-facing load balancer accepts requests in clear text: session \
        cookies, credentials and data can be read or altered by anyone between the client and AWS. AWS provides \
        HTTPS listeners and redirect actions, but which listeners exist and what they do is the customer's \
        configuration (AWS FSBP ELB.1). Listeners whose default action redirects to HTTPS pass; listeners of \
        internal load balancers pass here (their exposure is a network question); TCP, UDP and GENEVE listeners \
        are not evaluated.",
    remediation: Remediation {
        text: "Add an HTTPS listener with an ACM certificate and a current security policy, then change the HTTP \
            listener's default action to a permanent redirect to HTTPS (or remove the HTTP listener).",
        cli: Some("aws elbv2 modify-listener --listener-arn <http-listener-arn> --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'"),
        terraform: Some("resource \"aws_lb_listener\" \"http\" {\n  load_balancer_arn = aws_lb.this.arn\n  port              = 80\n  protocol          = \"HTTP\"\n\n  default_action {\n    type = \"redirect\"\n    redirect {\n      protocol    = \"HTTPS\"\n      port        = \"443\"\n      status_code = \"HTTP_301\"\n    }\n  }\n}"),
        cloudformation: Some("HttpListener:\n  Type: AWS::ElasticLoadBalancingV2::Listener\n  Properties:\n    LoadBalancerArn: !Ref LoadBalancer\n    Port: 80\n    Protocol: HTTP\n    DefaultActions:\n      - Type: redirect\n        RedirectConfig:\n          Protocol: HTTPS\n          Port: \"443\"\n          StatusCode: HTTP_301"),
    },
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-action-types.html",
    ],
};

impl ResourceCheck for ListenerPlainHttp {
    type Kind = Listener;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, l: &Listener, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        let protocol = l.protocol.known("protocol")?.to_ascii_uppercase();
        match protocol.as_str() {
            "HTTP" => {}
            "HTTPS" | "TLS" => return Ok(Verdict::pass(format!("{} accepts only {protocol}.", r.name))),
            _ => return Ok(Verdict::NotApplicable("not an HTTP, HTTPS or TLS listener")),
        }
        let scheme = l.scheme.known("scheme")?;
        if scheme.eq_ignore_ascii_case("internal") {
            return Ok(Verdict::pass(format!(
                "{} serves plain HTTP, but its load balancer is internal, not reachable from the internet.",
                r.name
            )));
        }
        if !scheme.eq_ignore_ascii_case("internet-facing") {
            return Err(Undecided::Error {
                attribute: "scheme",
                message: format!("unexpected scheme {scheme:?} (expected \"internet-facing\" or \"internal\")"),
            });
        }
        if *l.redirects_to_https.known("redirects_to_https")? {
            Ok(Verdict::pass(format!("{} redirects plain HTTP to HTTPS.", r.name)))
        } else {
            Ok(Verdict::fail(
                "redirects_to_https",
                format!("{} serves plain HTTP to the internet without redirecting to HTTPS.", r.name),
            ))
        }
    }
}
