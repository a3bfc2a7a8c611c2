//! `SentinelConfigRepo` over `sentinel_config` and `SentinelRunRepo` over `sentinel_runs`.

use super::Backend;
use super::Conn;
use super::Store;
use crate::error::StoreFailure;
use crate::schema::{sentinel_config, sentinel_runs};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_domain::ids::OrgId;
use sentinel_domain::sentinel::{
    Completion, Outcome, SentinelConfig, SentinelRun, read_active_days, read_camera_scope,
};
use sentinel_ports::driven::repos::{
    NewRun, RepoError, RepoResult, RunPage, RunQuery, RunStats, SentinelConfigRepo, SentinelRunRepo,
};
use serde_json::Value;

/// Carries "the recount exceeded the cap" out of the transaction so it rolls back.
const OVER_CAP: &str = "sentinel monthly run cap";

impl SentinelConfigRepo for Store {
    fn get(&self, org: &OrgId) -> RepoResult<Option<SentinelConfig>> {
        self.read(|conn| find_config(conn, org))
    }

    fn get_or_create(&self, org: &OrgId, at: NaiveDateTime) -> RepoResult<SentinelConfig> {
        self.write(|conn| {
            if let Some(config) = find_config(conn, org)? {
                return Ok(config);
            }
            let defaults = SentinelConfig::defaults(at);
            diesel::insert_into(sentinel_config::table)
                .values((
                    sentinel_config::org_id.eq(org.as_str()),
                    sentinel_config::enabled.eq(defaults.enabled),
                    sentinel_config::motion_enabled.eq(defaults.motion_enabled),
                    sentinel_config::incident_opened_enabled.eq(defaults.incident_opened_enabled),
                    sentinel_config::motion_cooldown_min.eq(defaults.motion_cooldown_min),
                    sentinel_config::schedule_mode.eq(&defaults.schedule_mode),
                    sentinel_config::schedule_start.eq(&defaults.schedule_start),
                    sentinel_config::schedule_end.eq(&defaults.schedule_end),
                    sentinel_config::created_at.eq(Some(at)),
                    sentinel_config::updated_at.eq(Some(at)),
                ))
                .on_conflict(sentinel_config::org_id)
                .do_nothing()
                .execute(conn)?;
            find_config(conn, org)?.ok_or(StoreFailure(RepoError::NotFound("sentinel config")))
        })
    }

    fn save(
        &self,
        org: &OrgId,
        config: &SentinelConfig,
        at: NaiveDateTime,
    ) -> RepoResult<SentinelConfig> {
        let active_days = serde_json::to_string(&config.active_days)
            .map_err(|e| RepoError::Storage(e.to_string()))?;
        let camera_scope = Value::Object(config.camera_scope.clone()).to_string();
        self.write(|conn| {
            let updated = diesel::update(
                sentinel_config::table.filter(sentinel_config::org_id.eq(org.as_str())),
            )
            .set((
                sentinel_config::enabled.eq(config.enabled),
                sentinel_config::motion_enabled.eq(config.motion_enabled),
                sentinel_config::incident_opened_enabled.eq(config.incident_opened_enabled),
                sentinel_config::motion_cooldown_min.eq(config.motion_cooldown_min),
                sentinel_config::schedule_mode.eq(&config.schedule_mode),
                sentinel_config::schedule_start.eq(&config.schedule_start),
                sentinel_config::schedule_end.eq(&config.schedule_end),
                sentinel_config::active_days.eq(Some(&active_days)),
                sentinel_config::camera_scope.eq(Some(&camera_scope)),
                sentinel_config::updated_at.eq(Some(at)),
            ))
            .execute(conn)?;
            if updated == 0 {
                return Err(StoreFailure(RepoError::NotFound("sentinel config")));
            }
            find_config(conn, org)?.ok_or(StoreFailure(RepoError::NotFound("sentinel config")))
        })
    }
}

impl SentinelRunRepo for Store {
    fn insert_within_cap(
        &self,
        org: &OrgId,
        run: &NewRun,
        month_start: NaiveDateTime,
        cap: i64,
    ) -> RepoResult<Option<SentinelRun>> {
        let result = self.write(|conn| {
            diesel::insert_into(sentinel_runs::table)
                .values((
                    sentinel_runs::id.eq(&run.id),
                    sentinel_runs::org_id.eq(org.as_str()),
                    sentinel_runs::triggered_at.eq(run.triggered_at),
                    sentinel_runs::trigger_type.eq(&run.trigger_type),
                    sentinel_runs::camera_id.eq(run.camera_id.as_deref()),
                    sentinel_runs::tool_call_count.eq(0),
                    sentinel_runs::outcome.eq(Outcome::Pending.as_str()),
                    sentinel_runs::manual_prompt.eq(run.manual_prompt.as_deref()),
                    sentinel_runs::summary.eq(Some("")),
                ))
                .execute(conn)?;
            let used: i64 = org_runs(org)
                .filter(sentinel_runs::triggered_at.ge(month_start))
                .count()
                .get_result(conn)?;
            if used > cap {
                // Rolls the insert back: a racing dispatch took the last slot.
                return Err(StoreFailure(RepoError::Conflict(OVER_CAP.into())));
            }
            find_run(conn, Some(org), &run.id)
        });
        match result {
            Ok(run) => Ok(run),
            Err(RepoError::Conflict(marker)) if marker == OVER_CAP => Ok(None),
            Err(other) => Err(other),
        }
    }

    fn get(&self, org: &OrgId, run_id: &str) -> RepoResult<Option<SentinelRun>> {
        self.read(|conn| find_run(conn, Some(org), run_id))
    }

    fn list(&self, org: &OrgId, query: &RunQuery) -> RepoResult<RunPage> {
        self.read(|conn| {
            let total = matching(org, query).count().get_result(conn)?;
            let rows = matching(org, query)
                .order((sentinel_runs::triggered_at.desc(), sentinel_runs::id.desc()))
                .limit(query.limit.max(0))
                .offset(query.offset.max(0))
                .select(RunRow::as_select())
                .load(conn)?;
            Ok(RunPage {
                total,
                runs: rows.into_iter().map(SentinelRun::from).collect(),
            })
        })
    }

    fn stats(
        &self,
        org: &OrgId,
        today_start: NaiveDateTime,
        month_start: NaiveDateTime,
    ) -> RepoResult<RunStats> {
        self.read(|conn| {
            let runs_today = org_runs(org)
                .filter(sentinel_runs::triggered_at.ge(today_start))
                .count()
                .get_result(conn)?;
            let runs_total = org_runs(org).count().get_result(conn)?;
            let runs_this_month = org_runs(org)
                .filter(sentinel_runs::triggered_at.ge(month_start))
                .count()
                .get_result(conn)?;
            let incidents_filed = org_runs(org)
                .filter(sentinel_runs::outcome.eq(Outcome::Incident.as_str()))
                .count()
                .get_result(conn)?;
            let pending = org_runs(org)
                .filter(
                    sentinel_runs::outcome
                        .eq_any([Outcome::Pending.as_str(), Outcome::Running.as_str()]),
                )
                .count()
                .get_result(conn)?;
            Ok(RunStats {
                runs_today,
                runs_total,
                runs_this_month,
                incidents_filed,
                pending,
            })
        })
    }

    fn count_since(&self, org: &OrgId, since: NaiveDateTime) -> RepoResult<i64> {
        self.read(|conn| {
            Ok(org_runs(org)
                .filter(sentinel_runs::triggered_at.ge(since))
                .count()
                .get_result(conn)?)
        })
    }

    fn exists_for_camera_since(
        &self,
        org: &OrgId,
        camera_id: &str,
        trigger_type: &str,
        since: NaiveDateTime,
    ) -> RepoResult<bool> {
        self.read(|conn| {
            Ok(org_runs(org)
                .filter(sentinel_runs::camera_id.eq(camera_id))
                .filter(sentinel_runs::trigger_type.eq(trigger_type))
                .filter(sentinel_runs::triggered_at.ge(since))
                .select(sentinel_runs::id)
                .first::<String>(conn)
                .optional()?
                .is_some())
        })
    }

    fn count_since_any_org(&self, since: NaiveDateTime) -> RepoResult<i64> {
        self.read(|conn| {
            Ok(sentinel_runs::table
                .filter(sentinel_runs::triggered_at.ge(since))
                .count()
                .get_result(conn)?)
        })
    }

    fn pending_any_org(&self, limit: i64) -> RepoResult<Vec<SentinelRun>> {
        self.read(|conn| {
            let rows = sentinel_runs::table
                .filter(sentinel_runs::outcome.eq(Outcome::Pending.as_str()))
                .order((sentinel_runs::triggered_at.asc(), sentinel_runs::id.asc()))
                .limit(limit.max(0))
                .select(RunRow::as_select())
                .load(conn)?;
            Ok(rows.into_iter().map(SentinelRun::from).collect())
        })
    }

    fn get_any_org(&self, run_id: &str) -> RepoResult<Option<SentinelRun>> {
        self.read(|conn| find_run(conn, None, run_id))
    }

    fn claim_any_org(&self, run_id: &str, at: NaiveDateTime) -> RepoResult<bool> {
        self.write(|conn| {
            let claimed = diesel::update(
                sentinel_runs::table
                    .filter(sentinel_runs::id.eq(run_id))
                    .filter(sentinel_runs::outcome.eq(Outcome::Pending.as_str())),
            )
            .set((
                sentinel_runs::outcome.eq(Outcome::Running.as_str()),
                sentinel_runs::started_at.eq(Some(at)),
            ))
            .execute(conn)?;
            Ok(claimed == 1)
        })
    }

    fn complete_any_org(
        &self,
        run_id: &str,
        from: &[Outcome],
        completion: &Completion,
        at: NaiveDateTime,
    ) -> RepoResult<bool> {
        let from: Vec<&str> = from.iter().map(|o| o.as_str()).collect();
        let trace = completion
            .tool_trace
            .as_ref()
            .map(|entries| Value::Array(entries.clone()).to_string());
        self.write(|conn| {
            let Some(current) = find_run(conn, None, run_id)? else {
                return Ok(false);
            };
            if !from.contains(&current.outcome.as_str()) {
                return Ok(false);
            }
            let target = sentinel_runs::table
                .filter(sentinel_runs::id.eq(run_id))
                .filter(sentinel_runs::outcome.eq(&current.outcome));
            let written = diesel::update(target)
                .set((
                    sentinel_runs::outcome.eq(completion.outcome.as_str()),
                    sentinel_runs::severity.eq(completion.severity.map(|s| s.as_str())),
                    sentinel_runs::incident_id.eq(completion.incident_id),
                    sentinel_runs::summary.eq(Some(&completion.summary)),
                    sentinel_runs::tool_call_count.eq(completion.tool_call_count),
                    sentinel_runs::started_at.eq(Some(current.started_at.unwrap_or(at))),
                    sentinel_runs::completed_at.eq(Some(at)),
                ))
                .execute(conn)?;
            if written == 1
                && let Some(trace) = &trace
            {
                diesel::update(sentinel_runs::table.filter(sentinel_runs::id.eq(run_id)))
                    .set(sentinel_runs::tool_trace.eq(Some(trace)))
                    .execute(conn)?;
            }
            Ok(written == 1)
        })
    }

    fn fail_stale_any_org(
        &self,
        outcome: Outcome,
        before: NaiveDateTime,
        summary: &str,
        at: NaiveDateTime,
    ) -> RepoResult<Vec<String>> {
        self.write(|conn| {
            let stale = sentinel_runs::table
                .filter(sentinel_runs::outcome.eq(outcome.as_str()))
                .into_boxed();
            let stale = if outcome == Outcome::Running {
                stale.filter(sentinel_runs::started_at.lt(before))
            } else {
                stale.filter(sentinel_runs::triggered_at.lt(before))
            };
            let ids: Vec<String> = stale.select(sentinel_runs::id).load(conn)?;
            if ids.is_empty() {
                return Ok(ids);
            }
            // Re-checks the outcome: a run completed meanwhile is left alone.
            diesel::update(
                sentinel_runs::table
                    .filter(sentinel_runs::id.eq_any(&ids))
                    .filter(sentinel_runs::outcome.eq(outcome.as_str())),
            )
            .set((
                sentinel_runs::outcome.eq(Outcome::Error.as_str()),
                sentinel_runs::completed_at.eq(Some(at)),
                sentinel_runs::summary.eq(Some(summary)),
            ))
            .execute(conn)?;
            Ok(ids)
        })
    }

    fn any_pending_before_any_org(&self, before: NaiveDateTime) -> RepoResult<bool> {
        self.read(|conn| {
            Ok(sentinel_runs::table
                .filter(sentinel_runs::outcome.eq(Outcome::Pending.as_str()))
                .filter(sentinel_runs::triggered_at.lt(before))
                .select(sentinel_runs::id)
                .first::<String>(conn)
                .optional()?
                .is_some())
        })
    }
}

fn find_config(conn: &mut Conn, org: &OrgId) -> Result<Option<SentinelConfig>, StoreFailure> {
    Ok(sentinel_config::table
        .filter(sentinel_config::org_id.eq(org.as_str()))
        .select(ConfigRow::as_select())
        .first(conn)
        .optional()?
        .map(SentinelConfig::from))
}

/// A run by id, within `org` when given.
fn find_run(
    conn: &mut Conn,
    org: Option<&OrgId>,
    run_id: &str,
) -> Result<Option<SentinelRun>, StoreFailure> {
    let mut query = sentinel_runs::table
        .filter(sentinel_runs::id.eq(run_id))
        .into_boxed();
    if let Some(org) = org {
        query = query.filter(sentinel_runs::org_id.eq(org.as_str()));
    }
    Ok(query
        .select(RunRow::as_select())
        .first(conn)
        .optional()?
        .map(SentinelRun::from))
}

fn org_runs(org: &OrgId) -> sentinel_runs::BoxedQuery<'_, Backend> {
    sentinel_runs::table
        .filter(sentinel_runs::org_id.eq(org.as_str()))
        .into_boxed()
}

fn matching<'a>(org: &'a OrgId, query: &'a RunQuery) -> sentinel_runs::BoxedQuery<'a, Backend> {
    let mut matching = org_runs(org);
    if let Some(trigger) = &query.trigger_type {
        matching = matching.filter(sentinel_runs::trigger_type.eq(trigger.as_str()));
    }
    if let Some(since) = query.since {
        matching = matching.filter(sentinel_runs::triggered_at.ge(since));
    }
    matching
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = sentinel_config, check_for_backend(super::Backend))]
struct ConfigRow {
    enabled: bool,
    motion_enabled: bool,
    incident_opened_enabled: bool,
    motion_cooldown_min: i32,
    schedule_mode: String,
    schedule_start: String,
    schedule_end: String,
    active_days: Option<String>,
    camera_scope: Option<String>,
    created_at: Option<NaiveDateTime>,
    updated_at: Option<NaiveDateTime>,
}

impl From<ConfigRow> for SentinelConfig {
    fn from(row: ConfigRow) -> Self {
        Self {
            enabled: row.enabled,
            motion_enabled: row.motion_enabled,
            incident_opened_enabled: row.incident_opened_enabled,
            motion_cooldown_min: row.motion_cooldown_min,
            schedule_mode: row.schedule_mode,
            schedule_start: row.schedule_start,
            schedule_end: row.schedule_end,
            active_days: read_active_days(row.active_days.as_deref()),
            camera_scope: read_camera_scope(row.camera_scope.as_deref()),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = sentinel_runs, check_for_backend(super::Backend))]
struct RunRow {
    id: String,
    org_id: String,
    triggered_at: NaiveDateTime,
    trigger_type: String,
    camera_id: Option<String>,
    tool_call_count: i32,
    outcome: String,
    severity: Option<String>,
    incident_id: Option<i64>,
    started_at: Option<NaiveDateTime>,
    completed_at: Option<NaiveDateTime>,
    manual_prompt: Option<String>,
    summary: Option<String>,
    tool_trace: Option<String>,
}

impl From<RunRow> for SentinelRun {
    fn from(row: RunRow) -> Self {
        Self {
            id: row.id,
            org_id: OrgId::new(row.org_id),
            triggered_at: row.triggered_at,
            trigger_type: row.trigger_type,
            camera_id: row.camera_id,
            tool_call_count: row.tool_call_count,
            outcome: row.outcome,
            severity: row.severity,
            incident_id: row.incident_id,
            started_at: row.started_at,
            completed_at: row.completed_at,
            manual_prompt: row.manual_prompt,
            summary: row.summary,
            tool_trace: row.tool_trace,
        }
    }
}
