//! [`SqlStore`]: the engine-neutral store. Each port is forwarded to the engine adapter's own
//! store by `ambassador` (the forwarding code it generates names the ports' types
//! unqualified, hence the glob imports).

#![allow(clippy::wildcard_imports)]

use super::Database;
use ambassador::Delegate;
use chrono::NaiveDateTime;
use sentinel_adapters_postgres::PostgresStore;
use sentinel_adapters_sqlite::SqliteStore;
use sentinel_domain::{
    api_keys::*, audit::*, fleet::*, ids::*, incidents::*, live::*, motion::*, notifications::*,
    sentinel::*, sharing::*,
};
use sentinel_ports::driven::repos::delegation::*;
use sentinel_ports::driven::repos::*;
use std::collections::{BTreeSet, HashMap};

/// Every repository port over one database, whichever engine it runs on. Cheap to clone
/// (the pool is shared); hold it as `Arc<dyn …Repo>` for each port.
#[derive(Debug, Clone, Delegate)]
#[delegate(ApiKeyRepo)]
#[delegate(AuditRepo)]
#[delegate(CameraRepo)]
#[delegate(EmailOutboxRepo)]
#[delegate(GdprRepo)]
#[delegate(GroupRepo)]
#[delegate(IncidentRepo)]
#[delegate(McpActivityRepo)]
#[delegate(MemberAccessRepo)]
#[delegate(MotionEmailAnchorRepo)]
#[delegate(MotionRepo)]
#[delegate(NodeRepo)]
#[delegate(NotificationRepo)]
#[delegate(RetentionRepo)]
#[delegate(SentinelAgentGateRepo)]
#[delegate(SentinelConfigRepo)]
#[delegate(SentinelRunRepo)]
#[delegate(SettingsRepo)]
#[delegate(ShareLinkRepo)]
#[delegate(StreamAccessLogRepo)]
#[delegate(StreamAccessRepo)]
#[delegate(UsageRepo)]
#[delegate(WebhookLedgerRepo)]
pub enum SqlStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl SqlStore {
    /// The store over `db`'s pool.
    pub fn new(db: Database) -> Self {
        db.store()
    }
}
