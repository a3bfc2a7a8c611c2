import { useCallback, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { CalendarDays, FileExclamationPoint, Flame, Plus, Siren } from "lucide-react";
import type { ReactNode } from "react";
import { useAsync } from "../hooks/useAsync";
import { useToasts } from "../hooks/useToasts";
import * as api from "../services/api";
import { getTodayCount, listIncidentPage, WINDOW } from "../services/incidentsApi";
import IncidentReportModal from "../components/IncidentReportModal";
import NewIncidentModal from "../components/incidents/NewIncidentModal";
import IncidentFilters, { NO_FILTERS } from "../components/incidents/IncidentFilters";
import type { Filters } from "../components/incidents/IncidentFilters";
import IncidentTable from "../components/incidents/IncidentTable";
import { useMe } from "../components/incidents/useMe";
import { MemberNamesProvider } from "../components/incidents/memberNames";
import EmptyState from "../components/EmptyState";
import LoadingSpinner from "../components/LoadingSpinner";
import "../styles/incidents.css";

const PAGE = 25;

function Stat({ icon, value, label, tone }: { icon: ReactNode; value: ReactNode; label: string; tone?: string }) {
  return (
    <div className={`stat panel inc-stat${tone ? ` inc-stat-${tone}` : ""}`}>
      <span className="inc-stat-icon" aria-hidden="true">{icon}</span>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}

function Counts({ reloadKey }: { reloadKey: number }) {
  const counts = useAsync(api.getIncidentCounts, [reloadKey], { intervalMs: 30000 });
  const today = useAsync(() => getTodayCount(), [reloadKey], { intervalMs: 30000 });
  if (!counts.data) return counts.error ? <p className="error-text" role="alert">{counts.error.message}</p> : null;
  const todayValue = today.data ? `${today.data.count}${today.data.atLeast ? "+" : ""}` : "…";
  return (
    <section className="inc-stats" aria-label="Incident counts">
      <Stat icon={<CalendarDays size={16} />} value={todayValue} label="Today" />
      <Stat icon={<FileExclamationPoint size={16} />} value={counts.data.open} label="Open" />
      <Stat icon={<Siren size={16} />} value={counts.data.open_critical} label="Open critical" tone="critical" />
      <Stat icon={<Flame size={16} />} value={counts.data.open_high} label="Open high" tone="high" />
      <Stat icon={<FileExclamationPoint size={16} />} value={counts.data.total} label="All time" />
    </section>
  );
}

function Pager({ offset, total, onChange }: { offset: number; total: number; onChange: (offset: number) => void }) {
  if (total <= PAGE) return null;
  return (
    <div className="pager">
      <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - PAGE))}>Previous</button>
      <span className="muted small">{offset + 1}–{Math.min(total, offset + PAGE)} of {total}</span>
      <button type="button" className="btn btn-small" disabled={offset + PAGE >= total} onClick={() => onChange(offset + PAGE)}>Next</button>
    </div>
  );
}

export default function IncidentsPage() {
  const { incidentId } = useParams();
  const navigate = useNavigate();
  const toast = useToasts();
  const me = useMe();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const { source, ...serverFilters } = filters;
  const list = useAsync(() => listIncidentPage(serverFilters, source, PAGE, offset), [filters, offset, reloadKey], { intervalMs: 30000 });
  const cameras = useAsync(api.listCameras, []);
  const cameraName = (id: string) => cameras.data?.find((c) => c.camera_id === id)?.name ?? id;
  const reload = () => setReloadKey((k) => k + 1);
  // Stable on purpose: the Modal re-runs its focus effect when onClose changes, and this
  // page re-renders every 30 s (list polling), which would pull focus out of the editor.
  const closeDetail = useCallback(() => navigate("/incidents"), [navigate]);
  const changeFilters = (next: Filters) => {
    setOffset(0);
    setFilters(next);
  };
  const filtered = Object.values(filters).some(Boolean);

  const body = () => {
    if (list.data === undefined) return list.error ? <p className="error-text" role="alert">{list.error.message}</p> : <LoadingSpinner label="Loading incidents" />;
    if (list.data.incidents.length === 0) {
      return filtered
        ? <EmptyState icon={<FileExclamationPoint size={18} />} title="No incidents match these filters" action={<button type="button" className="btn btn-small" onClick={() => changeFilters(NO_FILTERS)}>Clear filters</button>} />
        : <EmptyState icon={<FileExclamationPoint size={18} />} title="No incidents">Incidents filed by Sentinel AI, MCP agents or your team show up here.</EmptyState>;
    }
    return <IncidentTable incidents={list.data.incidents} cameraName={cameraName} me={me} />;
  };

  return (
    <MemberNamesProvider>
      <div className="page inc-page">
        <div className="page-header">
          <h1>Incidents</h1>
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            <Plus size={16} aria-hidden="true" />New incident
          </button>
        </div>
        <Counts reloadKey={reloadKey} />
        <IncidentFilters filters={filters} cameras={cameras.data} onChange={changeFilters} />
        <section className="panel" aria-label="Incident list">
          {body()}
          {list.data?.partial && <p className="muted small">The source filter looks at the {WINDOW} most recent incidents.</p>}
          {list.data && <Pager offset={offset} total={list.data.total} onChange={setOffset} />}
        </section>
        {creating && (
          <NewIncidentModal
            cameras={cameras.data}
            onClose={() => setCreating(false)}
            onCreated={(inc) => {
              setCreating(false);
              toast.success(`Incident #${inc.id} created.`);
              reload();
              navigate(`/incidents/${inc.id}`);
            }}
          />
        )}
        {incidentId && <IncidentReportModal incidentId={incidentId} onClose={closeDetail} onChanged={reload} />}
      </div>
    </MemberNamesProvider>
  );
}
