//! ApiKeyRepo (MCP and integration keys in one table): round trip, kind and tenant
//! isolation, revocation. (The authenticator's cache and `last_used_at` throttle over this
//! store are tested with the use cases, in `tests/tests/integration/api_key_auth.rs`.)

use crate::common::{at, org_a, org_b, temp_database};
use sentinel_domain::api_keys::{ApiKey, ApiKeyKind, ScopeMode};
use sentinel_domain::keys::api_key_hash;
use sentinel_ports::driven::repos::{ApiKeyRepo, NewApiKey, RepoError};

fn new_key(raw: &str, kind: ApiKeyKind, minute: u32) -> NewApiKey {
    NewApiKey {
        name: format!("key {raw}"),
        key_hash: api_key_hash(raw),
        kind,
        scope_mode: ScopeMode::All,
        scope_tools: Vec::new(),
        created_at: at(12, minute, 0),
    }
}

fn ids(keys: &[ApiKey]) -> Vec<i64> {
    keys.iter().map(|k| k.id).collect()
}

#[test]
fn created_keys_read_back_with_their_scope() {
    let t = temp_database();
    let custom = t
        .store
        .create(
            &org_a(),
            NewApiKey {
                scope_mode: ScopeMode::Custom,
                scope_tools: vec!["list_cameras".into(), "view_camera".into()],
                ..new_key("osc_custom", ApiKeyKind::Mcp, 0)
            },
        )
        .unwrap();
    assert_eq!(custom.org_id, org_a());
    assert_eq!(custom.name, "key osc_custom");
    assert_eq!(custom.key_hash, api_key_hash("osc_custom"));
    assert_eq!(custom.created_at, at(12, 0, 0));
    assert_eq!(custom.last_used_at, None);
    assert!(!custom.revoked);
    assert_eq!(custom.kind, ApiKeyKind::Mcp);
    assert_eq!(custom.scope_mode, ScopeMode::Custom);
    assert_eq!(custom.scope_tools, ["list_cameras", "view_camera"]);

    // Integration keys keep no scope at all, whatever was asked.
    let integration = t
        .store
        .create(
            &org_a(),
            NewApiKey {
                scope_mode: ScopeMode::Readonly,
                scope_tools: vec!["list_cameras".into()],
                ..new_key("osi_one", ApiKeyKind::Integration, 1)
            },
        )
        .unwrap();
    assert_eq!(integration.kind, ApiKeyKind::Integration);
    assert_eq!(integration.scope_mode, ScopeMode::All);
    assert!(integration.scope_tools.is_empty());
    let (mode, tools): (Option<String>, Option<String>) = {
        use diesel::prelude::*;
        use sentinel_sql_common::schema::mcp_api_keys;
        let mut conn = t.db.connection().unwrap();
        mcp_api_keys::table
            .filter(mcp_api_keys::id.eq(integration.id))
            .select((mcp_api_keys::scope_mode, mcp_api_keys::scope_tools))
            .first(&mut conn)
            .unwrap()
    };
    assert_eq!((mode, tools), (None, None));
}

#[test]
fn listing_is_newest_first_per_kind_and_org_without_revoked_keys() {
    let t = temp_database();
    let mcp_old = t
        .store
        .create(&org_a(), new_key("osc_1", ApiKeyKind::Mcp, 0))
        .unwrap();
    let mcp_new = t
        .store
        .create(&org_a(), new_key("osc_2", ApiKeyKind::Mcp, 5))
        .unwrap();
    let gone = t
        .store
        .create(&org_a(), new_key("osc_3", ApiKeyKind::Mcp, 9))
        .unwrap();
    let ha = t
        .store
        .create(&org_a(), new_key("osi_1", ApiKeyKind::Integration, 3))
        .unwrap();
    let other_org = t
        .store
        .create(&org_b(), new_key("osc_b", ApiKeyKind::Mcp, 7))
        .unwrap();
    t.store.revoke(&org_a(), ApiKeyKind::Mcp, gone.id).unwrap();

    let mcp = t.store.list_active(&org_a(), ApiKeyKind::Mcp).unwrap();
    assert_eq!(ids(&mcp), [mcp_new.id, mcp_old.id]);
    let integration = t
        .store
        .list_active(&org_a(), ApiKeyKind::Integration)
        .unwrap();
    assert_eq!(ids(&integration), [ha.id]);
    let b = t.store.list_active(&org_b(), ApiKeyKind::Mcp).unwrap();
    assert_eq!(ids(&b), [other_org.id]);
    assert!(
        t.store
            .list_active(&org_b(), ApiKeyKind::Integration)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn revoke_is_refused_across_orgs_and_kinds() {
    let t = temp_database();
    let mcp = t
        .store
        .create(&org_a(), new_key("osc_1", ApiKeyKind::Mcp, 0))
        .unwrap();
    let ha = t
        .store
        .create(&org_a(), new_key("osi_1", ApiKeyKind::Integration, 0))
        .unwrap();

    let not_found = |r: Result<ApiKey, RepoError>| matches!(r, Err(RepoError::NotFound(_)));
    assert!(not_found(t.store.revoke(&org_b(), ApiKeyKind::Mcp, mcp.id)));
    assert!(not_found(t.store.revoke(
        &org_a(),
        ApiKeyKind::Integration,
        mcp.id
    )));
    assert!(not_found(t.store.revoke(&org_a(), ApiKeyKind::Mcp, ha.id)));
    assert!(not_found(t.store.revoke(&org_a(), ApiKeyKind::Mcp, 9_999)));
    assert_eq!(
        t.store
            .list_active(&org_a(), ApiKeyKind::Mcp)
            .unwrap()
            .len(),
        1
    );

    let revoked = t.store.revoke(&org_a(), ApiKeyKind::Mcp, mcp.id).unwrap();
    assert!(revoked.revoked);
    // Revoking again finds the row again (the original repeats the side effects).
    assert!(
        t.store
            .revoke(&org_a(), ApiKeyKind::Mcp, mcp.id)
            .unwrap()
            .revoked
    );
    assert_eq!(
        ids(&t
            .store
            .list_active(&org_a(), ApiKeyKind::Integration)
            .unwrap()),
        [ha.id]
    );
}

#[test]
fn lookup_by_hash_filters_kind_and_revocation() {
    let t = temp_database();
    let mcp = t
        .store
        .create(&org_b(), new_key("osc_1", ApiKeyKind::Mcp, 0))
        .unwrap();
    let found = t
        .store
        .find_active_by_hash_any_org(&api_key_hash("osc_1"), ApiKeyKind::Mcp)
        .unwrap()
        .unwrap();
    assert_eq!((found.id, found.org_id), (mcp.id, org_b()));
    assert_eq!(
        t.store
            .find_active_by_hash_any_org(&api_key_hash("osc_1"), ApiKeyKind::Integration)
            .unwrap(),
        None
    );
    t.store.revoke(&org_b(), ApiKeyKind::Mcp, mcp.id).unwrap();
    assert_eq!(
        t.store
            .find_active_by_hash_any_org(&api_key_hash("osc_1"), ApiKeyKind::Mcp)
            .unwrap(),
        None
    );
}

#[test]
fn touch_writes_last_used_only_within_the_org() {
    let t = temp_database();
    let key = t
        .store
        .create(&org_a(), new_key("osc_1", ApiKeyKind::Mcp, 0))
        .unwrap();
    t.store
        .touch_last_used(&org_b(), key.id, at(13, 0, 0))
        .unwrap();
    let listed = t.store.list_active(&org_a(), ApiKeyKind::Mcp).unwrap();
    assert_eq!(listed[0].last_used_at, None);
    t.store
        .touch_last_used(&org_a(), key.id, at(13, 0, 0))
        .unwrap();
    let listed = t.store.list_active(&org_a(), ApiKeyKind::Mcp).unwrap();
    assert_eq!(listed[0].last_used_at, Some(at(13, 0, 0)));
}
