//! Where a resource, or one of its attributes, came from.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a resource was observed. Findings carry it so that a reader can go
/// straight to the resource in the console or to the line in the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "source", rename_all = "snake_case", deny_unknown_fields)]
pub enum Provenance {
    /// Read from a live AWS account.
    Live {
        /// The resource's ARN, when it has one (an account-level setting may not).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        arn: Option<String>,
        /// The account the resource lives in.
        account: String,
        /// The region, or `None` for global resources (IAM, the S3 bucket list…).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        region: Option<String>,
    },
    /// Declared in a Terraform plan, state or configuration.
    Terraform {
        /// The file the resource came from.
        file: String,
        /// The resource address, e.g. `module.logs.aws_s3_bucket.this[0]`.
        address: String,
        /// Where the resource block sits in the file, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
    },
    /// Declared in a CloudFormation (or SAM) template.
    #[serde(rename = "cloudformation")]
    CloudFormation {
        /// The template file.
        file: String,
        /// The resource's logical id.
        logical_id: String,
        /// Where the resource sits in the template, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
    },
}

/// A range of lines (and optionally columns) in a source file; 1-based, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Span {
    /// First line.
    pub start_line: u32,
    /// Column on the first line, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_column: Option<u32>,
    /// Last line.
    pub end_line: u32,
    /// Column on the last line, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
}

impl Provenance {
    /// The source file for IaC provenance.
    pub fn file(&self) -> Option<&str> {
        match self {
            Provenance::Live { .. } => None,
            Provenance::Terraform { file, .. } | Provenance::CloudFormation { file, .. } => {
                Some(file)
            }
        }
    }

    /// The span of the resource in its file, for IaC provenance.
    pub fn span(&self) -> Option<Span> {
        match self {
            Provenance::Live { .. } => None,
            Provenance::Terraform { span, .. } | Provenance::CloudFormation { span, .. } => *span,
        }
    }

    /// A one-line human description: the ARN, or `file:line (address)`.
    pub fn describe(&self) -> String {
        match self {
            Provenance::Live { arn: Some(arn), .. } => arn.clone(),
            Provenance::Live { arn: None, account, region } => match region {
                Some(region) => format!("account {account}, {region}"),
                None => format!("account {account}"),
            },
            Provenance::Terraform { file, address, span } => match span {
                Some(s) => format!("{file}:{} ({address})", s.start_line),
                None => format!("{file} ({address})"),
            },
            Provenance::CloudFormation { file, logical_id, span } => match span {
                Some(s) => format!("{file}:{} ({logical_id})", s.start_line),
                None => format!("{file} ({logical_id})"),
            },
        }
    }
}
