//! EC2 network checks.

pub mod security_group_admin_ports_open;
pub mod security_group_all_traffic_open;
