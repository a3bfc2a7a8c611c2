//! `POST /api/gdpr/export` over real HTTP: a readable ZIP with every org table and a
//! manifest, org-isolated, no blob bytes or key hashes, audited, admin only, 3 an hour.

use crate::live_common::seed_two_orgs;
use crate::motion_api::PlanIdentity;
use diesel::connection::SimpleConnection;
use sentinel_ports::driven::repos::EXPORTED_TABLES;
use sentinel_tests::TestApp;
use serde_json::{Value, json};
use std::io::Read;
use std::sync::Arc;

async fn export_app() -> TestApp {
    let app = TestApp::builder()
        .identity(Arc::new(PlanIdentity))
        .start()
        .await;
    seed_two_orgs(&app);
    let mut conn = app.sql();
    let blob = app.blob_literal("FFD8FFE0DEADBEEF");
    for (org, tag) in [("org_a", "a"), ("org_b", "b")] {
        conn.batch_execute(&format!(
            r#"
            INSERT INTO settings (org_id, "key", value) VALUES ('{org}', 'timezone', 'Europe/London');
            INSERT INTO mcp_api_keys (org_id, key_hash, name) VALUES ('{org}', 'secret-hash-{tag}', 'Claude');
            INSERT INTO incidents (org_id, title, summary, created_by) VALUES ('{org}', 'Break-in {tag}', 'Gate', 'alice');
            INSERT INTO incident_evidence (incident_id, kind, data, data_mime)
                VALUES ((SELECT id FROM incidents WHERE org_id = '{org}'), 'snapshot', {blob}, 'image/jpeg');
            INSERT INTO cameras (camera_id, org_id, node_id, name) VALUES ('{tag}-orphan', '{org}', NULL, 'Orphan');
            "#
        ))
        .unwrap();
    }
    drop(conn);
    app
}

async fn export(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/gdpr/export"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

fn admin(org: &str) -> String {
    PlanIdentity::token("admin", org, "owner", "free_org", "")
}

#[actix_web::test]
async fn export_is_a_zip_of_every_org_table_with_a_manifest() {
    let app = export_app().await;
    let response = export(&app, &admin("org_a")).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/zip");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"gdpr-export-org_a-20261127.zip\""
    );
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let mut expected: Vec<String> = EXPORTED_TABLES
        .iter()
        .map(|t| format!("{t}.json"))
        .collect();
    expected.push("manifest.json".into());
    let mut ordered = Vec::new();
    let mut members = std::collections::HashMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        assert_eq!(file.compression(), zip::CompressionMethod::Deflated);
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        ordered.push(file.name().to_owned());
        members.insert(file.name().to_owned(), text);
    }
    assert_eq!(ordered, expected, "members in order");
    assert_eq!(names.len(), expected.len());

    let all = members.values().cloned().collect::<String>();
    assert!(!all.contains("org_b"), "another org leaked");
    assert!(!all.contains("secret-hash"), "key hashes exported");
    assert!(
        !all.contains("DEADBEEF") && !all.contains("3q2+7w"),
        "blob bytes exported"
    );
    let json = |name: &str| -> Value { serde_json::from_str(&members[name]).unwrap() };
    assert!(members["settings.json"].contains("\n  {"), "indent 2");
    assert_eq!(json("settings.json")[0]["key"], "timezone");
    assert_eq!(json("mcp_api_keys.json")[0]["name"], "Claude");
    assert_eq!(
        json("incident_evidence.json")[0]["data"],
        "<binary 8 bytes>"
    );
    let cameras = json("cameras.json");
    assert_eq!(
        cameras.as_array().unwrap().len(),
        2,
        "only cameras behind a node"
    );
    assert_eq!(json("camera_nodes.json")[0]["node_id"], "aaaa0001");

    let manifest = json("manifest.json");
    assert_eq!(manifest["org_id"], "org_a");
    assert_eq!(manifest["format_version"], 1);
    assert_eq!(
        manifest["spec"],
        "GDPR Article 20 — data portability export"
    );
    assert!(
        manifest["exported_at"]
            .as_str()
            .unwrap()
            .ends_with("+00:00")
    );
    assert!(manifest["excluded"]["recordings"].is_string());
    assert!(manifest["excluded"]["incident_evidence_blobs"].is_string());
    let tables = manifest["tables"].as_array().unwrap();
    assert_eq!(tables.len(), EXPORTED_TABLES.len());
    for (entry, table) in tables.iter().zip(EXPORTED_TABLES) {
        assert_eq!(entry["name"], table);
        assert_eq!(entry["filename"], format!("{table}.json"));
        assert_eq!(
            entry["rows"],
            json(&format!("{table}.json")).as_array().unwrap().len(),
            "{table}"
        );
    }
    assert_eq!(
        tables[0],
        json!({"name": "settings", "rows": 1, "filename": "settings.json"})
    );

    // The audit row is written (and so appears in a second export).
    let second = export(&app, &admin("org_a")).await.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(second.to_vec())).unwrap();
    let mut audit = String::new();
    archive
        .by_name("audit_log.json")
        .unwrap()
        .read_to_string(&mut audit)
        .unwrap();
    let audit: Value = serde_json::from_str(&audit).unwrap();
    assert_eq!(audit[0]["event"], "gdpr_export");
    assert!(
        audit[0]["details"]
            .as_str()
            .unwrap()
            .contains("gdpr-export-org_a-20261127.zip")
    );
    app.stop().await;
}

#[actix_web::test]
async fn export_is_admin_only_and_limited_to_three_an_hour() {
    let app = export_app().await;
    let member = PlanIdentity::token("member", "org_a", "m", "pro_plus", "admin");
    let refused = export(&app, &member).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        refused.json::<Value>().await.unwrap(),
        json!({"detail": "Admin permission required"})
    );
    for _ in 0..3 {
        assert_eq!(export(&app, &admin("org_a")).await.status(), 200);
    }
    assert_eq!(export(&app, &admin("org_a")).await.status(), 429);
    app.stop().await;
}
