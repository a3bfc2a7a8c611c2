//! `SettingsRepo`: read the first row of `(org, key)`, write by update-first-or-insert
//! (duplicates are tolerated, as in the original; a unique index would refuse old data).

use super::Conn;
use super::{Store, escape_like};
use crate::error::StoreFailure;
use crate::schema::settings;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{RepoResult, SettingsRepo};
use std::collections::HashMap;

impl SettingsRepo for Store {
    fn get(&self, org: &OrgId, key: &str) -> RepoResult<Option<String>> {
        self.read(|conn| {
            let value = settings::table
                .filter(settings::org_id.eq(org.as_str()))
                .filter(settings::key.eq(key))
                .order(settings::id.asc())
                .select(settings::value)
                .first::<Option<String>>(conn)
                .optional()?;
            Ok(value.flatten())
        })
    }

    fn get_many(&self, org: &OrgId, keys: &[&str]) -> RepoResult<HashMap<String, String>> {
        if keys.is_empty() {
            return Ok(HashMap::new());
        }
        self.read(|conn| {
            let rows = settings::table
                .filter(settings::org_id.eq(org.as_str()))
                .filter(settings::key.eq_any(keys))
                .order(settings::id.asc())
                .select((settings::key, settings::value))
                .load::<(String, Option<String>)>(conn)?;
            Ok(first_value_per_key(rows).into_iter().collect())
        })
    }

    fn get_by_prefix(&self, org: &OrgId, prefix: &str) -> RepoResult<Vec<(String, String)>> {
        self.read(|conn| {
            let rows = settings::table
                .filter(settings::org_id.eq(org.as_str()))
                .filter(
                    settings::key
                        .like(format!("{}%", escape_like(prefix)))
                        .escape('\\'),
                )
                .order((settings::key.asc(), settings::id.asc()))
                .select((settings::key, settings::value))
                .load::<(String, Option<String>)>(conn)?;
            // SQLite's LIKE ignores ASCII case; the prefix is meant literally.
            let rows = rows.into_iter().filter(|(k, _)| k.starts_with(prefix));
            Ok(first_value_per_key(rows))
        })
    }

    fn set(&self, org: &OrgId, key: &str, value: &str, at: NaiveDateTime) -> RepoResult<()> {
        self.write(|conn| upsert(conn, org, key, value, at))
    }

    fn set_many(&self, org: &OrgId, entries: &[(&str, &str)], at: NaiveDateTime) -> RepoResult<()> {
        self.write(|conn| {
            for (key, value) in entries {
                upsert(conn, org, key, value, at)?;
            }
            Ok(())
        })
    }

    fn delete(&self, org: &OrgId, key: &str) -> RepoResult<bool> {
        self.write(|conn| {
            let deleted = diesel::delete(
                settings::table
                    .filter(settings::org_id.eq(org.as_str()))
                    .filter(settings::key.eq(key)),
            )
            .execute(conn)?;
            Ok(deleted > 0)
        })
    }

    fn list_all_orgs_with(&self, key: &str) -> RepoResult<Vec<(OrgId, String)>> {
        self.read(|conn| {
            let rows = settings::table
                .filter(settings::key.eq(key))
                .order((settings::org_id.asc(), settings::id.asc()))
                .select((settings::org_id, settings::value))
                .load::<(String, Option<String>)>(conn)?;
            Ok(first_value_per_key(rows)
                .into_iter()
                .map(|(org, value)| (OrgId::new(org), value))
                .collect())
        })
    }
}

fn upsert(
    conn: &mut Conn,
    org: &OrgId,
    key: &str,
    value: &str,
    at: NaiveDateTime,
) -> Result<(), StoreFailure> {
    let first_id = settings::table
        .filter(settings::org_id.eq(org.as_str()))
        .filter(settings::key.eq(key))
        .order(settings::id.asc())
        .select(settings::id)
        .first::<i64>(conn)
        .optional()?;
    match first_id {
        Some(id) => {
            diesel::update(settings::table.find(id))
                .set((settings::value.eq(value), settings::updated_at.eq(at)))
                .execute(conn)?;
        }
        None => {
            diesel::insert_into(settings::table)
                .values((
                    settings::org_id.eq(org.as_str()),
                    settings::key.eq(key),
                    settings::value.eq(value),
                    settings::updated_at.eq(at),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Rows arrive oldest first; the first row of each key wins (as in `get`), and a key whose
/// first row holds NULL reads as absent.
fn first_value_per_key(
    rows: impl IntoIterator<Item = (String, Option<String>)>,
) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    rows.into_iter()
        .filter(|(key, _)| seen.insert(key.clone()))
        .filter_map(|(key, value)| value.map(|v| (key, v)))
        .collect()
}
