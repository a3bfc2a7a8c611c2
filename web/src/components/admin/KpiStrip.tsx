// The figures an admin checks first, each with its last week as a sparkline. Every tile
// loads on its own: one failing endpoint shows "—" in its tiles, never an empty page.

import { useEffect, useState } from "react";
import type { ReactNode } from "react";
import { Activity, AlertTriangle, Bot, Clock, Eye, Users } from "lucide-react";
import { useAsync } from "../../hooks/useAsync";
import * as api from "../../services/api";
import { errorStatus } from "../../services/api";
import { getViewerUsage } from "../../services/adminApi";
import Sparkline from "./Sparkline";
import { dayRange, fillDays, plural } from "./series";

const WEEK = 7;

export interface KpiProps {
  id: string;
  icon: ReactNode;
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  trend?: number[];
  trendLabel?: string;
}

export function Kpi({ id, icon, label, value, detail, trend, trendLabel }: KpiProps) {
  return (
    <li className="kpi" data-testid={`kpi-${id}`}>
      <span className="kpi-label">{icon}{label}</span>
      <strong className="kpi-value">{value}</strong>
      {detail && <span className="kpi-detail">{detail}</span>}
      {trend && <Sparkline values={trend} label={trendLabel ?? `${label}, last ${trend.length} days`} />}
    </li>
  );
}

const DASH = "—";
const hours = (h: number) => `${h.toFixed(h >= 10 ? 1 : 2)} h`;

export default function KpiStrip() {
  const [usagePolling, setUsagePolling] = useState(true);
  const usage = useAsync(() => getViewerUsage(WEEK), [], { intervalMs: usagePolling ? 60_000 : 0 });
  // A server without the usage endpoint answers 404: asking again every minute cannot help.
  const usageMissing = errorStatus(usage.error) === 404;
  useEffect(() => {
    if (usageMissing) setUsagePolling(false);
  }, [usageMissing]);
  const plan = useAsync(api.getPlan, []);
  const streams = useAsync(() => api.getStreamLogStats(WEEK), []);
  const mcp = useAsync(() => api.getMcpLogStats(WEEK), []);
  const incidents = useAsync(api.getIncidentCounts, []);

  const week = dayRange(WEEK);
  const viewerTrend = usage.data ? fillDays(week, usage.data.by_day, (d) => d.hours) : undefined;
  const streamTrend = streams.data ? fillDays(week, streams.data.by_day, (d) => d.count) : undefined;
  const mcpTrend = mcp.data ? fillDays(week, mcp.data.by_day, (d) => d.count) : undefined;
  // Before the usage endpoint exists the plan still knows this month's total.
  const month = usage.data ? { used: usage.data.month_hours, limit: usage.data.month_limit_hours } : plan.data ? { used: plan.data.usage.viewer_hours_used, limit: plan.data.usage.viewer_hours_limit } : null;

  return (
    <ul className="kpi-strip" aria-label="Key figures">
      <Kpi id="viewer-hours-today" icon={<Clock size={16} aria-hidden="true" />} label="Viewer-hours today" value={usage.data ? hours(usage.data.today_hours) : DASH} detail={usage.error ? "Not available" : undefined} trend={viewerTrend} trendLabel="Viewer-hours per day, last 7 days" />
      <Kpi id="viewer-hours-month" icon={<Clock size={16} aria-hidden="true" />} label="Viewer-hours this month" value={month ? hours(month.used) : DASH} detail={month ? (month.limit ? `of ${month.limit} h on your plan` : "No monthly cap") : undefined} />
      <Kpi id="active-viewers" icon={<Users size={16} aria-hidden="true" />} label="Active viewers" value={usage.data ? usage.data.active_viewers : DASH} detail={usage.data ? "watching in the last 5 minutes" : usage.error ? "Not available" : undefined} />
      <Kpi id="stream-views" icon={<Eye size={16} aria-hidden="true" />} label="Stream views today" value={streamTrend ? streamTrend[WEEK - 1] : DASH} detail={streams.data ? `${streams.data.total_accesses} in 7 days` : streams.error ? "Not available" : undefined} trend={streamTrend} trendLabel="Stream views per day, last 7 days" />
      <Kpi id="mcp-calls" icon={<Bot size={16} aria-hidden="true" />} label="MCP calls today" value={mcpTrend ? mcpTrend[WEEK - 1] : DASH} detail={mcp.data ? `${mcp.data.total_calls} in 7 days, ${plural(mcp.data.total_errors, "error")}` : mcp.error ? "Not available" : undefined} trend={mcpTrend} trendLabel="MCP calls per day, last 7 days" />
      <Kpi
        id="incidents"
        icon={incidents.data?.open_critical ? <AlertTriangle size={16} aria-hidden="true" /> : <Activity size={16} aria-hidden="true" />}
        label="Open incidents"
        value={incidents.data ? incidents.data.open : DASH}
        detail={incidents.data ? (incidents.data.open ? `${incidents.data.open_critical} critical, ${incidents.data.open_high} high` : `None open, ${incidents.data.total} in all`) : incidents.error ? "Not available" : undefined}
      />
    </ul>
  );
}
