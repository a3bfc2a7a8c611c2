//! Who may call MCP tools (mcp.md §2, §3): an org's `osc_` key, or the multi-tenant
//! Sentinel agent key acting for the org named in `X-Agent-Org-Override`; which tools
//! each may see; and the per-plan call limits.
//!
//! [`McpAccess::identify`] only recognises the caller (listing and scope checks: no call
//! unit consumed, no `last_used_at` write); [`McpAccess::authorize_call`] is the full check
//! a tool call starts with.

use crate::api_keys::{ApiKeyAuthError, ApiKeyAuthenticator};
use crate::fleet::effective_plan;
use sentinel_domain::api_keys::ApiKeyKind;
use sentinel_domain::ids::OrgId;
use sentinel_domain::keys::api_key_hash;
use sentinel_domain::keys::secrets_match;
use sentinel_domain::mcp::call_limits::{
    self, Breach, CallLimiter, CallLimits, Caller, PLAN_REQUIRED, breach_message,
};
use sentinel_domain::mcp::scope::{agent_allowed_tools, allowed_tools};
use sentinel_domain::plans::Plan;
use sentinel_ports::driven::clock::Clock;
use sentinel_ports::driven::repos::{
    ApiKeyRepo, RepoError, Repositories, SentinelAgentGateRepo, SettingsRepo,
};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

/// The activity-log name of the Sentinel agent.
pub const AGENT_KEY_NAME: &str = "<sentinel-agent>";

/// What a request presents: its `Authorization` and `X-Agent-Org-Override` headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    pub authorization: Option<String>,
    pub org_override: Option<String>,
}

/// A recognised caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct McpCaller {
    pub org: OrgId,
    /// The key's name, or [`AGENT_KEY_NAME`].
    pub key_name: String,
    pub is_agent: bool,
    /// The tools this caller may list and call.
    pub allowed: BTreeSet<&'static str>,
    key: CallerKey,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum CallerKey {
    Org { raw: String },
    Agent,
}

/// A refused call: the message the caller sees, and the org/key it is logged under when
/// the key was recognised before the refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub org: Option<OrgId>,
    pub key_name: Option<String>,
}

impl Refusal {
    /// A refusal before any key was recognised (logged under no org).
    pub fn failed(message: impl Into<String>) -> Self {
        Self::anonymous(message)
    }

    fn anonymous(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            org: None,
            key_name: None,
        }
    }

    fn of(caller: &McpCaller, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            org: Some(caller.org.clone()),
            key_name: Some(caller.key_name.clone()),
        }
    }
}

pub struct McpAccess {
    api_keys: Arc<dyn ApiKeyRepo>,
    settings: Arc<dyn SettingsRepo>,
    keys: Arc<ApiKeyAuthenticator>,
    sentinel_gate: Arc<dyn SentinelAgentGateRepo>,
    clock: Arc<dyn Clock>,
    /// `SENTINEL_AGENT_MCP_KEY`; `None` when unset or empty.
    agent_key: Option<String>,
    limiter: Mutex<CallLimiter>,
}

impl McpAccess {
    pub fn new(
        repos: &Repositories,
        keys: Arc<ApiKeyAuthenticator>,
        sentinel_gate: Arc<dyn SentinelAgentGateRepo>,
        clock: Arc<dyn Clock>,
        agent_key: Option<String>,
    ) -> Self {
        Self {
            api_keys: repos.api_keys.clone(),
            settings: repos.settings.clone(),
            keys,
            sentinel_gate,
            clock,
            agent_key: agent_key.filter(|key| !key.is_empty()),
            limiter: Mutex::new(CallLimiter::new()),
        }
    }

    /// Recognises the caller without consuming anything: a live `osc_` key (read from the
    /// database every time, so scope edits and revocations apply at once) or the agent
    /// key with its org override. **Blocking.**
    pub fn identify(&self, credentials: &Credentials) -> Result<McpCaller, Refusal> {
        let token = bearer(credentials.authorization.as_deref())?;
        if self.is_agent_key(token) {
            let org = credentials
                .org_override
                .as_deref()
                .map(str::trim)
                .filter(|org| !org.is_empty())
                .ok_or_else(|| {
                    Refusal::anonymous(
                        "Unauthorized: agent key requires X-Agent-Org-Override header",
                    )
                })?;
            return Ok(McpCaller {
                org: OrgId::new(org),
                key_name: AGENT_KEY_NAME.to_owned(),
                is_agent: true,
                allowed: agent_allowed_tools(),
                key: CallerKey::Agent,
            });
        }
        let key = self
            .api_keys
            .find_active_by_hash_any_org(&api_key_hash(token), ApiKeyKind::Mcp)
            .map_err(|error| storage_refusal(&error))?
            .ok_or_else(|| Refusal::anonymous(INVALID_KEY))?;
        Ok(McpCaller {
            org: key.org_id.clone(),
            key_name: key.name.clone(),
            is_agent: false,
            allowed: allowed_tools(key.scope_mode, &key.scope_tools),
            key: CallerKey::Org {
                raw: token.to_owned(),
            },
        })
    }

    /// The full check a tool call starts with: the caller, its org's plan, Sentinel's
    /// gate for the agent, and one unit of the per-plan call limits. **Blocking.**
    pub fn authorize_call(&self, credentials: &Credentials) -> Result<McpCaller, Refusal> {
        let caller = self.identify(credentials)?;
        match &caller.key {
            CallerKey::Org { raw } => self.authorize_key(&caller, raw)?,
            CallerKey::Agent => self.authorize_agent(&caller)?,
        }
        Ok(caller)
    }

    fn authorize_key(&self, caller: &McpCaller, raw: &str) -> Result<(), Refusal> {
        // Through the authenticator: it writes `last_used_at` (at most once a minute).
        self.keys
            .authenticate(ApiKeyKind::Mcp, raw)
            .map_err(|error| match error {
                ApiKeyAuthError::Invalid => Refusal::anonymous(INVALID_KEY),
                ApiKeyAuthError::Storage(error) => storage_refusal(&error),
            })?;
        let plan = self.effective_plan(caller)?;
        let limits = call_limits::limits_for_plan(&plan)
            .ok_or_else(|| Refusal::of(caller, PLAN_REQUIRED))?;
        self.consume(&api_key_hash(raw), limits).map_err(|breach| {
            Refusal::of(
                caller,
                breach_message(breach, Caller::OrgKey, &plan, limits),
            )
        })
    }

    fn authorize_agent(&self, caller: &McpCaller) -> Result<(), Refusal> {
        let plan = self.effective_plan(caller)?;
        let limits = call_limits::limits_for_plan(&plan).ok_or_else(|| {
            Refusal::of(
                caller,
                format!(
                    "Org '{}' is not on a Sentinel-eligible plan (plan='{plan}').",
                    caller.org
                ),
            )
        })?;
        let gate = self
            .sentinel_gate
            .agent_gate(&caller.org)
            .map_err(|error| storage_refusal(&error))?;
        if !gate.admits_agent() {
            return Err(Refusal::of(caller, "Sentinel disabled for this org"));
        }
        self.consume(&format!("sentinel-agent:{}", caller.org), limits)
            .map_err(|breach| {
                Refusal::of(
                    caller,
                    breach_message(breach, Caller::SentinelAgent, &plan, limits),
                )
            })
    }

    fn effective_plan(&self, caller: &McpCaller) -> Result<Plan, Refusal> {
        effective_plan(self.settings.as_ref(), &caller.org, self.clock.now()).map_err(|error| {
            tracing::warn!(%error, "MCP plan lookup failed");
            Refusal::of(caller, "Authentication error")
        })
    }

    fn consume(&self, bucket: &str, limits: CallLimits) -> Result<(), Breach> {
        let now = self.clock.now();
        self.limiter
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .try_call(bucket, limits, now)
    }

    fn is_agent_key(&self, token: &str) -> bool {
        self.agent_key
            .as_deref()
            .is_some_and(|agent| secrets_match(token.as_bytes(), agent.as_bytes()))
    }
}

const INVALID_KEY: &str = "Unauthorized: invalid or revoked API key";

/// The token of `Authorization: Bearer <token>` (scheme case-insensitive).
fn bearer(authorization: Option<&str>) -> Result<&str, Refusal> {
    let header = authorization.ok_or_else(|| Refusal::anonymous(MISSING_BEARER))?;
    let (scheme, rest) = header.split_at_checked(7).unwrap_or((header, ""));
    if !scheme.eq_ignore_ascii_case("bearer ") {
        return Err(Refusal::anonymous(MISSING_BEARER));
    }
    let token = rest.trim();
    if token.is_empty() {
        return Err(Refusal::anonymous("Unauthorized: empty Bearer token"));
    }
    Ok(token)
}

const MISSING_BEARER: &str = "Unauthorized: missing Bearer token";

fn storage_refusal(error: &RepoError) -> Refusal {
    tracing::warn!(%error, "MCP key lookup failed");
    Refusal::anonymous("Authentication error")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_scheme_is_case_insensitive_and_trimmed() {
        assert_eq!(bearer(Some("bearer  osc_x ")).unwrap(), "osc_x");
        assert_eq!(bearer(Some("BEARER osc_y")).unwrap(), "osc_y");
        assert_eq!(bearer(None).unwrap_err().message, MISSING_BEARER);
        assert_eq!(
            bearer(Some("Basic abc")).unwrap_err().message,
            MISSING_BEARER
        );
        assert_eq!(
            bearer(Some("Bearer   ")).unwrap_err().message,
            "Unauthorized: empty Bearer token"
        );
    }
}
