//! Sentinel's pure rules, one crate per bounded context under `domain/` (kernel, cameras,
//! plans, incidents, metering, identity, motion, notifications, mcp, sentinel, audit,
//! sharing), seen here under one name so the rest of the workspace keeps a single import
//! path. No I/O, no framework, no clock reads (time comes in as an argument).

pub use sentinel_domain_audit::audit;
pub use sentinel_domain_cameras::{fleet, releases};
pub use sentinel_domain_identity::{api_keys, identity};
pub use sentinel_domain_incidents::incidents;
pub use sentinel_domain_kernel::{
    client_address, ids, keys, python, python_int, rate_limit, redaction, settings, text,
    timestamps,
};
pub use sentinel_domain_mcp::mcp;
pub use sentinel_domain_metering::live;
pub use sentinel_domain_motion::motion;
pub use sentinel_domain_notifications::notifications;
pub use sentinel_domain_plans::plans;
pub use sentinel_domain_sentinel::sentinel;
pub use sentinel_domain_sharing::sharing;
