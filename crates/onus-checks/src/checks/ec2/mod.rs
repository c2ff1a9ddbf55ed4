//! EC2 checks: network exposure and instance configuration.

pub mod ami_public;
pub mod instance_imdsv1_allowed;
pub mod security_group_admin_ports_open;
pub mod security_group_all_traffic_open;
