//! The tool catalog (mcp.md §4): 23 tools, 16 read and 7 write, each with its description,
//! parameters (JSON Schema bounds as FastMCP derives them) and the shape of its result,
//! which decides how a result is encoded (§1, "Tool result encoding").

use serde_json::{Map, Value, json};

/// Read tools carry `readOnlyHint`; a `readonly` key may call only these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToolClass {
    Read,
    Write,
}

impl ToolClass {
    /// `read` / `write`, the catalog's `category`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }
}

/// What a tool's body returns, as FastMCP's declared return type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnShape {
    /// `dict`: text item + `structuredContent` = the object.
    Object,
    /// `list[dict]`: text item + `structuredContent` = `{"result": [...]}`.
    ObjectList,
    /// `Image`: one image item, no structured content.
    Image,
    /// An unannotated list of images and texts, one content item each.
    Mixed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// `str` (required unless it has a default).
    Text,
    /// `str | None = None`.
    OptionalText,
    /// `int` with optional bounds.
    Integer,
    /// `bool | None = None`.
    OptionalFlag,
}

/// One parameter of a tool, as its JSON Schema shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub kind: ParamKind,
    pub description: &'static str,
    /// `None`: required (for `Text`/`Integer`); optional kinds default to null.
    pub default: Option<DefaultValue>,
    pub minimum: Option<i64>,
    pub maximum: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    Integer(i64),
    Text(&'static str),
}

impl Param {
    const fn text(name: &'static str, description: &'static str) -> Self {
        Self {
            name,
            kind: ParamKind::Text,
            description,
            default: None,
            minimum: None,
            maximum: None,
        }
    }

    const fn text_or(name: &'static str, default: &'static str, description: &'static str) -> Self {
        Self {
            default: Some(DefaultValue::Text(default)),
            ..Self::text(name, description)
        }
    }

    const fn optional_text(name: &'static str, description: &'static str) -> Self {
        Self {
            kind: ParamKind::OptionalText,
            ..Self::text(name, description)
        }
    }

    const fn optional_flag(name: &'static str, description: &'static str) -> Self {
        Self {
            kind: ParamKind::OptionalFlag,
            ..Self::text(name, description)
        }
    }

    const fn integer(name: &'static str, description: &'static str) -> Self {
        Self {
            kind: ParamKind::Integer,
            ..Self::text(name, description)
        }
    }

    const fn bounded(
        name: &'static str,
        default: i64,
        (minimum, maximum): (Option<i64>, Option<i64>),
        description: &'static str,
    ) -> Self {
        Self {
            name,
            kind: ParamKind::Integer,
            description,
            default: Some(DefaultValue::Integer(default)),
            minimum,
            maximum,
        }
    }

    pub fn is_required(&self) -> bool {
        self.default.is_none() && matches!(self.kind, ParamKind::Text | ParamKind::Integer)
    }

    /// The property's JSON Schema, as pydantic writes it.
    pub fn schema(&self) -> Value {
        let mut schema = match self.kind {
            ParamKind::Text => json!({"type": "string"}),
            ParamKind::Integer => json!({"type": "integer"}),
            ParamKind::OptionalText => {
                json!({"anyOf": [{"type": "string"}, {"type": "null"}], "default": null})
            }
            ParamKind::OptionalFlag => {
                json!({"anyOf": [{"type": "boolean"}, {"type": "null"}], "default": null})
            }
        };
        if let Some(fields) = schema.as_object_mut() {
            fields.insert("description".into(), json!(self.description));
            match self.default {
                Some(DefaultValue::Integer(value)) => {
                    fields.insert("default".into(), json!(value));
                }
                Some(DefaultValue::Text(value)) => {
                    fields.insert("default".into(), json!(value));
                }
                None => {}
            }
            if let Some(minimum) = self.minimum {
                fields.insert("minimum".into(), json!(minimum));
            }
            if let Some(maximum) = self.maximum {
                fields.insert("maximum".into(), json!(maximum));
            }
        }
        schema
    }
}

/// One tool of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToolSpec {
    pub name: &'static str,
    pub class: ToolClass,
    pub description: &'static str,
    pub params: &'static [Param],
    pub returns: ReturnShape,
}

impl ToolSpec {
    /// `inputSchema`: an object of the parameters, required ones listed.
    pub fn input_schema(&self) -> Value {
        let properties: Map<String, Value> = self
            .params
            .iter()
            .map(|param| (param.name.to_owned(), param.schema()))
            .collect();
        let required: Vec<&str> = self
            .params
            .iter()
            .filter(|param| param.is_required())
            .map(|param| param.name)
            .collect();
        let mut schema = json!({"type": "object", "properties": properties});
        if !required.is_empty()
            && let Some(fields) = schema.as_object_mut()
        {
            fields.insert("required".into(), json!(required));
        }
        schema
    }

    /// `outputSchema`, present only for `dict` and `list[dict]` returns.
    pub fn output_schema(&self) -> Option<Value> {
        match self.returns {
            ReturnShape::Object => Some(json!({"type": "object", "additionalProperties": true})),
            ReturnShape::ObjectList => Some(json!({
                "type": "object",
                "properties": {
                    "result": {"type": "array", "items": {"type": "object", "additionalProperties": true}}
                },
                "required": ["result"],
                "x-fastmcp-wrap-result": true,
            })),
            ReturnShape::Image | ReturnShape::Mixed => None,
        }
    }

    pub fn is_read(&self) -> bool {
        self.class == ToolClass::Read
    }
}

/// The whole catalog, in a stable order.
pub fn tools() -> &'static [ToolSpec] {
    CATALOG
}

/// The tool called `name`, if it exists.
pub fn find_tool(name: &str) -> Option<&'static ToolSpec> {
    CATALOG.iter().find(|tool| tool.name == name)
}

const CAMERA_ID: Param = Param::text("camera_id", "The camera's id (from list_cameras)");
const INCIDENT_ID: Param = Param::integer("incident_id", "The incident's id");
const EVIDENCE_ID: Param = Param::integer("evidence_id", "The evidence item's id");
const STATUS_FILTER: Param = Param::optional_text(
    "status",
    "Filter by status: open, acknowledged, resolved or dismissed",
);
const SEVERITY_FILTER: Param = Param::optional_text(
    "severity",
    "Filter by severity: low, medium, high or critical",
);

const fn read(
    name: &'static str,
    description: &'static str,
    params: &'static [Param],
    returns: ReturnShape,
) -> ToolSpec {
    ToolSpec {
        name,
        class: ToolClass::Read,
        description,
        params,
        returns,
    }
}

const fn write(
    name: &'static str,
    description: &'static str,
    params: &'static [Param],
    returns: ReturnShape,
) -> ToolSpec {
    ToolSpec {
        name,
        class: ToolClass::Write,
        description,
        params,
        returns,
    }
}

const CATALOG: &[ToolSpec] = &[
    read(
        "list_cameras",
        "List every camera in your organization with its status, node, group and recording policy.",
        &[],
        ReturnShape::ObjectList,
    ),
    read(
        "get_camera",
        "Get one camera's details: status, node, group, capabilities and recording policy.",
        &[CAMERA_ID],
        ReturnShape::Object,
    ),
    read(
        "get_stream_url",
        "Get the HLS stream URL of a camera. Fetching it requires Bearer authentication.",
        &[CAMERA_ID],
        ReturnShape::Object,
    ),
    read(
        "view_camera",
        "Capture a live JPEG snapshot from a camera so you can see what it sees right now.",
        &[CAMERA_ID],
        ReturnShape::Image,
    ),
    read(
        "watch_camera",
        "Capture several live snapshots from a camera a few seconds apart, to watch what changes over time.",
        &[
            CAMERA_ID,
            Param::bounded(
                "count",
                3,
                (Some(2), Some(10)),
                "Number of frames to capture (2-10)",
            ),
            Param::bounded(
                "interval_seconds",
                5,
                (Some(1), Some(30)),
                "Seconds to wait between frames (1-30)",
            ),
        ],
        ReturnShape::Mixed,
    ),
    read(
        "list_camera_groups",
        "List the camera groups of your organization with their camera counts.",
        &[],
        ReturnShape::ObjectList,
    ),
    read(
        "list_nodes",
        "List every CameraNode in your organization with status, version and storage.",
        &[],
        ReturnShape::ObjectList,
    ),
    read(
        "get_node",
        "Get one CameraNode's details.",
        &[Param::text("node_id", "The node's id (from list_nodes)")],
        ReturnShape::Object,
    ),
    read(
        "get_camera_recording_policy",
        "Get a camera's recording policy: continuous 24/7 or a daily schedule (HH:MM, org timezone).",
        &[CAMERA_ID],
        ReturnShape::Object,
    ),
    read(
        "get_stream_logs",
        "List recent live-stream accesses (who watched which camera), newest first.",
        &[
            Param::optional_text("camera_id", "Only this camera's accesses"),
            Param::bounded("limit", 50, (Some(1), Some(500)), "Maximum rows (1-500)"),
        ],
        ReturnShape::ObjectList,
    ),
    read(
        "get_stream_stats",
        "Count live-stream views over the last days, per camera and per user.",
        &[Param::bounded(
            "days",
            7,
            (Some(1), Some(30)),
            "Window in days (1-30)",
        )],
        ReturnShape::Object,
    ),
    read(
        "get_system_status",
        "Summarise your organization: plan, cameras and nodes online and offline.",
        &[],
        ReturnShape::Object,
    ),
    read(
        "list_incidents",
        "List incidents, newest first, optionally filtered by status, severity or camera.",
        &[
            STATUS_FILTER,
            SEVERITY_FILTER,
            Param::optional_text("camera_id", "Only this camera's incidents"),
            Param::bounded(
                "limit",
                20,
                (Some(1), Some(100)),
                "Maximum incidents (1-100)",
            ),
            Param::bounded("offset", 0, (Some(0), None), "Incidents to skip"),
        ],
        ReturnShape::Object,
    ),
    read(
        "get_incident",
        "Get one incident with all of its evidence (observations, snapshots, clips).",
        &[INCIDENT_ID],
        ReturnShape::Object,
    ),
    read(
        "get_incident_snapshot",
        "Get the image of a snapshot attached to an incident.",
        &[INCIDENT_ID, EVIDENCE_ID],
        ReturnShape::Image,
    ),
    read(
        "get_incident_clip",
        "Get the details of a video clip attached to an incident (size, duration, playback hint).",
        &[INCIDENT_ID, EVIDENCE_ID],
        ReturnShape::Object,
    ),
    write(
        "create_incident",
        "Open a new incident for something that needs a human's attention.",
        &[
            Param::text("title", "Short title (cut to 200 characters)"),
            Param::text("summary", "What happened (at most 2000 characters)"),
            Param::text_or("severity", "medium", "low, medium, high or critical"),
            Param::optional_text("camera_id", "The camera involved, if any"),
        ],
        ReturnShape::Object,
    ),
    write(
        "add_observation",
        "Add a text observation to an incident.",
        &[
            INCIDENT_ID,
            Param::text("text", "The observation (at most 8000 characters)"),
            Param::optional_text("camera_id", "The camera it is about, if any"),
        ],
        ReturnShape::Object,
    ),
    write(
        "attach_snapshot",
        "Capture a live snapshot from a camera and attach it to an incident as evidence.",
        &[
            INCIDENT_ID,
            CAMERA_ID,
            Param::optional_text("note", "Optional note stored with the snapshot"),
        ],
        ReturnShape::Object,
    ),
    write(
        "attach_clip",
        "Attach the last seconds of a camera's live video to an incident as evidence.",
        &[
            INCIDENT_ID,
            CAMERA_ID,
            Param::bounded(
                "duration_seconds",
                15,
                (Some(2), Some(60)),
                "Seconds of video to keep (2-60)",
            ),
            Param::optional_text("note", "Optional note stored with the clip"),
        ],
        ReturnShape::Object,
    ),
    write(
        "update_incident",
        "Change an incident's status, severity, summary or report.",
        &[
            INCIDENT_ID,
            Param::optional_text("status", "open, acknowledged, resolved or dismissed"),
            Param::optional_text("severity", "low, medium, high or critical"),
            Param::optional_text("summary", "New summary (at most 2000 characters)"),
            Param::optional_text(
                "report",
                "Full replacement report (at most 64000 characters)",
            ),
        ],
        ReturnShape::Object,
    ),
    write(
        "finalize_incident",
        "Write the final report of an incident that has none yet.",
        &[
            INCIDENT_ID,
            Param::text("report", "The report (at most 64000 characters)"),
        ],
        ReturnShape::Object,
    ),
    write(
        "set_camera_recording_policy",
        "Change a camera's recording policy: continuous 24/7 or a daily HH:MM schedule (org timezone). Omitted fields stay unchanged; an empty time clears it.",
        &[
            CAMERA_ID,
            Param::optional_flag("continuous_24_7", "Record around the clock"),
            Param::optional_flag("scheduled_recording", "Record on the daily schedule"),
            Param::optional_text("scheduled_start", "Schedule start, HH:MM 24-hour"),
            Param::optional_text("scheduled_end", "Schedule end, HH:MM 24-hour"),
        ],
        ReturnShape::Object,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_catalog_has_23_tools_16_read_and_7_write() {
        let names: HashSet<&str> = tools().iter().map(|t| t.name).collect();
        assert_eq!(names.len(), 23);
        assert_eq!(tools().iter().filter(|t| t.is_read()).count(), 16);
        let writes: HashSet<&str> = tools()
            .iter()
            .filter(|t| !t.is_read())
            .map(|t| t.name)
            .collect();
        let expected: HashSet<&str> = [
            "create_incident",
            "add_observation",
            "attach_snapshot",
            "attach_clip",
            "update_incident",
            "finalize_incident",
            "set_camera_recording_policy",
        ]
        .into();
        assert_eq!(writes, expected);
    }

    #[test]
    fn bounds_and_defaults_appear_in_the_input_schema() {
        let schema = find_tool("watch_camera").unwrap().input_schema();
        assert_eq!(schema["required"], json!(["camera_id"]));
        assert_eq!(schema["properties"]["count"]["minimum"], 2);
        assert_eq!(schema["properties"]["count"]["maximum"], 10);
        assert_eq!(schema["properties"]["count"]["default"], 3);
        assert_eq!(schema["properties"]["interval_seconds"]["maximum"], 30);
        let logs = find_tool("get_stream_logs").unwrap().input_schema();
        assert_eq!(logs["properties"]["limit"]["maximum"], 500);
        assert!(logs.get("required").is_none());
        assert_eq!(logs["properties"]["camera_id"]["default"], Value::Null);
    }

    #[test]
    fn only_dict_returns_have_an_output_schema() {
        let list = find_tool("list_cameras").unwrap().output_schema().unwrap();
        assert_eq!(list["x-fastmcp-wrap-result"], true);
        assert!(find_tool("get_camera").unwrap().output_schema().is_some());
        assert!(find_tool("view_camera").unwrap().output_schema().is_none());
        assert!(find_tool("watch_camera").unwrap().output_schema().is_none());
    }

    #[test]
    fn unknown_tools_are_not_found() {
        assert!(find_tool("view_audit_logs").is_none());
    }
}
