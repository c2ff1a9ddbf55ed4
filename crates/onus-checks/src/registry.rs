//! The one list of built-in checks. Adding a check: one file, one line here,
//! and its fixtures under `fixtures/<id>/`.

use crate::check::Check;
use crate::checks::{cloudtrail, dynamodb, ebs, ec2, elb, guardduty, iam, kms, lambda, rds, s3};

/// Every built-in check, in a stable order.
pub static CHECKS: &[&dyn Check] = &[
    &iam::root_user_without_mfa::RootUserWithoutMfa,
    &iam::root_user_access_keys::RootUserAccessKeys,
    &iam::console_user_without_mfa::ConsoleUserWithoutMfa,
    &iam::access_key_not_rotated::AccessKeyNotRotated,
    &iam::password_policy_weak::PasswordPolicyWeak,
    &s3::bucket_public_access_block_disabled::BucketPublicAccessBlockDisabled,
    &s3::bucket_policy_allows_public_access::BucketPolicyAllowsPublicAccess,
    &s3::bucket_allows_insecure_transport::BucketAllowsInsecureTransport,
    &s3::bucket_versioning_disabled::BucketVersioningDisabled,
    &ec2::security_group_all_traffic_open::SecurityGroupAllTrafficOpen,
    &ec2::security_group_admin_ports_open::SecurityGroupAdminPortsOpen,
    &ec2::instance_imdsv1_allowed::InstanceImdsv1Allowed,
    &ebs::volume_unencrypted::VolumeUnencrypted,
    &ebs::encryption_by_default_disabled::EncryptionByDefaultDisabled,
    &ebs::snapshot_public::SnapshotPublic,
    &cloudtrail::trail_not_multi_region::TrailNotMultiRegion,
    &cloudtrail::log_file_validation_disabled::LogFileValidationDisabled,
    &kms::key_rotation_disabled::KeyRotationDisabled,
    &rds::instance_storage_unencrypted::InstanceStorageUnencrypted,
    &rds::instance_publicly_accessible::InstancePubliclyAccessible,
    &rds::instance_backups_insufficient::InstanceBackupsInsufficient,
    &rds::snapshot_public::SnapshotPublic,
    &lambda::function_url_unauthenticated::FunctionUrlUnauthenticated,
    &lambda::function_runtime_deprecated::FunctionRuntimeDeprecated,
    &dynamodb::table_pitr_disabled::TablePitrDisabled,
    &guardduty::not_enabled::NotEnabled,
    &elb::listener_plain_http::ListenerPlainHttp,
    &elb::listener_outdated_tls_policy::ListenerOutdatedTlsPolicy,
];
