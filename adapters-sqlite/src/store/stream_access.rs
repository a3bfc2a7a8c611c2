//! `StreamAccessRepo` over `stream_access_logs`: batches from the access-log writer.

use super::SqliteStore;
use crate::schema::stream_access_logs as logs;
use diesel::prelude::*;
use sentinel_domain::ids::OrgId;
use sentinel_domain::live::StreamAccess;
use sentinel_ports::driven::repos::{RepoResult, StreamAccessRepo};

impl StreamAccessRepo for SqliteStore {
    fn record_stream_accesses(&self, org: &OrgId, rows: &[StreamAccess]) -> RepoResult<usize> {
        if rows.is_empty() {
            return Ok(0);
        }
        self.write(|conn| {
            let values: Vec<_> = rows
                .iter()
                .map(|row| {
                    (
                        logs::user_id.eq(row.user_id.as_str()),
                        logs::user_email.eq(Some(row.user_email.as_str())),
                        logs::org_id.eq(org.as_str()),
                        logs::camera_id.eq(row.camera_id.as_str()),
                        logs::node_id.eq(row.node_ref.as_str()),
                        logs::ip_address.eq(row.ip_address.as_deref()),
                        logs::user_agent.eq(row.user_agent.as_deref()),
                        logs::accessed_at.eq(Some(row.accessed_at)),
                    )
                })
                .collect();
            let mut written = 0;
            // SQLite caps bound parameters per statement; 8 columns × 100 rows stays clear.
            for chunk in values.chunks(100) {
                written += diesel::insert_into(logs::table)
                    .values(chunk)
                    .execute(conn)?;
            }
            Ok(written)
        })
    }
}
