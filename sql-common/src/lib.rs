//! What the two SQL adapters share, so that neither depends on the other
//! (`adapters-sqlite`, `adapters-postgres`; the app picks one from `DATABASE_URL`):
//!
//! - the diesel [`schema`] of `migrations/{sqlite,postgres}` (one schema, two dialects);
//! - [`StorageError`] and the translation of diesel's failures into the ports' `RepoError`;
//! - [`DatabaseLocation`]: what `DATABASE_URL` names, and so which engine;
//! - [`TABLE_NAMES`], [`escape_like`], the `lower()` SQL function;
//! - the repositories themselves, as source: `repositories/` (beside `src/`, not in it).
//!
//! # The repositories, compiled once per engine
//! The repositories are written once against diesel's query builder, but diesel needs the
//! concrete connection type to check and build every query, and a generic `Store<Conn>`
//! would have to repeat diesel's backend bounds on every method. So the sources are
//! compiled by each adapter, inside an engine module that defines what they expect:
//!
//! ```text
//! // adapters-{sqlite,postgres}/src/lib.rs
//! pub(crate) use sentinel_sql_common::{error, schema};   // `crate::error`, `crate::schema`
//! // adapters-{sqlite,postgres}/src/engine.rs
//! pub(crate) type Conn = SqliteConnection;   // or PgConnection
//! pub(crate) type Backend = …;  pub(crate) type ConnPool = …;
//! pub(crate) fn write_transaction(…) { … }   // BEGIN IMMEDIATE, or the advisory lock
//! pub(crate) mod export_sql { … }            // the GDPR export's catalogue query
//! #[path = "../../sql-common/repositories/mod.rs"]
//! pub mod store;
//! ```
//!
//! This crate does not compile `repositories/` itself (it has no connection type to give
//! them); each adapter's build and tests do. The repository test suite is shared the same
//! way (`repository-suite/`, included by each adapter's `tests/storage`).

pub mod error;
mod location;
pub mod schema;

pub use error::StorageError;
pub use location::{DatabaseLocation, PostgresUrl};

use std::time::Duration;

/// Every table the migrations create (data-model.md §1), in the order they are listed there.
pub const TABLE_NAMES: [&str; 23] = [
    "cameras",
    "camera_groups",
    "settings",
    "audit_log",
    "camera_nodes",
    "stream_access_logs",
    "mcp_api_keys",
    "mcp_activity_logs",
    "incidents",
    "incident_evidence",
    "motion_events",
    "notifications",
    "user_notification_state",
    "processed_webhooks",
    "org_monthly_usage",
    "email_outbox",
    "email_log",
    "email_suppression",
    "sentinel_config",
    "sentinel_runs",
    "org_daily_usage",
    "share_links",
    "member_access",
];

/// How long a caller waits for a pooled connection (the original's connect timeout), on
/// either engine.
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(30);

diesel::define_sql_function! {
    /// SQL `lower()`, for case-insensitive matching that also works on PostgreSQL.
    fn lower(text: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

/// `text` as a literal `LIKE` fragment under `ESCAPE '\'`.
pub fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Logs the migrations an open or `sentinel migrate` applied (nothing when none were due).
#[doc(hidden)]
pub fn log_applied(applied: &[String]) {
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "applied database migrations");
    }
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like(r"a_b%c\d"), r"a\_b\%c\\d");
        assert_eq!(escape_like("plain"), "plain");
    }
}
