//! `UsageRepo` over `org_monthly_usage`: one upsert per flush adds the month's seconds.

use super::Store;
use crate::schema::org_monthly_usage as usage;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{RepoError, RepoResult, UsageRepo};

impl UsageRepo for Store {
    fn viewer_seconds(&self, org: &OrgId, year_month: &str) -> RepoResult<u64> {
        self.read(|conn| {
            let seconds = usage::table
                .filter(usage::org_id.eq(org.as_str()))
                .filter(usage::year_month.eq(year_month))
                .select(usage::viewer_seconds)
                .first::<i64>(conn)
                .optional()?;
            Ok(non_negative(seconds.unwrap_or(0)))
        })
    }

    fn add_viewer_seconds(
        &self,
        org: &OrgId,
        year_month: &str,
        seconds: u64,
        at: NaiveDateTime,
    ) -> RepoResult<u64> {
        let seconds = i64::try_from(seconds)
            .map_err(|_| RepoError::Storage(format!("{seconds} viewer-seconds overflow")))?;
        self.write(|conn| {
            let total = diesel::insert_into(usage::table)
                .values((
                    usage::org_id.eq(org.as_str()),
                    usage::year_month.eq(year_month),
                    usage::viewer_seconds.eq(seconds),
                    usage::updated_at.eq(at),
                ))
                .on_conflict((usage::org_id, usage::year_month))
                .do_update()
                .set((
                    usage::viewer_seconds
                        .eq(usage::viewer_seconds + excluded(usage::viewer_seconds)),
                    usage::updated_at.eq(excluded(usage::updated_at)),
                ))
                .returning(usage::viewer_seconds)
                .get_result::<i64>(conn)?;
            Ok(non_negative(total))
        })
    }
}

fn non_negative(seconds: i64) -> u64 {
    u64::try_from(seconds).unwrap_or(0)
}
