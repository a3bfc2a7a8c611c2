//! `ApiKeyRepo` over `mcp_api_keys`: every query filters on `kind`, the boundary between
//! MCP (`osc_`) and integration (`osi_`) keys.

use super::Store;
use crate::error::StoreFailure;
use crate::schema::mcp_api_keys;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sentinel_domain::api_keys::{ApiKey, ApiKeyKind, ScopeMode, parse_scope_tools};
use sentinel_domain::ids::OrgId;
use sentinel_ports::driven::repos::{ApiKeyRepo, NewApiKey, RepoError, RepoResult};

impl ApiKeyRepo for Store {
    fn create(&self, org: &OrgId, key: NewApiKey) -> RepoResult<ApiKey> {
        let (scope_mode, scope_tools) = stored_scope(&key)?;
        self.write(|conn| {
            let row = diesel::insert_into(mcp_api_keys::table)
                .values((
                    mcp_api_keys::org_id.eq(org.as_str()),
                    mcp_api_keys::key_hash.eq(&key.key_hash),
                    mcp_api_keys::name.eq(&key.name),
                    mcp_api_keys::created_at.eq(Some(key.created_at)),
                    mcp_api_keys::revoked.eq(Some(false)),
                    mcp_api_keys::scope_mode.eq(scope_mode),
                    mcp_api_keys::scope_tools.eq(scope_tools),
                    mcp_api_keys::kind.eq(key.kind.as_str()),
                ))
                .returning(ApiKeyRow::as_returning())
                .get_result(conn)?;
            row.into_key()
        })
    }

    fn list_active(&self, org: &OrgId, kind: ApiKeyKind) -> RepoResult<Vec<ApiKey>> {
        self.read(|conn| {
            mcp_api_keys::table
                .filter(mcp_api_keys::org_id.eq(org.as_str()))
                .filter(mcp_api_keys::kind.eq(kind.as_str()))
                .filter(
                    mcp_api_keys::revoked
                        .eq(false)
                        .or(mcp_api_keys::revoked.is_null()),
                )
                .order((mcp_api_keys::created_at.desc(), mcp_api_keys::id.desc()))
                .select(ApiKeyRow::as_select())
                .load(conn)?
                .into_iter()
                .map(ApiKeyRow::into_key)
                .collect()
        })
    }

    fn revoke(&self, org: &OrgId, kind: ApiKeyKind, id: i64) -> RepoResult<ApiKey> {
        self.write(|conn| {
            let row = diesel::update(
                mcp_api_keys::table
                    .filter(mcp_api_keys::id.eq(id))
                    .filter(mcp_api_keys::org_id.eq(org.as_str()))
                    .filter(mcp_api_keys::kind.eq(kind.as_str())),
            )
            .set(mcp_api_keys::revoked.eq(Some(true)))
            .returning(ApiKeyRow::as_returning())
            .get_result(conn)
            .optional()?
            .ok_or(StoreFailure(RepoError::NotFound("api key")))?;
            row.into_key()
        })
    }

    fn find_active_by_hash_any_org(
        &self,
        key_hash: &str,
        kind: ApiKeyKind,
    ) -> RepoResult<Option<ApiKey>> {
        self.read(|conn| {
            mcp_api_keys::table
                .filter(mcp_api_keys::key_hash.eq(key_hash))
                .filter(mcp_api_keys::kind.eq(kind.as_str()))
                .filter(
                    mcp_api_keys::revoked
                        .eq(false)
                        .or(mcp_api_keys::revoked.is_null()),
                )
                .select(ApiKeyRow::as_select())
                .first(conn)
                .optional()?
                .map(ApiKeyRow::into_key)
                .transpose()
        })
    }

    fn touch_last_used(&self, org: &OrgId, id: i64, at: NaiveDateTime) -> RepoResult<()> {
        self.write(|conn| {
            diesel::update(
                mcp_api_keys::table
                    .filter(mcp_api_keys::id.eq(id))
                    .filter(mcp_api_keys::org_id.eq(org.as_str())),
            )
            .set(mcp_api_keys::last_used_at.eq(Some(at)))
            .execute(conn)?;
            Ok(())
        })
    }
}

/// The `scope_mode` / `scope_tools` columns: NULL for integration keys, and the tool list
/// NULL unless a custom MCP key names tools.
fn stored_scope(key: &NewApiKey) -> RepoResult<(Option<&'static str>, Option<String>)> {
    if key.kind == ApiKeyKind::Integration {
        return Ok((None, None));
    }
    let tools = if key.scope_mode == ScopeMode::Custom && !key.scope_tools.is_empty() {
        Some(
            serde_json::to_string(&key.scope_tools)
                .map_err(|e| RepoError::Storage(format!("scope_tools: {e}")))?,
        )
    } else {
        None
    };
    Ok((Some(key.scope_mode.as_str()), tools))
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = mcp_api_keys, check_for_backend(super::Backend))]
struct ApiKeyRow {
    id: i64,
    org_id: String,
    key_hash: String,
    name: String,
    created_at: Option<NaiveDateTime>,
    last_used_at: Option<NaiveDateTime>,
    revoked: Option<bool>,
    scope_mode: Option<String>,
    scope_tools: Option<String>,
    kind: String,
}

impl ApiKeyRow {
    fn into_key(self) -> Result<ApiKey, StoreFailure> {
        let kind = ApiKeyKind::parse(&self.kind).ok_or_else(|| {
            StoreFailure(RepoError::Storage(format!(
                "mcp_api_keys {} has unknown kind {:?}",
                self.id, self.kind
            )))
        })?;
        Ok(ApiKey {
            id: self.id,
            org_id: OrgId::new(self.org_id),
            name: self.name,
            key_hash: self.key_hash,
            // The column has a database default; rows we write always carry a value.
            created_at: self.created_at.unwrap_or_default(),
            last_used_at: self.last_used_at,
            revoked: self.revoked.unwrap_or(false),
            scope_mode: ScopeMode::from_stored(self.scope_mode.as_deref()),
            scope_tools: parse_scope_tools(self.scope_tools.as_deref()),
            kind,
        })
    }
}
