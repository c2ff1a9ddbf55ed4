//! ACM certificates per region.

use super::{all_or_gap, client, live, to_chrono};
use crate::error::CallError;
use crate::{Ctx, Part};
use onus_model::resources::acm::Certificate;
use onus_model::{Attr, ResourceKind};
use std::collections::BTreeMap;
use std::sync::Arc;

pub async fn collect(ctx: Arc<Ctx>, region: String) -> Part {
    let acm = client!(aws_sdk_acm, ctx, &region);
    let mut part = Part::default();
    let r = Some(region.as_str());
    let summaries = all_or_gap!(part, ctx, "acm", r, &[ResourceKind::AcmCertificate], "acm:ListCertificates", acm.list_certificates().into_paginator().items().send());
    for s in summaries {
        let Some(arn) = s.certificate_arn().map(str::to_owned) else { continue };
        let props = match acm.describe_certificate().certificate_arn(&arn).send().await {
            Ok(out) => match out.certificate() {
                Some(c) => Certificate {
                    domain_name: Attr::Known(c.domain_name().unwrap_or_default().to_owned()),
                    status: Attr::Known(c.status().map(|x| x.as_str().to_owned()).unwrap_or_default()),
                    certificate_type: Attr::Known(c.r#type().map(|x| x.as_str().to_owned()).unwrap_or_default()),
                    not_after: Attr::Known(c.not_after().and_then(to_chrono)),
                    key_algorithm: Attr::Known(c.key_algorithm().map(|x| x.as_str().to_owned()).unwrap_or_default()),
                    in_use_by: Attr::Known(c.in_use_by().to_vec()),
                },
                None => Certificate::default(),
            },
            Err(e) => {
                let err = CallError::from_sdk(&e);
                Certificate {
                    domain_name: Attr::Known(s.domain_name().unwrap_or_default().to_owned()),
                    status: err.unknown("acm:DescribeCertificate"),
                    certificate_type: err.unknown("acm:DescribeCertificate"),
                    not_after: err.unknown("acm:DescribeCertificate"),
                    key_algorithm: err.unknown("acm:DescribeCertificate"),
                    in_use_by: err.unknown("acm:DescribeCertificate"),
                }
            }
        };
        let name = s.domain_name().unwrap_or(&arn).to_owned();
        part.resources.push(live(&ctx, Some(arn.clone()), arn, name, r, BTreeMap::new(), props));
    }
    part
}
