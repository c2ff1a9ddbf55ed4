//! The responsibility model: for every service, who owns each security domain
//! and what exactly the customer's part is. Loaded from
//! the YAML files under `data/services/`, compiled into the binary.

use onus_model::Domain;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The data files, as compiled in: one per area, each a YAML list of services.
/// Paths are relative to this crate, as error messages show them.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("data/services/compute-and-network.yaml", include_str!("../data/services/compute-and-network.yaml")),
    ("data/services/storage-and-data.yaml", include_str!("../data/services/storage-and-data.yaml")),
    ("data/services/security-and-management.yaml", include_str!("../data/services/security-and-management.yaml")),
];

/// The whole model.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityModel {
    /// Every service, in display order.
    pub services: Vec<ServiceModel>,
}

/// One AWS service.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceModel {
    /// Stable lowercase id (`rds`), the one resource kinds and checks use.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The tier customers know.
    pub category: Category,
    /// AWS's own term for the tier.
    pub aws_category: AwsCategory,
    /// AWS's security chapter for the service.
    pub docs: String,
    /// Ways of using the service that move the line (Fargate vs EC2 launch type…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// Every domain's duty.
    pub domains: BTreeMap<Domain, Duty>,
}

/// The three tiers of the model as customers name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// IaaS: the customer runs the guest OS and everything above.
    Infrastructure,
    /// PaaS: AWS runs the platform; the customer configures and uses it.
    Platform,
    /// SaaS-like managed services: AWS runs nearly everything below the data.
    Managed,
}

impl Category {
    /// Short label, e.g. `IaaS`.
    pub fn label(self) -> &'static str {
        match self {
            Category::Infrastructure => "IaaS",
            Category::Platform => "PaaS",
            Category::Managed => "SaaS",
        }
    }
}

/// AWS's own names for the tiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AwsCategory {
    /// Infrastructure services (EC2, EBS, VPC).
    Infrastructure,
    /// Container services (RDS, EMR, Elastic Beanstalk).
    Container,
    /// Abstracted services (S3, DynamoDB, SQS).
    Abstracted,
}

/// A way of using a service that changes who owns some domains.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// Stable id, e.g. `fargate`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// How the variant is recognised and what it changes.
    pub description: String,
    /// Domains whose duty differs under this variant.
    #[serde(default)]
    pub overrides: BTreeMap<Domain, Duty>,
}

/// Who owns a domain, in the Cloud Controls Matrix's SSRM vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    /// Provider-owned: AWS alone.
    Aws,
    /// Customer-owned.
    Customer,
    /// Shared: each side has a part.
    Shared,
}

impl Owner {
    /// The CCM SSRM term.
    pub fn ssrm_term(self) -> &'static str {
        match self {
            Owner::Aws => "provider-owned",
            Owner::Customer => "customer-owned",
            Owner::Shared => "shared",
        }
    }
}

/// One domain of one service.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// Who owns it.
    pub owner: Owner,
    /// What AWS does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws: Option<String>,
    /// What the customer must do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// Checks that evidence the customer's part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<String>,
    /// The question an auditor asks for the part no API can prove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual: Option<String>,
    /// Cloud Controls Matrix v4.1 control ids the duty serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ccm: Vec<String>,
}

impl Duty {
    /// Whether the customer has a part.
    pub fn has_customer_part(&self) -> bool {
        self.owner != Owner::Aws
    }
}

/// A data file that does not parse.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct DataFileError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// What was expected.
    pub message: String,
}

/// Turns a serde-saphyr error into a one-line error naming file, line and column.
pub fn yaml_error(file: &str, err: &serde_saphyr::Error) -> DataFileError {
    let (line, column) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
    let text = err.to_string();
    let first = text.lines().next().unwrap_or_default();
    // serde-saphyr renders "error: line L column C: message" followed by a snippet.
    let message = match first.find(": ").and_then(|i| first[i + 2..].find(": ").map(|j| i + 2 + j + 2)) {
        Some(start) if first.starts_with("error: line ") => first[start..].to_owned(),
        _ => first.trim_start_matches("error: ").to_owned(),
    };
    DataFileError { file: file.to_owned(), line, column, message }
}

/// Parses the services of one data file.
pub fn parse_services(file: &str, yaml: &str) -> Result<Vec<ServiceModel>, DataFileError> {
    serde_saphyr::from_str(yaml).map_err(|e| yaml_error(file, &e))
}

/// Parses a model from several data files, in order.
pub fn parse(files: &[(&str, &str)]) -> Result<ResponsibilityModel, DataFileError> {
    let mut services = Vec::new();
    for (file, yaml) in files {
        services.extend(parse_services(file, yaml)?);
    }
    Ok(ResponsibilityModel { services })
}

/// The model compiled into onus.
pub fn builtin() -> Result<&'static ResponsibilityModel, DataFileError> {
    static MODEL: OnceLock<Result<ResponsibilityModel, DataFileError>> = OnceLock::new();
    MODEL.get_or_init(|| parse(BUILTIN_FILES)).as_ref().map_err(Clone::clone)
}

impl ResponsibilityModel {
    /// A service by id.
    pub fn service(&self, id: &str) -> Option<&ServiceModel> {
        self.services.iter().find(|s| s.id == id)
    }
}
