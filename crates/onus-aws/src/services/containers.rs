//! EKS clusters and ECR repositories per region.

use super::{all_or_gap, client, live, policy_json};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::containers::{Cluster, Repository};
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect_eks(ctx: Arc<Ctx>, region: String) -> Part {
    let eks = client!(aws_sdk_eks, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let names = all_or_gap!(part, ctx, "eks", r, &[ResourceKind::EksCluster], "eks:ListClusters", eks.list_clusters().into_paginator().items().send());
    for name in names {
        let fallback_arn = format!("arn:{}:eks:{region}:{}:cluster/{name}", ctx.partition, ctx.account);
        let (arn, tags, props) = match eks.describe_cluster().name(&name).send().await {
            Ok(out) => match out.cluster() {
                Some(c) => {
                    let vpc = c.resources_vpc_config();
                    (
                        c.arn().map(str::to_owned).unwrap_or(fallback_arn),
                        c.tags().cloned().unwrap_or_default().into_iter().collect::<BTreeMap<_, _>>(),
                        Cluster {
                            version: Attr::Known(c.version().map(str::to_owned)),
                            endpoint_public_access: Attr::Known(vpc.is_some_and(|v| v.endpoint_public_access())),
                            public_access_cidrs: Attr::Known(vpc.map(|v| v.public_access_cidrs().to_vec()).unwrap_or_default()),
                            endpoint_private_access: Attr::Known(vpc.is_some_and(|v| v.endpoint_private_access())),
                            secrets_kms_key_arn: Attr::Known(
                                c.encryption_config()
                                    .iter()
                                    .find(|e| e.resources().iter().any(|r| r == "secrets"))
                                    .and_then(|e| e.provider())
                                    .and_then(|p| p.key_arn())
                                    .map(str::to_owned),
                            ),
                            enabled_log_types: Attr::Known(
                                c.logging()
                                    .map(|l| l.cluster_logging())
                                    .unwrap_or_default()
                                    .iter()
                                    .filter(|s| s.enabled().unwrap_or(false))
                                    .flat_map(|s| s.types().iter().map(|t| t.as_str().to_owned()))
                                    .collect(),
                            ),
                        },
                    )
                }
                None => (fallback_arn, BTreeMap::new(), Cluster::default()),
            },
            Err(e) => {
                let err = CallError::from_sdk(&e);
                (fallback_arn, BTreeMap::new(), Cluster {
                    version: err.unknown("eks:DescribeCluster"),
                    endpoint_public_access: err.unknown("eks:DescribeCluster"),
                    public_access_cidrs: err.unknown("eks:DescribeCluster"),
                    endpoint_private_access: err.unknown("eks:DescribeCluster"),
                    secrets_kms_key_arn: err.unknown("eks:DescribeCluster"),
                    enabled_log_types: err.unknown("eks:DescribeCluster"),
                })
            }
        };
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, tags, props));
    }
    part
}

pub async fn collect_ecr(ctx: Arc<Ctx>, region: String) -> Part {
    let ecr = client!(aws_sdk_ecr, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let repos = all_or_gap!(part, ctx, "ecr", r, &[ResourceKind::EcrRepository], "ecr:DescribeRepositories", ecr.describe_repositories().into_paginator().items().send());
    for repo in repos {
        let name = repo.repository_name().unwrap_or_default().to_owned();
        let arn = repo.repository_arn().map(str::to_owned).unwrap_or_else(|| format!("arn:{}:ecr:{region}:{}:repository/{name}", ctx.partition, ctx.account));
        let policy = match ecr.get_repository_policy().repository_name(&name).send().await {
            Ok(out) => Attr::Known(out.policy_text().map(policy_json)),
            Err(e) => {
                let err = CallError::from_sdk(&e);
                if err.is_code(&["RepositoryPolicyNotFoundException"]) { Attr::Known(None) } else { err.unknown("ecr:GetRepositoryPolicy") }
            }
        };
        let encryption = repo.encryption_configuration();
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, BTreeMap::new(), Repository {
            image_tag_mutability: Attr::Known(repo.image_tag_mutability().map(|m| m.as_str().to_owned()).unwrap_or_else(|| "MUTABLE".to_owned())),
            scan_on_push: Attr::Known(repo.image_scanning_configuration().is_some_and(|c| c.scan_on_push())),
            encryption_type: Attr::Known(encryption.map(|e| e.encryption_type().as_str().to_owned()).unwrap_or_else(|| "AES256".to_owned())),
            kms_key: Attr::Known(encryption.and_then(|e| e.kms_key()).map(str::to_owned)),
            policy,
        }));
    }
    part
}
