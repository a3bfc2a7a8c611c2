//! The attacks of the tenant-isolation matrix (`isolation_matrix`): one per access
//! class, each with a positive control so that a 404 is about the org, not a wrong id.

use crate::isolation_matrix::Access::{self, *};
use crate::isolation_matrix::Obj;
use crate::isolation_seed::{A_MARKERS, ADMIN_A, ADMIN_B, MEMBER_A, MEMBER_B, NODE_A, Tenants};
use crate::live_common::{CAM_A, KEY_A, KEY_B};
use crate::sentinel_common::AGENT_KEY;
use sentinel_tests::TestApp;
use serde_json::{Value, json};

/// Who sends a request.
#[derive(Debug, Clone, Copy)]
enum Caller<'a> {
    Anonymous,
    User(&'a str),
    NodeKey(&'a str),
    IntegrationKey(&'a str),
    AgentKey(&'a str),
}

pub(crate) struct Matrix<'a> {
    pub app: &'a TestApp,
    pub tenants: &'a Tenants,
}

struct Answer {
    status: u16,
    body: String,
}

impl Matrix<'_> {
    pub async fn attack(&self, method: &str, template: &str, access: Access) {
        let path = self.fill(template);
        let route = format!("{method} {template}");
        match access {
            Public => {
                let answer = self.call(method, &path, Caller::Anonymous).await;
                assert!(
                    answer.status < 500 && ![401, 403].contains(&answer.status),
                    "{route} is public: {}",
                    answer.status
                );
                self.no_org_a_data(&route, &answer);
            }
            Webhook => {
                for caller in [Caller::User(ADMIN_A), Caller::AgentKey(AGENT_KEY)] {
                    let answer = self.call(method, &path, caller).await;
                    assert!(
                        (400..500).contains(&answer.status) || answer.status == 503,
                        "{route} without a signature must be refused: {} {}",
                        answer.status,
                        answer.body
                    );
                }
            }
            Member => {
                self.refused_without_session(&route, method, &path).await;
                for caller in [MEMBER_B, ADMIN_B] {
                    let answer = self.call(method, &path, Caller::User(caller)).await;
                    self.in_own_org(&route, &answer);
                }
            }
            Admin => {
                self.refused_without_session(&route, method, &path).await;
                let answer = self.call(method, &path, Caller::User(MEMBER_B)).await;
                self.expect(&route, "a member", &answer, 403);
                self.expect(
                    &route,
                    "a member of the object's own org",
                    &self.call(method, &path, Caller::User(MEMBER_A)).await,
                    403,
                );
                if !self.destroys_org_b_fixtures(template) {
                    let answer = self.call(method, &path, Caller::User(ADMIN_B)).await;
                    self.in_own_org(&route, &answer);
                }
            }
            MemberObject(obj) => {
                self.refused_without_session(&route, method, &path).await;
                for caller in [MEMBER_B, ADMIN_B] {
                    let answer = self.call(method, &path, Caller::User(caller)).await;
                    self.expect(&route, "org B's user", &answer, 404);
                }
                self.reachable_by_owner(&route, method, &path, obj, Caller::User(MEMBER_A))
                    .await;
            }
            AdminObject(obj) => {
                self.refused_without_session(&route, method, &path).await;
                let answer = self.call(method, &path, Caller::User(MEMBER_A)).await;
                self.expect(&route, "a member of the object's own org", &answer, 403);
                let answer = self.call(method, &path, Caller::User(ADMIN_B)).await;
                self.expect(&route, "org B's admin", &answer, 404);
                self.reachable_by_owner(&route, method, &path, obj, Caller::User(ADMIN_A))
                    .await;
            }
            NodeKey => {
                for caller in [
                    Caller::Anonymous,
                    Caller::NodeKey(&self.tenants.mcp_key_a.1),
                    Caller::NodeKey(&self.tenants.integration_key_a.1),
                    Caller::User(ADMIN_A),
                ] {
                    let answer = self.call(method, &path, caller).await;
                    self.refused(&route, &format!("{caller:?}"), &answer);
                }
            }
            NodeObject(obj) => {
                let answer = self.call(method, &path, Caller::NodeKey(KEY_B)).await;
                self.expect(&route, "org B's node", &answer, 404);
                for caller in [Caller::Anonymous, Caller::User(ADMIN_A)] {
                    let answer = self.call(method, &path, caller).await;
                    self.refused(&route, &format!("{caller:?}"), &answer);
                }
                self.reachable_by_owner(&route, method, &path, obj, Caller::NodeKey(KEY_A))
                    .await;
            }
            Integration => {
                self.integration_refuses_others(&route, method, &path).await;
                let key_b = &self.tenants.integration_key_b.1;
                let answer = self
                    .call(method, &path, Caller::IntegrationKey(key_b))
                    .await;
                self.in_own_org(&route, &answer);
            }
            IntegrationObject(obj) => {
                self.integration_refuses_others(&route, method, &path).await;
                let key_b = &self.tenants.integration_key_b.1;
                let answer = self
                    .call(method, &path, Caller::IntegrationKey(key_b))
                    .await;
                self.expect(&route, "org B's integration key", &answer, 404);
                let key_a = &self.tenants.integration_key_a.1;
                self.reachable_by_owner(&route, method, &path, obj, Caller::IntegrationKey(key_a))
                    .await;
            }
            Agent | AgentObject(_) => {
                for caller in [
                    Caller::Anonymous,
                    Caller::User(ADMIN_A),
                    Caller::AgentKey(&self.tenants.mcp_key_a.1),
                    Caller::AgentKey(&self.tenants.integration_key_a.1),
                    Caller::AgentKey(KEY_A),
                ] {
                    let answer = self.call(method, &path, caller).await;
                    self.refused(&route, &format!("{caller:?}"), &answer);
                }
            }
            Mcp => self.mcp_tools_stay_in_their_org().await,
            ShareToken => {
                self.share_tokens_open_only_their_link(&route, method, &path)
                    .await
            }
        }
    }

    /// Org A's token opens org A's shared camera (the control); a guessed token, with or
    /// without org A's session, and org B's token aimed at org A's camera open nothing.
    async fn share_tokens_open_only_their_link(&self, route: &str, method: &str, path: &str) {
        let token_a = &self.tenants.share_link_a.1;
        let answer = self.call(method, path, Caller::Anonymous).await;
        assert_eq!(
            answer.status, 200,
            "{route}: org A's token should open its link: {}",
            answer.body
        );
        let guessed = path.replace(token_a, "shr_00000000000000000000000000000000");
        for caller in [Caller::Anonymous, Caller::User(ADMIN_A)] {
            let answer = self.call(method, &guessed, caller).await;
            self.expect(
                route,
                &format!("a guessed token as {caller:?}"),
                &answer,
                404,
            );
        }
        let with_b = path.replace(token_a, &self.tenants.share_token_b);
        let answer = self.call(method, &with_b, Caller::Anonymous).await;
        if path.contains(CAM_A) {
            self.expect(route, "org B's token on org A's camera", &answer, 404);
        } else {
            self.in_own_org(route, &answer);
        }
    }

    /// Rewrites a path template with org A's ids.
    fn fill(&self, template: &str) -> String {
        let t = self.tenants;
        let key_id = if template.starts_with("/api/mcp/") {
            t.mcp_key_a.0
        } else {
            t.integration_key_a.0
        };
        let query = match template {
            "/api/cameras/{camera_id}/group" => format!("?group_id={}", t.group_a),
            "/api/cameras/{camera_id}/push-segment" => "?filename=segment_00009.ts".to_owned(),
            _ => String::new(),
        };
        template
            .replace("{camera_id}", CAM_A)
            .replace("{filename}", &t.segment_a)
            .replace("{node_id}", NODE_A)
            .replace("{group_id}", &t.group_a.to_string())
            .replace("{incident_id}", &t.incident_a.to_string())
            .replace("{evidence_id}", &t.evidence_a.to_string())
            .replace("{key_id}", &key_id.to_string())
            .replace("{run_id}", &t.run_a)
            .replace("{link_id}", &t.share_link_a.0.to_string())
            .replace("{token}", &t.share_link_a.1)
            + &query
    }

    /// Org B's admin may reset org B, but the matrix still needs org B's keys afterwards.
    fn destroys_org_b_fixtures(&self, template: &str) -> bool {
        template == "/api/settings/danger/full-reset"
    }

    async fn call(&self, method: &str, path: &str, caller: Caller<'_>) -> Answer {
        let mut request = self.app.client.request(
            reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
            self.app.url(path),
        );
        request = match caller {
            Caller::Anonymous => request,
            Caller::User(token) | Caller::IntegrationKey(token) => request.bearer_auth(token),
            Caller::NodeKey(key) => request.header("x-node-api-key", key),
            Caller::AgentKey(key) => request.header("x-sentinel-agent-key", key),
        };
        if method != "GET" && method != "DELETE" {
            request = request
                .header("content-type", "application/json")
                .body(body_for(path).to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = if is_stream(path) {
            String::new()
        } else {
            response.text().await.unwrap_or_default()
        };
        Answer { status, body }
    }

    fn expect(&self, route: &str, who: &str, answer: &Answer, status: u16) {
        assert_eq!(
            answer.status, status,
            "{route} as {who}: {status} expected, got {} {}",
            answer.status, answer.body
        );
        self.no_org_a_data(route, answer);
    }

    /// Not authenticated as this kind of caller: 401, or the contract's 403 (bad node
    /// key) or 404 (a node that does not own the key, decommission) kept from the original.
    fn refused(&self, route: &str, who: &str, answer: &Answer) {
        assert!(
            [401, 403, 404].contains(&answer.status),
            "{route} as {who}: refusal expected, got {} {}",
            answer.status,
            answer.body
        );
        self.no_org_a_data(route, answer);
    }

    fn no_org_a_data(&self, route: &str, answer: &Answer) {
        let secrets = [
            self.tenants.mcp_key_a.1.as_str(),
            self.tenants.integration_key_a.1.as_str(),
            KEY_A,
        ];
        for marker in A_MARKERS.iter().chain(secrets.iter()) {
            assert!(
                !answer.body.contains(marker),
                "{route} leaked org A's {marker:?} to another org: {}",
                answer.body
            );
        }
    }

    /// A caller of org B on its own collection: served (or refused for its input), never
    /// with org A's data.
    fn in_own_org(&self, route: &str, answer: &Answer) {
        let plan_gate = answer.status == 403 && answer.body.contains("plan");
        assert!(
            answer.status < 500 && (plan_gate || ![401, 403, 404].contains(&answer.status)),
            "{route} should serve org B's own caller: {} {}",
            answer.status,
            answer.body
        );
        self.no_org_a_data(route, answer);
    }

    async fn refused_without_session(&self, route: &str, method: &str, path: &str) {
        let answer = self.call(method, path, Caller::Anonymous).await;
        self.expect(route, "nobody", &answer, 401);
        let key = &self.tenants.mcp_key_a.1;
        let answer = self.call(method, path, Caller::User(key)).await;
        self.expect(route, "an MCP key used as a session", &answer, 401);
    }

    async fn integration_refuses_others(&self, route: &str, method: &str, path: &str) {
        for (who, caller) in [
            ("nobody", Caller::Anonymous),
            ("a session", Caller::User(ADMIN_A)),
            (
                "an MCP key",
                Caller::IntegrationKey(&self.tenants.mcp_key_a.1),
            ),
            ("a node key", Caller::IntegrationKey(KEY_A)),
        ] {
            let answer = self.call(method, path, caller).await;
            self.expect(route, who, &answer, 401);
        }
    }

    /// The positive control: the same path works for its owner, so the 404s above are
    /// about the org, not a wrong id. Destructive calls are left to `org_a_is_intact`.
    async fn reachable_by_owner(
        &self,
        route: &str,
        method: &str,
        path: &str,
        obj: Obj,
        caller: Caller<'_>,
    ) {
        if method == "DELETE" || path.ends_with("/rotate-key") {
            return;
        }
        let answer = self.call(method, path, caller).await;
        assert!(
            answer.status != 404 && answer.status != 401 && answer.status != 403,
            "{route} ({obj:?}) should reach org A's object for its owner: {} {}",
            answer.status,
            answer.body
        );
    }

    /// Every tool that takes an object id, called with org B's MCP key on org A's ids,
    /// fails without showing org A's data; org A's key does see its camera; other
    /// credentials are no MCP keys.
    async fn mcp_tools_stay_in_their_org(&self) {
        let key_b = &self.tenants.mcp_key_b.1;
        let (_, listed) = self.mcp(key_b, "tools/list", json!({})).await;
        let tools = listed["result"]["tools"].as_array().unwrap().clone();
        let mut attacked = 0;
        for tool in &tools {
            let name = tool["name"].as_str().unwrap();
            let Some(arguments) = self.arguments_aimed_at_org_a(&tool["inputSchema"]) else {
                continue;
            };
            attacked += 1;
            let route = format!("POST /mcp/ tools/call {name} {arguments}");
            let (status, body) = self
                .mcp(
                    key_b,
                    "tools/call",
                    json!({"name": name, "arguments": arguments}),
                )
                .await;
            assert_eq!(status, 200, "{route}: {body}");
            // A refusal is a tool error, (for tools that answer like the original) a
            // structured `*_not_found` result, or, for an id used as a filter, nothing.
            let structured = body["result"]["structuredContent"]["error"]
                .as_str()
                .unwrap_or_default();
            assert!(
                body["result"]["isError"] == json!(true)
                    || body.get("error").is_some()
                    || structured.ends_with("not_found")
                    || empty_listing(&body["result"]["structuredContent"]),
                "{route}: org B's key must not act on org A's object: {body}"
            );
            // Refusals echo the ids the caller sent; nothing else of org A may appear.
            let text = body.to_string();
            for marker in A_MARKERS.iter().filter(|marker| **marker != NODE_A) {
                assert!(!text.contains(marker), "{route} leaked {marker:?}: {text}");
            }
        }
        assert!(
            attacked >= 10,
            "only {attacked} MCP tools take an object id?"
        );
        let route = "POST /mcp/ tools/call get_camera";
        let camera = json!({"name": "get_camera", "arguments": {"camera_id": CAM_A}});
        let (_, answer_a) = self
            .mcp(&self.tenants.mcp_key_a.1, "tools/call", camera.clone())
            .await;
        assert!(
            answer_a.to_string().contains("Front door"),
            "{route}: org A's key sees its own camera: {answer_a}"
        );
        for key in [ADMIN_A, KEY_A, self.tenants.integration_key_a.1.as_str()] {
            let (status, body) = self.mcp(key, "tools/call", camera.clone()).await;
            // tools/call reports a bad key as a tool error, other methods as -32001.
            let text = body["result"]["content"][0]["text"].as_str().unwrap_or("");
            assert!(
                status == 200
                    && (body["error"]["code"] == json!(-32001)
                        || (body["result"]["isError"] == json!(true)
                            && text.starts_with("Unauthorized"))),
                "{route}: only MCP keys pass: {body}"
            );
        }
    }

    /// Arguments for a tool's required parameters, with org A's ids in every id slot;
    /// `None` for tools that take no object id.
    fn arguments_aimed_at_org_a(&self, schema: &Value) -> Option<Value> {
        let t = self.tenants;
        let properties = schema["properties"].as_object()?;
        let ids = [
            ("camera_id", json!(CAM_A)),
            ("node_id", json!(NODE_A)),
            ("incident_id", json!(t.incident_a)),
            ("evidence_id", json!(t.evidence_a)),
        ];
        if !ids.iter().any(|(name, _)| properties.contains_key(*name)) {
            return None;
        }
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut arguments = serde_json::Map::new();
        for (name, property) in properties {
            if let Some((_, id)) = ids.iter().find(|(id_name, _)| id_name == name) {
                arguments.insert(name.clone(), id.clone());
            } else if required.contains(&name.as_str()) {
                arguments.insert(name.clone(), placeholder(property));
            }
        }
        Some(Value::Object(arguments))
    }

    async fn mcp(&self, key: &str, method: &str, params: Value) -> (u16, Value) {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        crate::mcp_common::post_mcp(self.app, Some(key), &body).await
    }

    /// After every attack, org A still has each object and its keys still work.
    pub async fn org_a_is_intact(&self) {
        let t = self.tenants;
        for path in [
            format!("/api/cameras/{CAM_A}"),
            format!("/api/nodes/{NODE_A}"),
            format!("/api/incidents/{}", t.incident_a),
            format!("/api/incidents/{}/evidence/{}", t.incident_a, t.evidence_a),
            format!("/api/sentinel/runs/{}", t.run_a),
        ] {
            let answer = self.call("GET", &path, Caller::User(ADMIN_A)).await;
            assert_eq!(answer.status, 200, "org A lost {path}: {}", answer.body);
        }
        for (path, marker) in [
            ("/api/camera-groups", "GroupOfOrgA"),
            ("/api/mcp/keys", "McpKeyOfOrgA"),
            ("/api/integration/keys", "IntegrationKeyOfOrgA"),
        ] {
            let answer = self.call("GET", path, Caller::User(ADMIN_A)).await;
            assert!(answer.body.contains(marker), "org A lost {marker}");
        }
        let camera = json!({"name": "get_camera", "arguments": {"camera_id": CAM_A}});
        let (_, answer) = self.mcp(&t.mcp_key_a.1, "tools/call", camera).await;
        assert!(
            answer.to_string().contains("Front door"),
            "org A's MCP key still works: {answer}"
        );
        let answer = self
            .call(
                "GET",
                &format!("/api/incidents/{}", t.incident_a),
                Caller::User(ADMIN_A),
            )
            .await;
        let incident: Value = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(
            (
                &incident["title"],
                &incident["status"],
                &incident["evidence_count"]
            ),
            (&json!("IncidentOfOrgA"), &json!("open"), &json!(1)),
            "org A's incident is untouched"
        );
        let answer = self
            .call(
                "GET",
                "/api/integration/status",
                Caller::IntegrationKey(&t.integration_key_a.1),
            )
            .await;
        assert_eq!(answer.status, 200, "org A's integration key still works");
    }
}

/// A small well-formed body so that validation cannot answer before authorization does.
fn body_for(path: &str) -> Value {
    if path.ends_with("/recording") {
        json!({"enabled": true})
    } else if path.ends_with("/complete") {
        json!({"outcome": "no_action", "summary": "s"})
    } else if path.ends_with("/nodes/heartbeat") {
        crate::nodes_common::heartbeat_body(NODE_A, &[CAM_A])
    } else if path.ends_with("/nodes/validate") {
        json!({"node_id": NODE_A})
    } else if path.ends_with("/nodes/register") {
        crate::nodes_common::register_body(NODE_A, &["/dev/video0"])
    } else if path.ends_with("/codec") {
        json!({"video_codec": "avc1.42e01e", "audio_codec": null})
    } else {
        json!({})
    }
}

/// `[]`, `{"result": []}` or `{"incidents": [], "total": 0, ...}`: a filter matched nothing.
fn empty_listing(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::Object(fields) => {
            let lists: Vec<&Value> = fields.values().filter(|v| v.is_array()).collect();
            !lists.is_empty() && lists.iter().all(|list| empty_listing(list))
        }
        _ => false,
    }
}

/// A valid-looking value for a required, non-id tool parameter.
fn placeholder(property: &Value) -> Value {
    match property["type"].as_str() {
        Some("integer") | Some("number") => property.get("minimum").cloned().unwrap_or(json!(1)),
        Some("boolean") => json!(true),
        Some("array") => json!([]),
        Some("object") => json!({}),
        _ => property["enum"]
            .get(0)
            .cloned()
            .unwrap_or_else(|| json!("from org B")),
    }
}

fn is_stream(path: &str) -> bool {
    path.ends_with("/stream")
}
