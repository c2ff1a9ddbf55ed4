//! DynamoDB checks.

pub mod table_pitr_disabled;
