//! `UsageRepo` over `org_monthly_usage` and `org_daily_usage`: one transaction per flush
//! adds the seconds to the month's row and to the flush day's row.

use super::Store;
use crate::schema::org_daily_usage as daily;
use crate::schema::org_monthly_usage as usage;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::upsert::excluded;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{DailyUsage, RepoError, RepoResult, UsageRepo};

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
            diesel::insert_into(daily::table)
                .values((
                    daily::org_id.eq(org.as_str()),
                    daily::day.eq(at.format("%Y-%m-%d").to_string()),
                    daily::viewer_seconds.eq(seconds),
                    daily::updated_at.eq(at),
                ))
                .on_conflict((daily::org_id, daily::day))
                .do_update()
                .set((
                    daily::viewer_seconds
                        .eq(daily::viewer_seconds + excluded(daily::viewer_seconds)),
                    daily::updated_at.eq(excluded(daily::updated_at)),
                ))
                .execute(conn)?;
            Ok(non_negative(total))
        })
    }

    fn daily_viewer_seconds(&self, org: &OrgId, from_day: &str) -> RepoResult<Vec<DailyUsage>> {
        self.read(|conn| {
            let rows = daily::table
                .filter(daily::org_id.eq(org.as_str()))
                .filter(daily::day.ge(from_day))
                .order(daily::day.asc())
                .select((daily::day, daily::viewer_seconds))
                .load::<(String, i64)>(conn)?;
            Ok(rows
                .into_iter()
                .map(|(day, seconds)| DailyUsage {
                    day,
                    seconds: non_negative(seconds),
                })
                .collect())
        })
    }
}

fn non_negative(seconds: i64) -> u64 {
    u64::try_from(seconds).unwrap_or(0)
}
