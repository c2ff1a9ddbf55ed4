//! VPC checks: flow logs and network ACLs.

pub mod flow_logs_disabled;
pub mod nacl_admin_ports_open;
