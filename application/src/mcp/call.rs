//! One `tools/call` (mcp.md §1–§5): the scope check (no unit consumed, not logged), the
//! argument check (not logged), then the tracked part: the tool's own pre-checks, the
//! caller's key, plan and call limits, the tool body, and the activity event whatever the
//! outcome. The bodies belong to whoever serves the tools ([`ToolBodies`]).

use super::access::{Credentials, McpAccess, McpCaller, Refusal};
use super::activity::{FinishedCall, McpActivity};
use super::tools::{ToolError, ToolResult};
use crate::blocking::unblock_value;
use async_trait::async_trait;
use sentinel_domain::ids::OrgId;
use sentinel_domain::mcp::activity::summarise_arguments;
use sentinel_domain::mcp::scope::not_enabled_message;
use sentinel_domain::mcp::{BoundArguments, ToolSpec, find_tool};
use sentinel_ports::driven::clock::Clock;
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;

/// The tools a server runs. Bodies may hold non-`Send` request state, hence `?Send`.
#[async_trait(?Send)]
pub trait ToolBodies {
    /// What a tool returns before the wire encoding.
    type Output;

    /// Whether this server runs `name` (a catalogue tool no body serves is unknown).
    fn serves(&self, name: &str) -> bool;

    /// The argument checks a tool runs before authentication (a failure is logged as a
    /// call of no org).
    fn precheck(&self, name: &str, args: &BoundArguments) -> ToolResult<()>;

    /// Runs a served tool for an authorised caller.
    async fn run(
        &self,
        name: &str,
        caller: McpCaller,
        args: BoundArguments,
    ) -> ToolResult<Self::Output>;
}

/// The `tools/call` use case.
#[derive(Clone)]
pub struct McpCalls {
    access: Arc<McpAccess>,
    activity: Arc<McpActivity>,
    clock: Arc<dyn Clock>,
}

impl McpCalls {
    pub fn new(access: Arc<McpAccess>, activity: Arc<McpActivity>, clock: Arc<dyn Clock>) -> Self {
        Self {
            access,
            activity,
            clock,
        }
    }

    /// Runs `name` for the caller: the tool's output, or the message of the `isError`
    /// result the caller reads (tool failures are never JSON-RPC errors).
    pub async fn call<B: ToolBodies>(
        &self,
        bodies: &B,
        credentials: Credentials,
        name: &str,
        arguments: Option<&Value>,
    ) -> Result<B::Output, String> {
        let Some(spec) = find_tool(name).filter(|spec| bodies.serves(spec.name)) else {
            return Err(format!("Unknown tool: '{name}'"));
        };
        if let Some(refusal) = self.scope_refusal(&credentials, spec).await {
            return Err(refusal);
        }
        let args = spec.bind(arguments).map_err(|error| error.to_string())?;
        let args_summary = summarise_arguments(&args.present(spec));
        let started_at = self.clock.now();
        let timer = Instant::now();
        let (outcome, org, key_name) = self
            .authorise_and_run(bodies, spec, credentials, args)
            .await;
        let error = outcome.as_ref().err().map(|error| shown_error(spec, error));
        self.record(FinishedCall {
            tool_name: spec.name.to_owned(),
            org,
            key_name,
            started_at,
            duration_ms: i64::try_from(timer.elapsed().as_millis()).unwrap_or(i64::MAX),
            error: error.clone(),
            args_summary,
        })
        .await;
        outcome.map_err(|_| error.unwrap_or_default())
    }

    /// The tracked part of a call. Returns the outcome and the org/key it is logged under
    /// (empty when the call failed before the key was recognised).
    async fn authorise_and_run<B: ToolBodies>(
        &self,
        bodies: &B,
        spec: &ToolSpec,
        credentials: Credentials,
        args: BoundArguments,
    ) -> (ToolResult<B::Output>, OrgId, String) {
        let authorised = match bodies.precheck(spec.name, &args) {
            Ok(()) => {
                let access = self.access.clone();
                unblock_value(move || access.authorize_call(&credentials))
                    .await
                    .unwrap_or_else(|error| Err(Refusal::failed(error.to_string())))
            }
            Err(error) => Err(Refusal::failed(error.to_string())),
        };
        match authorised {
            Ok(caller) => {
                let (org, key_name) = (caller.org.clone(), caller.key_name.clone());
                (bodies.run(spec.name, caller, args).await, org, key_name)
            }
            Err(refusal) => (
                Err(ToolError::Refused(refusal.message)),
                refusal.org.unwrap_or_else(|| OrgId::new("")),
                refusal.key_name.unwrap_or_default(),
            ),
        }
    }

    /// The refusal of a tool outside the caller's scope; `None` when allowed or when the
    /// caller is not recognised (the tool's own authorisation then words the error).
    async fn scope_refusal(&self, credentials: &Credentials, spec: &ToolSpec) -> Option<String> {
        let access = self.access.clone();
        let credentials = credentials.clone();
        let caller = unblock_value(move || access.identify(&credentials))
            .await
            .ok()?
            .ok()?;
        (!caller.allowed.contains(spec.name)).then(|| not_enabled_message(spec.name))
    }

    /// Logs the call; a failure here never reaches the caller.
    async fn record(&self, call: FinishedCall) {
        let activity = self.activity.clone();
        if let Err(error) = unblock_value(move || activity.record(call)).await {
            tracing::warn!(%error, "MCP activity not recorded");
        }
    }
}

/// What the caller reads: refusals as they are, other failures behind the tool's name.
fn shown_error(spec: &ToolSpec, error: &ToolError) -> String {
    match error {
        ToolError::Refused(message) => message.clone(),
        ToolError::Failed(message) => format!("Error calling tool '{}': {message}", spec.name),
    }
}
