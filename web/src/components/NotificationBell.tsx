import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { useNotifications } from "../hooks/useNotifications";
import type { InboxItem } from "../hooks/useNotifications";
import { useToasts } from "../hooks/useToasts";
import { formatRelative } from "../util/format";
import LoadingSpinner from "./LoadingSpinner";

const SEVERITY_ICON: Record<string, string> = { critical: "⛔", error: "⚠", warning: "⚠", info: "•" };

export function NotificationList({ items, onNavigate }: { items: InboxItem[]; onNavigate?: () => void }) {
  if (!items.length) return <p className="muted inbox-empty">You're all caught up.</p>;
  return (
    <ul className="inbox-list">
      {items.map((n) => (
        <li key={n.id} className={`inbox-item sev-${n.severity}${n.unread ? " unread" : ""}`}>
          <span className="inbox-icon" aria-hidden="true">{SEVERITY_ICON[n.severity] || "•"}</span>
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
        <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
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
