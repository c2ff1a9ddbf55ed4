use crate::prelude::*;
use onus_model::resources::containers::Cluster;

/// A cluster API open to the whole internet is one stolen token away from takeover.
pub struct ClusterEndpointPublic;

static META: CheckMeta = CheckMeta {
    id: "eks-cluster-endpoint-public",
    aliases: &[],
    title: "EKS cluster API endpoint is open to the whole internet",
    service: "eks",
    severity: Severity::High,
    domain: Domain::NetworkFirewall,
    duty: "Reach the Kubernetes API from private networks, or from known address ranges only.",
    kinds: &[ResourceKind::EksCluster],
    rationale: "AWS runs the Kubernetes control plane, but who can reach its API server is the customer's choice. A \
        public endpoint that accepts 0.0.0.0/0 exposes the API to scanning, to exploits of API server \
        vulnerabilities and to anyone holding a leaked kubeconfig or token; IAM authentication is then the only \
        barrier (AWS FSBP EKS.1). A public endpoint limited to known CIDR ranges passes here.",
    remediation: Remediation {
        text: "Enable the private endpoint and disable the public one, reaching the API through the VPC (VPN, Direct \
            Connect or a bastion reached with Session Manager). If the public endpoint must stay, restrict it to your \
            office, VPN and CI address ranges.",
        cli: Some("aws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=false\naws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPublicAccess=true,publicAccessCidrs=203.0.113.0/24"),
        terraform: Some("resource \"aws_eks_cluster\" \"this\" {\n  # ...\n  vpc_config {\n    subnet_ids              = var.private_subnet_ids\n    endpoint_private_access = true\n    endpoint_public_access  = false\n  }\n}"),
        cloudformation: Some("Cluster:\n  Type: AWS::EKS::Cluster\n  Properties:\n    # ...\n    ResourcesVpcConfig:\n      SubnetIds: !Ref PrivateSubnetIds\n      EndpointPrivateAccess: true\n      EndpointPublicAccess: false"),
    },
    references: &[
        "https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-1",
    ],
};

impl ResourceCheck for ClusterEndpointPublic {
    type Kind = Cluster;

    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn evaluate(&self, r: &Resource, c: &Cluster, _cx: &Context<'_>) -> Result<Verdict, Undecided> {
        if !*c.endpoint_public_access.known("endpoint_public_access")? {
            return Ok(Verdict::pass(format!("{} has no public API endpoint.", r.name)));
        }
        let cidrs = c.public_access_cidrs.known("public_access_cidrs")?;
        // EKS treats an empty list as its default, 0.0.0.0/0.
        let open = cidrs.is_empty() || cidrs.iter().any(|c| matches!(c.trim(), "0.0.0.0/0" | "::/0"));
        if open {
            Ok(Verdict::fail(
                "public_access_cidrs",
                format!("{} has a public API endpoint that accepts connections from anywhere (0.0.0.0/0).", r.name),
            ))
        } else {
            Ok(Verdict::pass(format!("{} has a public API endpoint limited to {}.", r.name, cidrs.join(", "))))
        }
    }
}
