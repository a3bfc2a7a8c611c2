// Inline-SVG diagrams for /docs. Plain shapes and text so they stay sharp, themeable and
// readable by screen readers (each has a <title>).

import type { SVGProps } from "react";

const box: SVGProps<SVGRectElement> = { fill: "#151d28", stroke: "#38bdf8", strokeWidth: 1.5, rx: 8 };
const label: SVGProps<SVGTextElement> = { fill: "#e6edf3", fontSize: 13, textAnchor: "middle", fontFamily: "system-ui, sans-serif" };
const small: SVGProps<SVGTextElement> = { ...label, fill: "#8b9bb0", fontSize: 11 };
const arrow: SVGProps<SVGPathElement> = { stroke: "#22c55e", strokeWidth: 2, markerEnd: "url(#arrow)", fill: "none" };

function Defs() {
  return (
    <defs>
      <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path d="M0 0 L10 5 L0 10 z" fill="#22c55e" />
      </marker>
    </defs>
  );
}

function Box({ x, y, w = 150, h = 54, title, sub }: { x: number; y: number; w?: number; h?: number; title: string; sub?: string }) {
  return (
    <g>
      <rect x={x} y={y} width={w} height={h} {...box} />
      <text x={x + w / 2} y={y + (sub ? 23 : 32)} {...label}>{title}</text>
      {sub && <text x={x + w / 2} y={y + 41} {...small}>{sub}</text>}
    </g>
  );
}

export function SystemArchitectureDiagram() {
  return (
    <svg className="diagram" viewBox="0 0 720 260" role="img" aria-labelledby="d-arch">
      <title id="d-arch">System architecture: browsers, CloudNodes and MCP clients talk to the Command Center</title>
      <Defs />
      <Box x={20} y={30} title="Browser" sub="session JWT" />
      <Box x={20} y={110} title="CloudNode" sub="X-Node-API-Key" />
      <Box x={20} y={190} title="MCP client" sub="Bearer osc_…" />
      <Box x={285} y={90} w={170} h={90} title="Command Center" sub="REST · SSE · MCP · WS" />
      <Box x={550} y={50} title="SQLite" sub="metadata, logs" />
      <Box x={550} y={150} title="Segment cache" sub="RAM, ~60 s/camera" />
      <path d="M170 57 L285 115" {...arrow} />
      <path d="M170 137 L285 135" {...arrow} />
      <path d="M170 217 L285 160" {...arrow} />
      <path d="M455 120 L550 80" {...arrow} />
      <path d="M455 150 L550 175" {...arrow} />
    </svg>
  );
}

export function HlsPipelineDiagram() {
  const steps = [["FFmpeg", "1 s .ts segments"], ["push-segment", "POST, node key"], ["Memory cache", "per camera"], ["stream.m3u8", "rewritten playlist"], ["hls.js", "bearer on every XHR"]];
  return (
    <svg className="diagram" viewBox="0 0 760 120" role="img" aria-labelledby="d-hls">
      <title id="d-hls">HLS pipeline from the node's FFmpeg to the browser's player</title>
      <Defs />
      {steps.map(([t, s], i) => <Box key={t} x={10 + i * 150} y={30} w={125} title={t} sub={s} />)}
      {steps.slice(1).map((_, i) => <path key={i} d={`M${135 + i * 150} 57 L${160 + i * 150} 57`} {...arrow} />)}
    </svg>
  );
}

export function MotionFsmDiagram() {
  return (
    <svg className="diagram" viewBox="0 0 720 150" role="img" aria-labelledby="d-motion">
      <title id="d-motion">Motion alert flow: first event e-mails, later events in the cooldown roll into a digest</title>
      <Defs />
      <Box x={20} y={45} title="Motion event" sub="score 0–100" />
      <Box x={200} y={45} title="Inbox + toast" sub="SSE to dashboards" />
      <Box x={380} y={45} title="Cooldown open?" sub="per camera" />
      <Box x={560} y={10} w={140} title="E-mail now" sub="starts cooldown" />
      <Box x={560} y={85} w={140} title="Digest later" sub="n more events" />
      <path d="M170 72 L200 72" {...arrow} />
      <path d="M350 72 L380 72" {...arrow} />
      <path d="M530 62 L560 40" {...arrow} />
      <path d="M530 82 L560 110" {...arrow} />
    </svg>
  );
}

export function IncidentLifecycleDiagram() {
  const states = ["open", "acknowledged", "resolved", "dismissed"];
  return (
    <svg className="diagram" viewBox="0 0 720 110" role="img" aria-labelledby="d-incident">
      <title id="d-incident">Incident lifecycle: open, acknowledged, then resolved or dismissed</title>
      <Defs />
      {states.map((s, i) => <Box key={s} x={20 + i * 175} y={28} w={140} title={s} />)}
      {[0, 1, 2].map((i) => <path key={i} d={`M${160 + i * 175} 55 L${195 + i * 175} 55`} {...arrow} />)}
    </svg>
  );
}

export function McpWorkflowDiagram() {
  return (
    <svg className="diagram" viewBox="0 0 720 130" role="img" aria-labelledby="d-mcp">
      <title id="d-mcp">MCP workflow: an agent lists cameras, views a frame, opens an incident and attaches evidence</title>
      <Defs />
      {[["list_cameras", "read"], ["view_camera", "read"], ["create_incident", "write"], ["attach_snapshot", "write"], ["finalize_incident", "write"]].map(([t, s], i) => (
        <Box key={t} x={10 + i * 142} y={35} w={125} title={t} sub={s} />
      ))}
      {[0, 1, 2, 3].map((i) => <path key={i} d={`M${135 + i * 142} 62 L${152 + i * 142} 62`} {...arrow} />)}
    </svg>
  );
}

export function SecurityRingsDiagram() {
  return (
    <svg className="diagram" viewBox="0 0 720 240" role="img" aria-labelledby="d-sec">
      <title id="d-sec">Security model rings: organisation isolation around roles around scoped keys</title>
      {([[110, "#075985", "Organisation isolation"], [75, "#166534", "Admin / member roles"], [40, "#92400e", "Scoped, hashed keys"]] as const).map(([r, c, t], i) => (
        <g key={t}>
          <circle cx={360} cy={120} r={r} fill="none" stroke={c} strokeWidth={3} />
          <text x={360} y={120 - r + 18 + (i === 2 ? 12 : 0)} {...label}>{t}</text>
        </g>
      ))}
    </svg>
  );
}
