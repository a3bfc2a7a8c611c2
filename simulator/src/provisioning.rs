//! `--create-nodes`: against a local-mode server, sign in as the local admin and create
//! nodes through the API, exactly as an operator would in the dashboard.

use super::{NodeCredentials, SimulatorError};
use serde_json::{Value, json};

/// Creates `count` nodes, round-robin over `orgs` local orgs (one org: the default `local`).
pub async fn create_nodes(
    client: &reqwest::Client,
    api_url: &str,
    count: u32,
    orgs: u32,
) -> Result<Vec<NodeCredentials>, SimulatorError> {
    let mut tokens = Vec::new();
    for org in 1..=orgs.max(1) {
        let slug = (orgs > 1).then(|| format!("sim-{org}"));
        tokens.push(admin_token(client, api_url, slug.as_deref()).await?);
    }
    let mut nodes = Vec::new();
    for index in 1..=count {
        let token = &tokens[(index as usize - 1) % tokens.len()];
        let created = post_json(
            client,
            &format!("{api_url}/api/nodes"),
            Some(token),
            json!({"name": format!("Simulated node {index}")}),
            "node creation",
        )
        .await?;
        let field = |name: &str| {
            created[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| bad("node creation", &format!("no {name}")))
        };
        nodes.push(NodeCredentials {
            node_id: field("node_id")?,
            api_key: field("api_key")?,
        });
    }
    Ok(nodes)
}

/// A local admin session of the default org, or of the local org `slug`.
async fn admin_token(
    client: &reqwest::Client,
    api_url: &str,
    slug: Option<&str>,
) -> Result<String, SimulatorError> {
    let body = match slug {
        Some(slug) => json!({"role": "admin", "org": slug}),
        None => json!({"role": "admin"}),
    };
    let session = post_json(
        client,
        &format!("{api_url}/api/local/session"),
        None,
        body,
        "local sign-in",
    )
    .await?;
    session["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| bad("local sign-in", "no token"))
}

async fn post_json(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: Value,
    step: &'static str,
) -> Result<Value, SimulatorError> {
    let mut request = client.post(url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request
        .send()
        .await
        .map_err(|e| SimulatorError::Unreachable {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    if !(200..300).contains(&status) {
        return Err(SimulatorError::Refused {
            step,
            status,
            body: text,
        });
    }
    serde_json::from_str(&text).map_err(|e| bad(step, &e.to_string()))
}

fn bad(step: &'static str, reason: &str) -> SimulatorError {
    SimulatorError::BadReply {
        step,
        reason: reason.to_owned(),
    }
}
