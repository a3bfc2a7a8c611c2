// One entry per section on /docs. Each section is its own component so the page stays a
// thin shell and a section can be linked to (#id).
import {
  HlsPipelineDiagram,
  IncidentLifecycleDiagram,
  McpWorkflowDiagram,
  MotionFsmDiagram,
  SecurityRingsDiagram,
  SystemArchitectureDiagram,
} from "../../components/DocsDiagrams";
import CodeBlock from "./CodeBlock";

const origin = typeof window !== "undefined" ? window.location.origin : "https://your-command-center";

function Overview() {
  return (
    <>
      <p>Sentinel Command Center is the cloud dashboard for cameras attached to CloudNodes. Nodes push live video; the Command Center keeps it in memory and serves it to your team, raises motion alerts, records an audit trail and lets AI agents investigate.</p>
      <SystemArchitectureDiagram />
    </>
  );
}

function CloudNodeSetup() {
  return (
    <>
      <ol>
        <li>In <strong>Settings → CloudNodes</strong> (or the dashboard's <em>Add node</em>), create a node. Copy the node id and the API key: the key is shown once.</li>
        <li>On Linux or macOS run the install command the dialog shows: <CodeBlock label="Install command for Linux and macOS">{`curl -fsSL ${origin}/install.sh | bash -s -- <node_id> <api_key> ${origin}`}</CodeBlock></li>
        <li>On Windows install the MSI from <code>/downloads/windows/x86_64</code> and enter the same three values in the setup wizard.</li>
        <li>The dashboard shows "Waiting for the first heartbeat" until the node checks in (30–60 s), then the cameras appear.</li>
      </ol>
      <p>Lost the key? Rotate it in Settings; the old key stops working immediately.</p>
    </>
  );
}

function LiveVideo() {
  return (
    <>
      <p>Each camera's FFmpeg writes one-second segments that the node uploads. The browser plays <code>/api/cameras/&lt;id&gt;/master.m3u8</code> with hls.js, which sends your session token on every request.</p>
      <HlsPipelineDiagram />
      <p>Viewing time is metered per organisation per month (viewer hours). When the cap is reached the player says so and resumes on the 1st; cameras beyond your plan's camera limit show as suspended.</p>
    </>
  );
}

function Motion() {
  return (
    <>
      <p>Nodes detect scene changes and report a score from 0 to 100. Each event lands in the inbox and as a toast on open dashboards. E-mail (if enabled) is sent for the first event, and further events during the cooldown are summarised in a digest.</p>
      <MotionFsmDiagram />
    </>
  );
}

function Recording() {
  return (
    <p>Recording happens on the node. Per camera choose <em>Off</em>, <em>Continuous 24/7</em> or a <em>Scheduled</em> window (HH:MM to HH:MM in the organisation's timezone, wrapping midnight when the end is earlier than the start). Nodes pick up changes on their next heartbeat.</p>
  );
}

function Incidents() {
  return (
    <>
      <p>Incidents are filed by Sentinel AI, by MCP agents or by hand. Evidence is attached inline: snapshots, short clips (played in the dashboard) and text observations. The report is markdown.</p>
      <IncidentLifecycleDiagram />
    </>
  );
}

function Mcp() {
  return (
    <>
      <p>Create a key on the MCP page. Choose all tools, read-only, or a custom selection. Then run the setup helper to configure Claude Code, Claude Desktop, Cursor or Windsurf:</p>
      <CodeBlock label="MCP setup command for Linux and macOS">{`curl -fsSL ${origin}/mcp-setup.sh | bash -s -- '<osc_key>' '${origin}'`}</CodeBlock>
      <p>On Windows:</p>
      <CodeBlock label="MCP setup command for Windows PowerShell">{`& ([scriptblock]::Create((irm ${origin}/mcp-setup.ps1))) '<osc_key>' '${origin}'`}</CodeBlock>
      <McpWorkflowDiagram />
    </>
  );
}

function SentinelAi() {
  return <p>Sentinel AI (Pro and Pro Plus) investigates motion and new incidents on its own, within the schedule, camera scope and per-camera cooldown you set. Every run is listed with its tool trace; <em>Run now</em> starts one by hand. Runs count against a monthly cap (100 on Pro, 500 on Pro Plus).</p>;
}

function HomeAssistant() {
  return <p>Create an integration key on the Integrations page and enter it with this server's URL in the Sentinel Home Assistant integration. It discovers cameras, fetches snapshots, toggles recording and exposes motion as binary sensors.</p>;
}

function RateLimits() {
  return (
    <>
      <p>Limits are per organisation (or per node for node calls). A 429 response carries <code>Retry-After</code> and a JSON body <code>{`{"error": "rate_limit_exceeded", "message": …, "retry_after_seconds": 60}`}</code>.</p>
      <ul>
        <li>Node register / validate: 10/min; heartbeat: 60/min; segment push: 1200/min; playlist: 600/min; motion: 120/min.</li>
        <li>Audit log: 120/min; stream-log stats: 60/min; node key rotation: 5/min.</li>
      </ul>
      <p>The full API is documented at <a href="/api-docs/">/api-docs</a> and <a href="/api-redoc">/api-redoc</a>.</p>
    </>
  );
}

function SecurityModel() {
  return (
    <>
      <p>Three rings protect your data: organisation isolation on every query, admin and member roles inside an organisation, and hashed, scoped, revocable keys for machines and agents.</p>
      <SecurityRingsDiagram />
    </>
  );
}

function Troubleshooting() {
  return (
    <ul>
      <li><strong>"Waiting for the camera to start streaming"</strong>: the node is connected but has not pushed a playlist in the last 30 s. Check the node's logs and FFmpeg.</li>
      <li><strong>Node stays offline</strong>: check the node can reach <code>{origin}/api/health</code>; an "Invalid API key" error on the node row means the key was rotated.</li>
      <li><strong>Viewer-hour cap reached</strong>: playback resumes on the 1st or after an upgrade.</li>
    </ul>
  );
}

export const SECTIONS = [
  { id: "overview", title: "Overview", Component: Overview },
  { id: "cloudnode-setup", title: "Install a CloudNode", Component: CloudNodeSetup },
  { id: "live-video", title: "Live video", Component: LiveVideo },
  { id: "motion", title: "Motion alerts", Component: Motion },
  { id: "recording", title: "Recording", Component: Recording },
  { id: "incidents", title: "Incidents", Component: Incidents },
  { id: "mcp", title: "MCP for AI agents", Component: Mcp },
  { id: "sentinel-ai", title: "Sentinel AI", Component: SentinelAi },
  { id: "home-assistant", title: "Home Assistant", Component: HomeAssistant },
  { id: "api-rate-limits", title: "API and rate limits", Component: RateLimits },
  { id: "security-model", title: "Security model", Component: SecurityModel },
  { id: "troubleshooting", title: "Troubleshooting", Component: Troubleshooting },
];
