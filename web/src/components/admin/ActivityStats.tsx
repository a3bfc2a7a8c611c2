// Daily activity over 7 or 30 days, then who and what drove it (top cameras, tools,
// viewers, keys). Each block loads and fails on its own.

import { useMemo, useState } from "react";
import type { ReactNode } from "react";
import { useAsync } from "../../hooks/useAsync";
import type { AsyncState } from "../../hooks/useAsync";
import * as api from "../../services/api";
import { getMotionTimestamps, getViewerUsage } from "../../services/adminApi";
import LoadingSpinner from "../LoadingSpinner";
import DailyChart from "./Chart";
import type { ChartSeries } from "./Chart";
import TopList from "./TopList";
import { countByDay, dayRange, fillDays } from "./series";
import { useCameraNames } from "./useAdminData";

const WINDOWS = [7, 30] as const;
// The motion listing keeps at most 168 hours, so its chart never spans more than a week.
const MOTION_DAYS = 7;
const COLORS = { streams: "#38bdf8", viewer: "#22c55e", mcp: "#a78bfa", motion: "#f59e0b" };

/** Loading, error or the content: the same three states for every block. */
function Block<T>({ state, children }: { state: AsyncState<T>; children: (data: T) => ReactNode }) {
  if (state.data !== undefined) return <>{children(state.data)}</>;
  if (state.error) return <p className="error-text small" role="alert">{state.error.message}</p>;
  return <LoadingSpinner />;
}

/** A log tab filtered to one camera, tool or key. */
function logLink(tab: string, filter: string, value: string): string {
  return `/admin/${tab}?${new URLSearchParams({ [filter]: value })}`;
}

function series(label: string, values: number[], color: string): ChartSeries[] {
  return [{ label, values, color }];
}

function Charts({ days }: { days: number }) {
  const range = useMemo(() => dayRange(days), [days]);
  const motionRange = useMemo(() => dayRange(Math.min(days, MOTION_DAYS)), [days]);
  const streams = useAsync(() => api.getStreamLogStats(days), [days]);
  const mcp = useAsync(() => api.getMcpLogStats(days), [days]);
  const usage = useAsync(() => getViewerUsage(days), [days]);
  const motion = useAsync(() => getMotionTimestamps(Math.min(days, MOTION_DAYS) * 24), [days]);

  const streamSeries = useMemo(() => streams.data && series("Stream views", fillDays(range, streams.data.by_day, (d) => d.count), COLORS.streams), [streams.data, range]);
  const mcpSeries = useMemo(() => mcp.data && series("MCP calls", fillDays(range, mcp.data.by_day, (d) => d.count), COLORS.mcp), [mcp.data, range]);
  const usageSeries = useMemo(() => usage.data && series("Viewer-hours", fillDays(range, usage.data.by_day, (d) => Math.round(d.hours * 100) / 100), COLORS.viewer), [usage.data, range]);
  const motionSeries = useMemo(() => motion.data && series("Motion events", countByDay(motionRange, motion.data.times), COLORS.motion), [motion.data, motionRange]);

  return (
    <div className="admin-charts">
      {/* Viewer-hours come from a newer endpoint; without it the chart is simply left out. */}
      {usageSeries && <DailyChart title="Viewer-hours per day" days={range} series={usageSeries} integer={false} testId="chart-viewer-hours" />}
      <Block state={streams}>{() => streamSeries && <DailyChart title="Stream views per day" days={range} series={streamSeries} testId="chart-stream-views" />}</Block>
      <Block state={mcp}>{() => mcpSeries && <DailyChart title="MCP calls per day" days={range} series={mcpSeries} testId="chart-mcp-calls" />}</Block>
      <Block state={motion}>
        {(data) => motionSeries && (
          <DailyChart
            title="Motion events per day"
            days={motionRange}
            series={motionSeries}
            testId="chart-motion"
            note={[days > MOTION_DAYS ? "Motion history reaches back 7 days." : "", data.truncated ? "Busiest days are cut at 2000 events." : ""].filter(Boolean).join(" ") || undefined}
          />
        )}
      </Block>
    </div>
  );
}

function TopLists({ days }: { days: number }) {
  const cameras = useCameraNames();
  const streams = useAsync(() => api.getStreamLogStats(days), [days]);
  const mcp = useAsync(() => api.getMcpLogStats(days), [days]);
  const motion = useAsync(() => api.getMotionStats(Math.min(days, MOTION_DAYS) * 24), [days]);
  return (
    <div className="admin-top-grid">
      <Block state={streams}>
        {(data) => (
          <>
            <TopList title="Most viewed cameras" testId="top-cameras" items={data.by_camera.map((c) => ({ key: c.camera_id, label: cameras.name(c.camera_id), title: c.camera_id, count: c.count, to: logLink("stream-logs", "camera_id", c.camera_id) }))} />
            <TopList title="Most active viewers" items={data.by_user.map((u) => ({ key: u.user_id, label: u.user_email || u.user_id, count: u.count, to: logLink("stream-logs", "user_id", u.user_email || u.user_id) }))} />
          </>
        )}
      </Block>
      <Block state={mcp}>
        {(data) => (
          <>
            <TopList title="Most used tools" testId="top-tools" items={data.by_tool.map((t) => ({ key: t.tool_name, label: <code>{t.tool_name}</code>, count: t.count, to: logLink("mcp", "tool_name", t.tool_name) }))} />
            <TopList title="Busiest MCP keys" items={data.by_key.map((k) => ({ key: k.key_name, label: k.key_name, count: k.count, to: logLink("mcp", "key_name", k.key_name) }))} />
          </>
        )}
      </Block>
      <Block state={motion}>
        {(data) => (
          <TopList
            title={`Most motion (${Math.min(days, MOTION_DAYS)} days)`}
            items={[...data.cameras].sort((a, b) => b.event_count - a.event_count).slice(0, 10).map((c) => ({ key: c.camera_id, label: cameras.name(c.camera_id), title: c.camera_id, count: c.event_count }))}
          />
        )}
      </Block>
    </div>
  );
}

function ServerHealth() {
  const health = useAsync(api.getHealthDetailed, [], { intervalMs: 30_000 });
  return (
    <section className="panel admin-panel" aria-labelledby="health-heading">
      <h2 id="health-heading">Server health {health.data && <span className={`pill ${health.data.status === "healthy" ? "pill-admin" : "sev-high"}`}>{health.data.status}</span>}</h2>
      <Block state={health}>
        {(data) => (
          <ul className="admin-health small">
            {Object.entries(data.checks ?? {}).map(([name, check]) => <li key={name}><span>{name.replace(/_/g, " ")}</span><span className="muted">{check.status}</span></li>)}
            <li><span>version</span><span className="muted">{data.version}</span></li>
          </ul>
        )}
      </Block>
    </section>
  );
}

export default function ActivityStats() {
  const [days, setDays] = useState<number>(7);
  return (
    <div className="page">
      <section className="panel admin-panel" aria-labelledby="activity-heading">
        <div className="admin-head">
          <h2 id="activity-heading">Daily activity</h2>
          <label className="inline-field">
            <span>Window</span>
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {WINDOWS.map((d) => <option key={d} value={d}>Last {d} days</option>)}
            </select>
          </label>
        </div>
        <Charts days={days} />
      </section>
      <section className="panel admin-panel" aria-labelledby="top-heading">
        <h2 id="top-heading">Top cameras and tools <span className="muted small">(last {days} days)</span></h2>
        <TopLists days={days} />
      </section>
      <ServerHealth />
    </div>
  );
}
