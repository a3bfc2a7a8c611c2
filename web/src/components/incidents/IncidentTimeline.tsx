import { CircleCheck, FilePlus, MessageSquare, Pencil } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import type { TimelineEntry, TimelineKind } from "../../services/incidentsApi";

const ICONS: Record<TimelineKind, LucideIcon> = { created: FilePlus, evidence: MessageSquare, updated: Pencil, resolved: CircleCheck };

/** The incident's history, oldest first. */
export default function IncidentTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (!entries.length) return <p className="muted">No history recorded.</p>;
  return (
    <ol className="inc-timeline" aria-label="Timeline">
      {entries.map((entry) => {
        const Icon = ICONS[entry.kind];
        return (
          <li key={entry.key} className={`inc-timeline-item inc-timeline-${entry.kind}`}>
            <Icon size={14} aria-hidden="true" />
            <span>{entry.text}</span>
            <time className="muted small" dateTime={entry.at.toISOString()}>{entry.at.toLocaleString()}</time>
          </li>
        );
      })}
    </ol>
  );
}
