//! Incidents (integration-and-sentinel.md §2, mcp.md §4.2, data-model.md §1.9–§1.10):
//! severities and statuses, the resolve/reopen transition, who filed or resolved an
//! incident, evidence kinds, the synthetic clip playlist, the text limits each surface
//! enforces, and the wire dicts. Pure: `now` comes in as an argument.

mod authors;
mod enums;
mod evidence;
mod model;
mod text;

pub use authors::{Author, SENTINEL_AGENT_KEY_NAME, Surface};
pub use enums::{InvalidSeverity, InvalidStatus, Severity, Status};
pub use evidence::{
    CLIP_BYTE_CAP, CLIP_DEFAULT_DURATION, EvidenceKind, SEGMENT_SECONDS, clip_duration, clip_mime,
    clip_playlist, clip_segment_count, mime_duration, mime_essence,
};
pub use model::{
    Evidence, EvidenceBlob, Incident, IncidentCounts, IncidentPage, IncidentQuery, IncidentState,
    NewEvidence, NewIncident, resolve_transition,
};
pub use text::{
    MAX_OBSERVATION_CHARS, MAX_REPORT_CHARS, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS,
    MCP_DAILY_INCIDENT_CAP, TextError, char_len, stored_title,
};
