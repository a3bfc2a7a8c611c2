//! `sentinel simulate-node`: one or more CloudNodes over the real wire protocol (register,
//! codec, heartbeats, the WebSocket with command answers, a segment and a playlist per
//! camera per second, occasional motion), streaming real H.264 MPEG-TS fixtures.
//!
//! For demos, end-to-end tests and load benchmarks. Configured like the real node
//! (`SOURCEBOX_SENTRY_NODE_ID`, `SOURCEBOX_SENTRY_API_KEY`, `SOURCEBOX_SENTRY_API_URL`) or,
//! against a local-mode server, with `--create-nodes K` to make its own nodes.

mod media;
mod node;
mod playlist;
mod provisioning;
mod socket;

pub use media::Fixtures;
pub use playlist::PlaylistWindow;

use clap::Args;
use std::time::Duration;

#[derive(Debug, Clone, Args)]
pub struct SimulatorArgs {
    /// Node id (8 hex characters) of an existing node.
    #[arg(long, env = "SOURCEBOX_SENTRY_NODE_ID")]
    pub node_id: Option<String>,
    /// The node's API key.
    #[arg(long, env = "SOURCEBOX_SENTRY_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// The Command Center's base URL.
    #[arg(
        long,
        env = "SOURCEBOX_SENTRY_API_URL",
        default_value = "http://127.0.0.1:8000"
    )]
    pub api_url: String,
    /// Cameras per node.
    #[arg(long, default_value_t = 1)]
    pub cameras: u32,
    /// Create this many nodes through a local-mode admin session instead of using
    /// --node-id/--api-key (local mode only).
    #[arg(long)]
    pub create_nodes: Option<u32>,
    /// Seconds between HTTP and WebSocket heartbeats.
    #[arg(long, default_value_t = 30)]
    pub heartbeat_interval: u64,
    /// Stop after this many seconds (default: run until interrupted).
    #[arg(long)]
    pub duration: Option<u64>,
    /// Seconds between motion events per camera (0 disables motion).
    #[arg(long, default_value_t = 30)]
    pub motion_every: u64,
    /// With --create-nodes: spread the nodes over this many local orgs (`sim-1`...), each
    /// with its own plan caps, so a load test can exceed one org's camera cap.
    #[arg(long, default_value_t = 1)]
    pub orgs: u32,
    /// Pad every pushed segment to at least this many bytes with MPEG-TS null packets
    /// (still valid video), to load the cache like real high-bitrate cameras.
    #[arg(long)]
    pub segment_bytes: Option<usize>,
}

/// Credentials of one simulated node.
#[derive(Debug, Clone)]
pub struct NodeCredentials {
    pub node_id: String,
    pub api_key: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SimulatorError {
    #[error(
        "give --node-id and --api-key (or SOURCEBOX_SENTRY_NODE_ID / SOURCEBOX_SENTRY_API_KEY), or --create-nodes N against a local-mode server"
    )]
    MissingCredentials,
    #[error("cannot reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("{step} failed: HTTP {status}: {body}")]
    Refused {
        step: &'static str,
        status: u16,
        body: String,
    },
    #[error("{step}: unexpected reply: {reason}")]
    BadReply { step: &'static str, reason: String },
}

/// Runs the simulation until the duration elapses or Ctrl-C.
pub async fn run(args: SimulatorArgs) -> Result<(), SimulatorError> {
    let api_url = args.api_url.trim_end_matches('/').to_owned();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| SimulatorError::Unreachable {
            url: api_url.clone(),
            reason: e.to_string(),
        })?;
    let credentials = match (&args.create_nodes, &args.node_id, &args.api_key) {
        (Some(count), _, _) => {
            provisioning::create_nodes(&client, &api_url, *count, args.orgs).await?
        }
        (None, Some(node_id), Some(api_key)) => vec![NodeCredentials {
            node_id: node_id.clone(),
            api_key: api_key.clone(),
        }],
        _ => return Err(SimulatorError::MissingCredentials),
    };
    let fixtures = match args.segment_bytes {
        Some(bytes) => Fixtures::bundled().padded_to(bytes),
        None => Fixtures::bundled(),
    };
    let mut nodes = Vec::new();
    for credentials in credentials {
        let node = node::SimulatedNode::start(
            client.clone(),
            &api_url,
            credentials,
            &args,
            fixtures.clone(),
        )
        .await?;
        nodes.push(node);
    }
    tracing::info!(
        nodes = nodes.len(),
        cameras_per_node = args.cameras,
        "simulation running"
    );
    let stop = async {
        match args.duration {
            Some(seconds) => tokio::time::sleep(Duration::from_secs(seconds)).await,
            None => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    };
    stop.await;
    for node in nodes {
        let stats = node.stop();
        tracing::info!(
            node_id = %stats.node_id,
            segments_pushed = stats.segments_pushed,
            segments_failed = stats.segments_failed,
            heartbeats = stats.heartbeats,
            commands_answered = stats.commands_answered,
            "simulated node stopped"
        );
    }
    Ok(())
}
