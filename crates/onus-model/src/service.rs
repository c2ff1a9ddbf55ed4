//! The services onus knows, by stable id. The one list every other list of
//! services (resource kinds, checks, the responsibility matrix) refers to.

/// A service id with its display name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// Stable lowercase id, as used on the command line (`--service s3`).
    pub id: &'static str,
    /// Display name.
    pub name: &'static str,
}

/// Every service onus has resource kinds or checks for.
pub const SERVICES: &[Service] = &[
    Service { id: "iam", name: "AWS Identity and Access Management" },
    Service { id: "s3", name: "Amazon S3" },
    Service { id: "ec2", name: "Amazon EC2" },
    Service { id: "ebs", name: "Amazon EBS" },
    Service { id: "cloudtrail", name: "AWS CloudTrail" },
    Service { id: "kms", name: "AWS Key Management Service" },
    Service { id: "rds", name: "Amazon RDS" },
];

/// Looks a service up by id.
pub fn service(id: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use crate::ResourceKind;

    #[test]
    fn every_kind_names_a_known_service() {
        for kind in ResourceKind::ALL {
            assert!(super::service(kind.service()).is_some(), "{kind} names unknown service");
        }
    }
}
