//! The ten incident tools. `list_incidents`, `create_incident`, `add_observation`,
//! `update_incident` and `finalize_incident` check their arguments before authentication
//! ([`precheck`]).

use super::{Image, ToolCall, ToolOutput};
use crate::responses::incidents::{
    AttachedClipBody, ClipInfoBody, EvidenceItem, IncidentDetail, IncidentItem, McpIncidentItem,
    McpIncidentList,
};
use crate::routes::cameras::now;
use sentinel_application::blocking::unblock;
use sentinel_application::incidents::{IncidentDraft, IncidentPatch};
use sentinel_application::mcp::ToolResult;
use sentinel_application::mcp::tools::incidents::{self, ListRequest, Precheck};
use sentinel_domain::mcp::BoundArguments;
use serde::Serialize;

pub const TOOLS: &[&str] = &[
    "list_incidents",
    "get_incident",
    "get_incident_snapshot",
    "get_incident_clip",
    "create_incident",
    "add_observation",
    "attach_snapshot",
    "attach_clip",
    "update_incident",
    "finalize_incident",
];

/// The pre-authentication argument check of `name`, if it has one.
pub fn precheck(name: &str, args: &BoundArguments) -> ToolResult<()> {
    match name {
        "list_incidents" => incidents::precheck(Precheck::List(&list_request(args))),
        "create_incident" => incidents::precheck(Precheck::Create(&draft(args))),
        "add_observation" => incidents::precheck(Precheck::Observation(text(args, "text"))),
        "update_incident" => incidents::precheck(Precheck::Update(&patch(args))),
        "finalize_incident" => incidents::precheck(Precheck::Finalize(text(args, "report"))),
        _ => Ok(()),
    }
}

pub async fn run(name: &str, call: &ToolCall) -> Option<ToolResult<ToolOutput>> {
    let result = match name {
        "list_incidents" => list_incidents(call).await,
        "get_incident" => get_incident(call).await,
        "get_incident_snapshot" => get_snapshot(call).await,
        "get_incident_clip" => get_clip(call).await,
        "create_incident" => create_incident(call).await,
        "add_observation" => add_observation(call).await,
        "attach_snapshot" => attach_snapshot(call).await,
        "attach_clip" => attach_clip(call).await,
        "update_incident" => update_incident(call).await,
        "finalize_incident" => finalize_incident(call).await,
        _ => return None,
    };
    Some(result)
}

async fn list_incidents(call: &ToolCall) -> ToolResult<ToolOutput> {
    let request = list_request(&call.args);
    let (tools, org) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
    );
    let (limit, offset) = (request.limit, request.offset);
    let page = unblock(move || tools.list_incidents(&org, &request)).await?;
    Ok(object(McpIncidentList {
        total: page.total,
        returned: page.incidents.len(),
        offset,
        limit,
        incidents: page.incidents.iter().map(McpIncidentItem::from).collect(),
    }))
}

async fn get_incident(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, id) = ids(call);
    let detail = unblock(move || tools.get_incident(&org, id)).await?;
    Ok(object(IncidentDetail::from(&detail)))
}

async fn get_snapshot(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, id) = ids(call);
    let evidence_id = integer(&call.args, "evidence_id");
    let image = unblock(move || tools.incident_snapshot(&org, id, evidence_id)).await?;
    Ok(ToolOutput::Image(Image {
        data: image.data,
        mime_type: format!("image/{}", image.format),
    }))
}

async fn get_clip(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, id) = ids(call);
    let evidence_id = integer(&call.args, "evidence_id");
    let info = unblock(move || tools.incident_clip(&org, id, evidence_id)).await?;
    Ok(object(ClipInfoBody::from(&info)))
}

async fn create_incident(call: &ToolCall) -> ToolResult<ToolOutput> {
    let draft = draft(&call.args);
    let (tools, org, at) = (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
        now(&call.state),
    );
    let key_name = call.caller.key_name.clone();
    let detail = unblock(move || tools.create_incident(&org, &draft, &key_name, at)).await?;
    Ok(object(IncidentItem::from(&detail.incident)))
}

async fn add_observation(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, id) = ids(call);
    let text = text(&call.args, "text").to_owned();
    let camera_id = call.args.text("camera_id").map(str::to_owned);
    let at = now(&call.state);
    let evidence =
        unblock(move || tools.add_observation(&org, id, &text, camera_id.as_deref(), at)).await?;
    Ok(object(EvidenceItem::from(&evidence)))
}

async fn attach_snapshot(call: &ToolCall) -> ToolResult<ToolOutput> {
    let evidence = call
        .state
        .use_cases
        .mcp_tools
        .attach_snapshot(
            &call.caller.org,
            integer(&call.args, "incident_id"),
            text(&call.args, "camera_id"),
            call.args.text("note").map(str::to_owned),
            now(&call.state),
        )
        .await?;
    Ok(object(EvidenceItem::from(&evidence)))
}

async fn attach_clip(call: &ToolCall) -> ToolResult<ToolOutput> {
    let clip = call
        .state
        .use_cases
        .mcp_tools
        .attach_clip(
            &call.caller.org,
            integer(&call.args, "incident_id"),
            text(&call.args, "camera_id"),
            call.args.integer("duration_seconds").unwrap_or(15),
            call.args.text("note").map(str::to_owned),
            now(&call.state),
        )
        .await?;
    Ok(object(AttachedClipBody::from(&clip)))
}

async fn update_incident(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, id) = ids(call);
    let patch = patch(&call.args);
    let key_name = call.caller.key_name.clone();
    let at = now(&call.state);
    let detail = unblock(move || tools.update_incident(&org, id, &patch, &key_name, at)).await?;
    Ok(object(IncidentItem::from(&detail.incident)))
}

async fn finalize_incident(call: &ToolCall) -> ToolResult<ToolOutput> {
    let (tools, org, id) = ids(call);
    let report = text(&call.args, "report").to_owned();
    let at = now(&call.state);
    let detail = unblock(move || tools.finalize_incident(&org, id, &report, at)).await?;
    Ok(object(IncidentItem::from(&detail.incident)))
}

/// A tool's dict. The bodies here have string keys only, so the conversion cannot fail;
/// were it to, the tool would answer an empty dict rather than take the call down.
fn object(body: impl Serialize) -> ToolOutput {
    ToolOutput::Object(
        serde_json::to_value(body)
            .unwrap_or_else(|_| serde_json::Value::Object(Default::default())),
    )
}

/// The tools, the caller's org and the `incident_id` argument.
fn ids(
    call: &ToolCall,
) -> (
    std::sync::Arc<sentinel_application::mcp::tools::McpTools>,
    sentinel_domain::ids::OrgId,
    i64,
) {
    (
        call.state.use_cases.mcp_tools.clone(),
        call.caller.org.clone(),
        integer(&call.args, "incident_id"),
    )
}

fn text<'a>(args: &'a BoundArguments, name: &str) -> &'a str {
    args.text(name).unwrap_or_default()
}

fn integer(args: &BoundArguments, name: &str) -> i64 {
    args.integer(name).unwrap_or_default()
}

fn list_request(args: &BoundArguments) -> ListRequest {
    ListRequest {
        status: args.text("status").map(str::to_owned),
        severity: args.text("severity").map(str::to_owned),
        camera_id: args.text("camera_id").map(str::to_owned),
        limit: args.integer("limit").unwrap_or(20),
        offset: args.integer("offset").unwrap_or(0),
    }
}

fn draft(args: &BoundArguments) -> IncidentDraft {
    IncidentDraft {
        title: text(args, "title").to_owned(),
        summary: text(args, "summary").to_owned(),
        severity: args.text("severity").map(str::to_owned),
        camera_id: args.text("camera_id").map(str::to_owned),
    }
}

fn patch(args: &BoundArguments) -> IncidentPatch {
    IncidentPatch {
        title: None,
        status: args.text("status").map(str::to_owned),
        severity: args.text("severity").map(str::to_owned),
        summary: args.text("summary").map(str::to_owned),
        report: args.text("report").map(str::to_owned),
    }
}
