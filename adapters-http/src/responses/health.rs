//! Liveness, readiness and the probe report (docs/rest-api.md, "Health"). The probes
//! report in JSON (the application layer words each check); these types fix the shape the
//! routes answer with and document it.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// Liveness.
#[derive(Debug, Serialize, ToSchema)]
pub struct Liveness {
    /// Always `healthy`.
    pub status: &'static str,
    pub version: &'static str,
}

/// One probe's verdict and its numbers (`latency_ms`, `error_class`, `percent_used`, ...,
/// each probe its own).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProbeCheck {
    /// `ok`, `warn`, `critical`, `unconfigured` or `disabled`.
    pub status: String,
    #[serde(flatten)]
    #[schema(additional_properties)]
    pub details: Map<String, Value>,
}

/// The probes readiness depends on.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReadyChecks {
    pub database: ProbeCheck,
    pub clerk: ProbeCheck,
    pub disk: ProbeCheck,
    pub email_worker: ProbeCheck,
}

/// Readiness, with the same body for 200 (ready) and 503 (not ready).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Readiness {
    pub ready: bool,
    pub checks: ReadyChecks,
    pub version: String,
    pub uptime_seconds: f64,
}

/// Every probe of the detailed report.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DetailedChecks<C> {
    pub database: C,
    pub clerk: C,
    pub disk: C,
    pub email_worker: C,
    pub hls_cache: C,
    pub viewer_usage: C,
    pub sse: C,
    /// Never affects the roll-up.
    pub resend: C,
}

/// The whole probe report (operations token holders).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DetailedReport {
    /// `healthy`, `degraded` or `unhealthy`.
    pub status: String,
    pub version: String,
    pub uptime_seconds: f64,
    /// RFC 3339 with microseconds.
    #[schema(format = DateTime)]
    pub started_at: String,
    #[schema(format = DateTime)]
    pub time: String,
    pub checks: DetailedChecks<ProbeCheck>,
    /// The background loops this instance holds the lease of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub singleton_loops: Option<Vec<String>>,
}

/// A check's verdict alone.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckStatus {
    pub status: String,
}

/// The report without its numbers (everyone without the operations token).
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusReport {
    pub status: String,
    pub version: String,
    pub checks: DetailedChecks<CheckStatus>,
}

impl From<DetailedReport> for StatusReport {
    fn from(report: DetailedReport) -> Self {
        let only = |check: ProbeCheck| CheckStatus {
            status: check.status,
        };
        let checks = report.checks;
        Self {
            status: report.status,
            version: report.version,
            checks: DetailedChecks {
                database: only(checks.database),
                clerk: only(checks.clerk),
                disk: only(checks.disk),
                email_worker: only(checks.email_worker),
                hls_cache: only(checks.hls_cache),
                viewer_usage: only(checks.viewer_usage),
                sse: only(checks.sse),
                resend: only(checks.resend),
            },
        }
    }
}

/// The detailed report, whole or statuses only.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum DetailedBody {
    Full(Box<DetailedReport>),
    Statuses(Box<StatusReport>),
}
