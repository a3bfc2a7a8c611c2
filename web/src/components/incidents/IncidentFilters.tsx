import type { ChangeEvent } from "react";
import { Bot, ListFilter, User, X } from "lucide-react";
import type { Schemas } from "../../services/api";
import { SEVERITIES, STATUSES } from "../../services/incidentsApi";
import type { IncidentSource, IncidentStatus, Severity } from "../../services/incidentsApi";

export interface Filters {
  source: IncidentSource | "";
  status: IncidentStatus | "";
  severity: Severity | "";
  camera_id: string;
}

export const NO_FILTERS: Filters = { source: "", status: "", severity: "", camera_id: "" };

const SOURCES: { value: Filters["source"]; label: string }[] = [
  { value: "", label: "All" },
  { value: "ai", label: "AI" },
  { value: "human", label: "Human" },
];

export interface IncidentFiltersProps {
  filters: Filters;
  cameras: Schemas["CameraItem"][] | undefined;
  onChange: (next: Filters) => void;
}

function SourceIcon({ source }: { source: Filters["source"] }) {
  if (source === "ai") return <Bot size={14} aria-hidden="true" />;
  if (source === "human") return <User size={14} aria-hidden="true" />;
  return <ListFilter size={14} aria-hidden="true" />;
}

/** The chips naming each active filter, each one removable. */
function ActiveChips({ filters, cameras, onChange }: IncidentFiltersProps) {
  const cameraName = (id: string) => cameras?.find((c) => c.camera_id === id)?.name ?? id;
  const chips: { key: keyof Filters; text: string }[] = [];
  if (filters.source) chips.push({ key: "source", text: filters.source === "ai" ? "Source: AI" : "Source: Human" });
  if (filters.status) chips.push({ key: "status", text: `Status: ${filters.status}` });
  if (filters.severity) chips.push({ key: "severity", text: `Severity: ${filters.severity}` });
  if (filters.camera_id) chips.push({ key: "camera_id", text: `Camera: ${cameraName(filters.camera_id)}` });
  if (!chips.length) return null;
  return (
    <ul className="inc-chips" aria-label="Active filters">
      {chips.map((chip) => (
        <li key={chip.key} className="inc-chip">
          <span>{chip.text}</span>
          <button type="button" className="icon-button" aria-label={`Remove filter ${chip.text}`} onClick={() => onChange({ ...filters, [chip.key]: "" })}>
            <X size={14} aria-hidden="true" />
          </button>
        </li>
      ))}
      {chips.length > 1 && (
        <li><button type="button" className="link-button" onClick={() => onChange(NO_FILTERS)}>Clear all</button></li>
      )}
    </ul>
  );
}

/** Source chips (AI / human), status, severity and camera selects, and the active filters. */
export default function IncidentFilters({ filters, cameras, onChange }: IncidentFiltersProps) {
  // Each select only offers its own enum's values (or "" for any).
  const set = (key: keyof Filters) => (e: ChangeEvent<HTMLSelectElement>) => onChange({ ...filters, [key]: e.target.value });
  return (
    <div className="inc-filters">
      <div className="inc-source-group" role="group" aria-label="Source">
        {SOURCES.map((s) => (
          <button key={s.value || "all"} type="button" className="inc-source-chip" aria-pressed={filters.source === s.value} onClick={() => onChange({ ...filters, source: s.value })}>
            <SourceIcon source={s.value} />{s.label}
          </button>
        ))}
      </div>
      <div className="inc-selects" role="group" aria-label="Filters">
        <label className="inline-field"><span>Status</span>
          <select value={filters.status} onChange={set("status")}><option value="">Any</option>{STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}</select>
        </label>
        <label className="inline-field"><span>Severity</span>
          <select value={filters.severity} onChange={set("severity")}><option value="">Any</option>{SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}</select>
        </label>
        <label className="inline-field"><span>Camera</span>
          <select value={filters.camera_id} onChange={set("camera_id")}>
            <option value="">Any</option>
            {(cameras ?? []).map((c) => <option key={c.camera_id} value={c.camera_id}>{c.name}</option>)}
          </select>
        </label>
      </div>
      <ActiveChips filters={filters} cameras={cameras} onChange={onChange} />
    </div>
  );
}
