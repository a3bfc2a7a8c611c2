import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { useNotifications } from "../hooks/useNotifications";
import type { InboxItem } from "../hooks/useNotifications";
import { useToasts } from "../hooks/useToasts";
import { formatRelative } from "../util/format";
import { Bell, Circle, Info, OctagonExclamationPoint, TriangleExclamationPoint } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import LoadingSpinner from "./LoadingSpinner";

// SVG icons rather than emoji: "⛔" and "⚠" render as empty boxes without an emoji font.
const SEVERITY_ICON: Record<string, LucideIcon> = {
  critical: OctagonExclamationPoint,
  error: TriangleExclamationPoint,
  warning: TriangleExclamationPoint,
  info: Info,
};

function SeverityIcon({ severity }: { severity: string }) {
  const Icon = SEVERITY_ICON[severity] ?? Circle;
  return <Icon size={16} aria-hidden="true" data-severity-icon={severity} />;
}

export function NotificationList({ items, onNavigate }: { items: InboxItem[]; onNavigate?: () => void }) {
  if (!items.length) return <p className="muted inbox-empty">You're all caught up.</p>;
  return (
    <ul className="inbox-list">
      {items.map((n) => (
        <li key={n.id} className={`inbox-item sev-${n.severity}${n.unread ? " unread" : ""}`}>
          <span className="inbox-icon" aria-hidden="true"><SeverityIcon severity={n.severity} /></span>
          <div className="inbox-text">
            {n.link ? (
              <Link to={n.link} onClick={onNavigate} className="inbox-title">{n.title}</Link>
            ) : (
              <span className="inbox-title">{n.title}</span>
            )}
            {n.body && <p className="inbox-body">{n.body}</p>}
            <time className="muted small" dateTime={n.created_at}>{formatRelative(n.created_at)}</time>
          </div>
        </li>
      ))}
    </ul>
  );
}

export default function NotificationBell({ isAdmin }: { isAdmin?: boolean }) {
  const toast = useToasts();
  const [open, setOpen] = useState(false);
  const wrapper = useRef<HTMLDivElement>(null);
  const bell = useNotifications({
    onEvent: (n) => {
      if (n.kind !== "motion" && (n.severity === "warning" || n.severity === "critical" || n.severity === "error")) {
        toast.warning(n.body || n.title, { title: n.title });
      }
    },
  });

  const { load, markViewed } = bell;
  useEffect(() => {
    if (!open) return undefined;
    load();
    markViewed();
    const onDoc = (e: MouseEvent) => {
      if (wrapper.current && e.target instanceof Node && !wrapper.current.contains(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onDoc);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDoc);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, load, markViewed]);

  const badge = bell.capped || bell.unread > 99 ? "99+" : String(bell.unread);
  return (
    <div className="bell" ref={wrapper}>
      <button
        type="button"
        className="icon-button bell-button"
        aria-label={bell.unread ? `Notifications, ${badge} unread` : "Notifications"}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
      >
        <Bell size={18} aria-hidden="true" />
        {bell.unread > 0 && <span className="badge" data-testid="unread-badge">{badge}</span>}
      </button>
      {open && (
        <div className="inbox" role="dialog" aria-label="Notification inbox">
          <header className="inbox-header">
            <strong>Notifications</strong>
            <span className={`live-dot live-${bell.live}`} title={`Live updates: ${bell.live}`} />
            <button type="button" className="link-button" onClick={() => bell.clearAll().catch((e) => toast.error(e))}>Clear all</button>
          </header>
          {bell.error && <p className="error-text small">{bell.error}</p>}
          {bell.loading && !bell.items.length ? <LoadingSpinner /> : <NotificationList items={bell.items} onNavigate={() => setOpen(false)} />}
          {isAdmin && <footer className="inbox-footer"><Link to="/settings#settings-notifications" onClick={() => setOpen(false)}>Notification settings</Link></footer>}
        </div>
      )}
    </div>
  );
}
