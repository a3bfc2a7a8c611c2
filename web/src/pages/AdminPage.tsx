// Admin: key figures on top, then one section per tab (/admin/:tab): stream views, MCP
// calls, the audit trail and daily activity charts.

import { Link, useParams } from "react-router";
import { BarChart3, Bot, Eye, ScrollText } from "lucide-react";
import type { ReactNode } from "react";
import KpiStrip from "../components/admin/KpiStrip";
import StreamLogs from "../components/admin/StreamLogs";
import McpLogs from "../components/admin/McpLogs";
import AuditTrail from "../components/admin/AuditTrail";
import ActivityStats from "../components/admin/ActivityStats";
import "../styles/admin.css";

const TABS: { id: string; label: string; icon: ReactNode; view: () => ReactNode }[] = [
  { id: "stream-logs", label: "Stream logs", icon: <Eye size={16} aria-hidden="true" />, view: () => <StreamLogs /> },
  { id: "mcp", label: "MCP activity", icon: <Bot size={16} aria-hidden="true" />, view: () => <McpLogs /> },
  { id: "audit-log", label: "Audit trail", icon: <ScrollText size={16} aria-hidden="true" />, view: () => <AuditTrail /> },
  { id: "stats", label: "Stats", icon: <BarChart3 size={16} aria-hidden="true" />, view: () => <ActivityStats /> },
];

export default function AdminPage() {
  const { tab = TABS[0].id } = useParams();
  const current = TABS.find((t) => t.id === tab);
  return (
    <div className="page admin-page">
      <div className="page-header"><h1>Admin</h1></div>
      <KpiStrip />
      <nav className="tabs admin-tabs" aria-label="Admin sections">
        {TABS.map(({ id, label, icon }) => (
          // `/admin` alone shows the first tab, so that link is marked current there too.
          <Link key={id} to={`/admin/${id}`} className={id === current?.id ? "tab active" : "tab"} aria-current={id === current?.id ? "page" : undefined}>
            {icon} {label}
          </Link>
        ))}
      </nav>
      {current ? current.view() : <p className="muted" role="alert">No admin section called “{tab}”. Pick one above.</p>}
    </div>
  );
}
