//! Built-in checks, one file each, grouped by service.

pub mod cloudtrail;
pub mod ebs;
pub mod ec2;
pub mod iam;
pub mod kms;
pub mod rds;
pub mod s3;
