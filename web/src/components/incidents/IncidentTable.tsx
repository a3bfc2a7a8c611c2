import { useNavigate } from "react-router";
import type { Identity } from "../../auth/claims";
import type { Incident } from "../../services/incidentsApi";
import { authorName } from "../../services/incidentsApi";
import { formatDateTime, formatRelative } from "../../util/format";
import SourceBadge from "./SourceBadge";
import { useMemberNames } from "./memberNames";

export interface IncidentTableProps {
  incidents: Incident[];
  cameraName: (id: string) => string;
  me: Identity | null;
}

/** The incident list; each row carries a stripe in its severity's colour. */
export default function IncidentTable({ incidents, cameraName, me }: IncidentTableProps) {
  const navigate = useNavigate();
  const members = useMemberNames();
  const open = (id: number) => navigate(`/incidents/${id}`);
  return (
    <div className="table-wrap">
      <table className="inc-table">
        <thead>
          <tr><th scope="col">#</th><th scope="col">Incident</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Source</th><th scope="col">Camera</th><th scope="col">Evidence</th><th scope="col">Opened</th></tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id} className={`clickable inc-row sev-stripe-${i.severity}`} data-testid={`incident-row-${i.id}`} onClick={() => open(i.id)}>
              <td>{i.id}</td>
              <td className="inc-title-cell">
                <a href={`/incidents/${i.id}`} onClick={(e) => { e.preventDefault(); e.stopPropagation(); open(i.id); }}>{i.title}</a>
                <div className="muted small inc-summary-line">{i.summary}</div>
              </td>
              <td><span className={`pill sev-${i.severity}`}>{i.severity}</span></td>
              <td>{i.status}</td>
              <td><SourceBadge createdBy={i.created_by} /><div className="muted small">{authorName(i.created_by, me, members)}</div></td>
              <td>{i.camera_id ? cameraName(i.camera_id) : "—"}</td>
              <td>{i.evidence_count}</td>
              <td><time dateTime={i.created_at ?? undefined} title={formatDateTime(i.created_at)}>{formatRelative(i.created_at)}</time></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
