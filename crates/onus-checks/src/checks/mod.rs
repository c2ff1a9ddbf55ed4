//! Built-in checks, one file each, grouped by service.

pub mod cloudtrail;
pub mod dynamodb;
pub mod ebs;
pub mod ec2;
pub mod elb;
pub mod guardduty;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod rds;
pub mod s3;
