//! Resource kinds, named by their CloudFormation type.
//!
//! To add a kind: write its struct in the service's module (or a new one) and
//! add one line to the `resource_kinds!` list below. Everything else — the
//! `ResourceKind` enum, the tagged `Properties` enum, the JSON Schema and the
//! typed accessors checks use — follows from that line.

pub mod acm;
pub mod backup;
pub mod cloudtrail;
pub mod config;
pub mod containers;
pub mod dynamodb;
pub mod ec2;
pub mod efs;
pub mod elbv2;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod messaging;
pub mod organizations;
pub mod rds;
pub mod s3;
pub mod secretsmanager;
pub mod securityhub;
pub mod ssm;
pub mod wafv2;

use crate::provenance::{Provenance, Span};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A resource type with typed properties.
pub trait ResourceType: Sized + 'static {
    /// The kind this type represents.
    const KIND: ResourceKind;
    /// The typed properties, when `properties` are of this kind.
    fn from_properties(properties: &Properties) -> Option<&Self>;
}

macro_rules! resource_kinds {
    ($( $variant:ident => $cfn:literal, service $service:literal, $ty:path, pseudo $pseudo:literal; )*) => {
        /// A resource kind, named by its CloudFormation type. Kinds CloudFormation
        /// lacks (account-level settings) use the same `AWS::Service::Name` form
        /// and are marked as onus kinds in the docs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum ResourceKind {
            $(
                #[doc = concat!("`", $cfn, "`")]
                #[serde(rename = $cfn)]
                $variant,
            )*
        }

        impl ResourceKind {
            /// Every kind onus knows.
            pub const ALL: &'static [ResourceKind] = &[$(ResourceKind::$variant),*];

            /// The CloudFormation-style type name, e.g. `AWS::S3::Bucket`.
            pub fn type_name(self) -> &'static str {
                match self { $(ResourceKind::$variant => $cfn,)* }
            }

            /// The service id the kind belongs to (an id of the responsibility model).
            pub fn service(self) -> &'static str {
                match self { $(ResourceKind::$variant => $service,)* }
            }

            /// Whether the kind is an onus extension rather than a CloudFormation type.
            pub fn is_onus_kind(self) -> bool {
                match self { $(ResourceKind::$variant => $pseudo,)* }
            }

            /// Looks a kind up by its type name.
            pub fn from_type_name(name: &str) -> Option<ResourceKind> {
                match name { $($cfn => Some(ResourceKind::$variant),)* _ => None }
            }
        }

        /// The typed properties of a resource, tagged by its kind.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(tag = "type", content = "properties")]
        pub enum Properties {
            $(
                #[doc = concat!("`", $cfn, "`")]
                #[serde(rename = $cfn)]
                $variant($ty),
            )*
        }

        impl Properties {
            /// The kind of these properties.
            pub fn kind(&self) -> ResourceKind {
                match self { $(Properties::$variant(_) => ResourceKind::$variant,)* }
            }
        }

        $(
            impl ResourceType for $ty {
                const KIND: ResourceKind = ResourceKind::$variant;
                fn from_properties(properties: &Properties) -> Option<&Self> {
                    match properties {
                        Properties::$variant(p) => Some(p),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }

            impl From<$ty> for Properties {
                fn from(p: $ty) -> Self { Properties::$variant(p) }
            }
        )*
    };
}

resource_kinds! {
    IamAccountPasswordPolicy => "AWS::IAM::AccountPasswordPolicy", service "iam", iam::AccountPasswordPolicy, pseudo true;
    IamRootUser => "AWS::IAM::RootUser", service "iam", iam::RootUser, pseudo true;
    IamUser => "AWS::IAM::User", service "iam", iam::User, pseudo false;
    S3Bucket => "AWS::S3::Bucket", service "s3", s3::Bucket, pseudo false;
    S3AccountPublicAccessBlock => "AWS::S3::AccountPublicAccessBlock", service "s3", s3::AccountPublicAccessBlock, pseudo true;
    Ec2SecurityGroup => "AWS::EC2::SecurityGroup", service "ec2", ec2::SecurityGroup, pseudo false;
    Ec2Instance => "AWS::EC2::Instance", service "ec2", ec2::Instance, pseudo false;
    Ec2Volume => "AWS::EC2::Volume", service "ebs", ec2::Volume, pseudo false;
    Ec2Snapshot => "AWS::EC2::Snapshot", service "ebs", ec2::Snapshot, pseudo true;
    Ec2EbsEncryptionByDefault => "AWS::EC2::EBSEncryptionByDefault", service "ebs", ec2::EbsEncryptionByDefault, pseudo true;
    CloudTrailTrail => "AWS::CloudTrail::Trail", service "cloudtrail", cloudtrail::Trail, pseudo false;
    KmsKey => "AWS::KMS::Key", service "kms", kms::Key, pseudo false;
    RdsDbInstance => "AWS::RDS::DBInstance", service "rds", rds::DbInstance, pseudo false;
    RdsDbSnapshot => "AWS::RDS::DBSnapshot", service "rds", rds::DbSnapshot, pseudo true;
    LambdaFunction => "AWS::Lambda::Function", service "lambda", lambda::Function, pseudo false;
    DynamoDbTable => "AWS::DynamoDB::Table", service "dynamodb", dynamodb::Table, pseudo false;
    GuardDutyDetector => "AWS::GuardDuty::Detector", service "guardduty", guardduty::Detector, pseudo false;
    Elbv2Listener => "AWS::ElasticLoadBalancingV2::Listener", service "elb", elbv2::Listener, pseudo false;
    IamGroup => "AWS::IAM::Group", service "iam", iam::Group, pseudo false;
    IamRole => "AWS::IAM::Role", service "iam", iam::Role, pseudo false;
    IamManagedPolicy => "AWS::IAM::ManagedPolicy", service "iam", iam::ManagedPolicy, pseudo false;
    AccessAnalyzerAnalyzer => "AWS::AccessAnalyzer::Analyzer", service "iam", securityhub::Analyzer, pseudo false;
    Ec2Vpc => "AWS::EC2::VPC", service "vpc", ec2::Vpc, pseudo false;
    Ec2NetworkAcl => "AWS::EC2::NetworkAcl", service "vpc", ec2::NetworkAcl, pseudo false;
    Ec2Image => "AWS::EC2::Image", service "ec2", ec2::Image, pseudo true;
    RdsDbCluster => "AWS::RDS::DBCluster", service "aurora", rds::DbCluster, pseudo false;
    RdsDbClusterSnapshot => "AWS::RDS::DBClusterSnapshot", service "rds", rds::DbClusterSnapshot, pseudo true;
    LogsLogGroup => "AWS::Logs::LogGroup", service "cloudwatch", logs::LogGroup, pseudo false;
    CloudWatchAlarm => "AWS::CloudWatch::Alarm", service "cloudwatch", logs::Alarm, pseudo false;
    ConfigConfigurationRecorder => "AWS::Config::ConfigurationRecorder", service "config", config::ConfigurationRecorder, pseudo false;
    AcmCertificate => "AWS::CertificateManager::Certificate", service "acm", acm::Certificate, pseudo false;
    BackupBackupPlan => "AWS::Backup::BackupPlan", service "backup", backup::BackupPlan, pseudo false;
    BackupBackupVault => "AWS::Backup::BackupVault", service "backup", backup::BackupVault, pseudo false;
    SsmManagedInstance => "AWS::SSM::ManagedInstance", service "ssm", ssm::ManagedInstance, pseudo true;
    Wafv2WebAcl => "AWS::WAFv2::WebACL", service "waf", wafv2::WebAcl, pseudo false;
    OrganizationsOrganization => "AWS::Organizations::Organization", service "organizations", organizations::Organization, pseudo false;
    OrganizationsPolicy => "AWS::Organizations::Policy", service "organizations", organizations::Policy, pseudo false;
    SecretsManagerSecret => "AWS::SecretsManager::Secret", service "secretsmanager", secretsmanager::Secret, pseudo false;
    SnsTopic => "AWS::SNS::Topic", service "sns", messaging::Topic, pseudo false;
    SqsQueue => "AWS::SQS::Queue", service "sqs", messaging::Queue, pseudo false;
    EksCluster => "AWS::EKS::Cluster", service "eks", containers::Cluster, pseudo false;
    EcrRepository => "AWS::ECR::Repository", service "ecr", containers::Repository, pseudo false;
    EfsFileSystem => "AWS::EFS::FileSystem", service "efs", efs::FileSystem, pseudo false;
    SecurityHubHub => "AWS::SecurityHub::Hub", service "securityhub", securityhub::Hub, pseudo false;
}

impl std::fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.type_name())
    }
}

/// One resource: identity, location, provenance and typed properties.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Resource {
    /// Unique within the inventory: the ARN for live resources, the address or
    /// logical id (prefixed by the file) for infrastructure as code.
    pub id: String,
    /// A human name: bucket name, user name, group name, logical id…
    pub name: String,
    /// The account, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The region; `None` for global resources or when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Where the resource was observed.
    pub provenance: Provenance,
    /// Where individual attributes sit in the source file (IaC), keyed by
    /// attribute path as checks name it, e.g. `public_access_block`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attribute_spans: BTreeMap<String, Span>,
    /// The file of an attribute in `attribute_spans` declared in another file
    /// than the resource (a Terraform companion resource in another file or
    /// module); the resource's own file otherwise.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attribute_files: BTreeMap<String, String>,
    /// Checks the source itself mutes on this resource, each with a reason
    /// (inline `onus:ignore` comments, CloudFormation `Metadata.onus.ignore`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<crate::suppression::Suppression>,
    /// The kind (`type`) and its typed `properties`.
    #[serde(flatten)]
    pub properties: Properties,
}

impl Resource {
    /// The resource's kind.
    pub fn kind(&self) -> ResourceKind {
        self.properties.kind()
    }

    /// The typed properties, if the resource is of kind `T`.
    pub fn props<T: ResourceType>(&self) -> Option<&T> {
        T::from_properties(&self.properties)
    }
}
