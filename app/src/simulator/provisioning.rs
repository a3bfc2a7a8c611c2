//! `--create-nodes`: against a local-mode server, sign in as the local admin and create
//! nodes through the API, exactly as an operator would in the dashboard.

use super::{NodeCredentials, SimulatorError};
use serde_json::{Value, json};

pub async fn create_nodes(
    client: &reqwest::Client,
    api_url: &str,
    count: u32,
) -> Result<Vec<NodeCredentials>, SimulatorError> {
    let session = post_json(
        client,
        &format!("{api_url}/api/local/session"),
        None,
        json!({"role": "admin"}),
        "local sign-in",
    )
    .await?;
    let token = session["token"]
        .as_str()
        .ok_or_else(|| bad("local sign-in", "no token"))?
        .to_owned();
    let mut nodes = Vec::new();
    for index in 1..=count {
        let created = post_json(
            client,
            &format!("{api_url}/api/nodes"),
            Some(&token),
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
