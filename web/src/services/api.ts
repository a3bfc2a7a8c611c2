// Client for every REST endpoint the dashboard calls: one function per endpoint, each an
// openapi-fetch call typed by the types generated from the server's OpenAPI document
// (src/api/schema.d.ts, `just web-client`), so a changed path, parameter, body or response
// shape fails `tsc`. Middleware adds the shared bearer token and turns any failure into an
// ApiError carrying a readable message (see errors.ts).

import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "../api/schema";
import type { CreateShareLinkRequest } from "../api/shareLinks";
import { getToken } from "../auth/token";
import { ApiError, parseErrorBody } from "./errors";

export { ApiError, parseErrorBody, errorMessage, errorStatus } from "./errors";

/** Every schema the server declares, by name: `Schemas["CameraItem"]`. */
export type Schemas = components["schemas"];

export const API_BASE = (import.meta.env?.VITE_API_URL || "").replace(/\/$/, "");

/** Global signals other parts of the UI react to (UpgradeModal on 402, sign-out on 401). */
export const apiEvents = new EventTarget();

type Method = "get" | "put" | "post" | "patch" | "delete";
/** The query parameters an operation declares. */
export type QueryOf<P extends keyof paths, M extends Method> = paths[P][M] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;
/** The JSON body an operation accepts. */
export type BodyOf<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

// Empty filters ("" from an untouched input) are left out, as the server reads a present
// but empty value as a filter.
function serializeQuery(query: Record<string, unknown> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  return params.toString();
}

async function readBody(response: Response): Promise<unknown> {
  const type = response.headers.get("content-type") || "";
  const text = await response.text();
  if (!text) return null;
  if (type.includes("json")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

async function apiErrorFrom(response: Response, authenticated: boolean, announcePayment = true): Promise<ApiError> {
  const parsed = await readBody(response).catch(() => null);
  const { message, code, extras } = parseErrorBody(response.status, parsed, response.statusText);
  const retryAfterBody = typeof extras.retry_after_seconds === "number" ? extras.retry_after_seconds : null;
  const retryAfter = Number(response.headers.get("retry-after")) || retryAfterBody || null;
  const error = new ApiError({ status: response.status, message, code, extras, body: parsed, retryAfter });
  if (response.status === 402 && announcePayment) apiEvents.dispatchEvent(new CustomEvent("payment-required", { detail: error }));
  if (response.status === 401 && authenticated) apiEvents.dispatchEvent(new CustomEvent("unauthorized", { detail: error }));
  return error;
}

function isAbort(error: unknown): boolean {
  return typeof error === "object" && error !== null && "name" in error && error.name === "AbortError";
}

const bearer: Middleware = {
  async onRequest({ request }) {
    const token = await getToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
};

function failures(authenticated: boolean, announcePayment: boolean): Middleware {
  return {
    async onResponse({ response }) {
      if (!response.ok) throw await apiErrorFrom(response, authenticated, announcePayment);
      return undefined;
    },
    onError({ error }) {
      if (isAbort(error)) return undefined; // rethrown as is
      return new ApiError({ status: 0, message: "Could not reach the server. Check your connection and try again." });
    },
  };
}

/** `announcePayment: false` for callers that explain a 402 themselves (no UpgradeModal). */
function makeClient(authenticated: boolean, { announcePayment = true } = {}) {
  const client = createClient<paths, "application/json">({
    // openapi-fetch builds a Request, which needs an absolute URL outside a browser page.
    baseUrl: API_BASE || (typeof window !== "undefined" ? window.location.origin : ""),
    headers: { Accept: "application/json" },
    querySerializer: serializeQuery,
    // Looked up per call, so a test's stubbed fetch is the one used.
    fetch: (request) => globalThis.fetch(request),
  });
  if (authenticated) client.use(bearer);
  client.use(failures(authenticated, announcePayment));
  return client;
}

/** Calls that carry the session token. */
export const client = makeClient(true);
/** Calls made before sign-in (local session, health). */
const publicClient = makeClient(false);
// Share links (rest-api §14): the share dialog and the Settings section explain a 402
// (plan_required) in place, so these two clients open no UpgradeModal.
const shareClient = makeClient(true, { announcePayment: false });
/** The public share page: no bearer token, and a 401 there signs nobody out. */
const sharePublicClient = makeClient(false, { announcePayment: false });

// openapi-fetch answers `{data, response}` for a 2xx and `{error, response}` otherwise.
type Answer = { data?: unknown; error?: unknown; response: Response };
type Success<A> = Extract<A, { error?: never }>;
type DataOf<A> = Success<A> extends { data: infer D } ? D : never;

function succeeded<A extends Answer>(answer: A): answer is Success<A> {
  return answer.response.ok;
}

/** The answer's data; failures were already thrown as ApiError by the middleware. */
async function call<A extends Answer>(request: Promise<A>): Promise<DataOf<A>> {
  const answer = await request;
  if (!succeeded(answer)) throw await apiErrorFrom(answer.response, true);
  // TypeScript cannot resolve DataOf<A> inside the generic body; at each call site it is
  // the operation's 2xx body, which is what `answer.data` holds once narrowed.
  return answer.data as DataOf<A>;
}

/** The Response itself, unread, for files (CSV, ZIP, evidence blobs). */
async function raw(request: Promise<{ response: Response }>): Promise<Response> {
  return (await request).response;
}

const enc = encodeURIComponent;

/** Saves a Response body (CSV, ZIP) under the server-chosen or given file name. */
export async function downloadResponse(response: Response, fallbackName: string): Promise<void> {
  const disposition = response.headers.get("content-disposition") || "";
  const match = /filename="?([^";]+)"?/i.exec(disposition);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = match?.[1] ?? fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

// --- Local mode ---------------------------------------------------------------------
export const createLocalSession = (role: Schemas["LocalRole"], org?: string) =>
  call(publicClient.POST("/api/local/session", { body: org ? { role, org } : { role } }));

// --- Health -------------------------------------------------------------------------
export const getHealth = () => call(publicClient.GET("/api/health"));
export const getHealthDetailed = () => call(publicClient.GET("/api/health/detailed"));

// --- Cameras ------------------------------------------------------------------------
const camera = (id: string) => ({ params: { path: { camera_id: id } } });
export const listCameras = () => call(client.GET("/api/cameras"));
export const getCamera = (id: string) => call(client.GET("/api/cameras/{camera_id}", camera(id)));
export const requestSnapshot = (id: string) => call(client.POST("/api/cameras/{camera_id}/snapshot", camera(id)));
export const setRecording = (id: string, recording: boolean) =>
  call(client.POST("/api/cameras/{camera_id}/recording", { ...camera(id), body: { recording } }));
export const updateRecordingSettings = (id: string, changes: Schemas["RecordingSettingsRequest"]) =>
  call(client.PATCH("/api/cameras/{camera_id}/recording-settings", { ...camera(id), body: changes }));
export const streamUrl = (id: string) => `${API_BASE}/api/cameras/${enc(id)}/master.m3u8`;
export const mediaPlaylistUrl = (id: string) => `${API_BASE}/api/cameras/${enc(id)}/stream.m3u8`;

// --- Camera groups ------------------------------------------------------------------
export const listGroups = () => call(client.GET("/api/camera-groups"));
export const createGroup = (group: Schemas["CreateGroupRequest"]) => call(client.POST("/api/camera-groups", { body: group }));
export const updateGroup = (id: number, changes: Schemas["UpdateGroupRequest"]) => call(client.PATCH("/api/camera-groups/{group_id}", { params: { path: { group_id: id } }, body: changes }));
export const deleteGroup = (id: number) =>
  call(client.DELETE("/api/camera-groups/{group_id}", { params: { path: { group_id: id } } }));
export const assignGroup = (cameraId: string, groupId: number | null) =>
  call(client.PUT("/api/cameras/{camera_id}/group", { params: { path: { camera_id: cameraId }, query: { group_id: groupId || 0 } } }));

// --- Settings -----------------------------------------------------------------------
export const getSettings = () => call(client.GET("/api/settings"));
export const setTimezone = (timezone: string) =>
  // The body's schema lists every IANA zone the server knows; the input is free text and
  // the server answers 422 with a sentence for an unknown one.
  call(client.POST("/api/settings/timezone", { body: { timezone: timezone as Schemas["TimezoneRequest"]["timezone"] } }));
export const getNotificationSettings = () => call(client.GET("/api/settings/notifications"));
export const updateNotificationSettings = (changes: Schemas["NotificationTogglesRequest"]) =>
  call(client.POST("/api/settings/notifications", { body: changes }));
export const getMotionIngestion = () => call(client.GET("/api/settings/motion-ingestion"));
export const setMotionIngestion = (enabled: boolean) => call(client.POST("/api/settings/motion-ingestion", { body: { enabled } }));
export const wipeLogs = () => call(client.POST("/api/settings/danger/wipe-logs"));
export const fullReset = () => call(client.POST("/api/settings/danger/full-reset"));
export const exportOrgData = () => raw(client.POST("/api/gdpr/export", { parseAs: "stream" }));

// --- Nodes --------------------------------------------------------------------------
const node = (id: string) => ({ params: { path: { node_id: id } } });
export const listNodes = () => call(client.GET("/api/nodes"));
export const getPlan = () => call(client.GET("/api/nodes/plan"));
export const createNode = (name: string) => call(client.POST("/api/nodes", { body: { name: name || null } }));
export const getNode = (id: string) => call(client.GET("/api/nodes/{node_id}", node(id)));
export const deleteNode = (id: string) => call(client.DELETE("/api/nodes/{node_id}", node(id)));
export const rotateNodeKey = (id: string) => call(client.POST("/api/nodes/{node_id}/rotate-key", node(id)));
export const getWsStatus = () => call(client.GET("/api/nodes/ws-status"));

// --- Audit / admin ------------------------------------------------------------------
export type AuditQuery = QueryOf<"/api/audit-logs", "get">;
export type StreamLogQuery = QueryOf<"/api/audit/stream-logs", "get">;
export const listAuditLogs = (query: AuditQuery) => call(client.GET("/api/audit-logs", { params: { query } }));
export const exportAuditLogsCsv = (query: AuditQuery) =>
  raw(client.GET("/api/audit-logs", { params: { query: { ...query, format: "csv" } }, parseAs: "stream" }));
export const listStreamLogs = (query: StreamLogQuery) => call(client.GET("/api/audit/stream-logs", { params: { query } }));
export const exportStreamLogsCsv = (query: StreamLogQuery) =>
  raw(client.GET("/api/audit/stream-logs", { params: { query: { ...query, format: "csv" } }, parseAs: "stream" }));
export const getStreamLogStats = (days = 7) => call(client.GET("/api/audit/stream-logs/stats", { params: { query: { days } } }));

// --- Motion -------------------------------------------------------------------------
export const listMotionEvents = (query: QueryOf<"/api/motion/events", "get">) =>
  call(client.GET("/api/motion/events", { params: { query } }));
export const getMotionStats = (hours = 24) => call(client.GET("/api/motion/events/stats", { params: { query: { hours } } }));
export const MOTION_STREAM = "/api/motion/events/stream";

// --- Notifications ------------------------------------------------------------------
export const listNotifications = (query: QueryOf<"/api/notifications", "get">) =>
  call(client.GET("/api/notifications", { params: { query } }));
export const getUnreadCount = () => call(client.GET("/api/notifications/unread-count"));
export const markNotificationsViewed = () => call(client.POST("/api/notifications/mark-viewed"));
export const clearNotifications = () => call(client.POST("/api/notifications/clear-all"));
export const requestAdminPromotion = () => call(client.POST("/api/notifications/request-admin-promotion"));
export const getEmailPreferences = () => call(client.GET("/api/notifications/email/preferences"));
export const updateEmailPreferences = (changes: Schemas["EmailPreferencesRequest"]) =>
  call(client.POST("/api/notifications/email/preferences", { body: changes }));
export const NOTIFICATION_STREAM = "/api/notifications/stream";

// --- Incidents ----------------------------------------------------------------------
const incident = (id: number | string) => ({ params: { path: { incident_id: Number(id) } } });
export type IncidentQuery = QueryOf<"/api/incidents", "get">;
export const listIncidents = (query: IncidentQuery) => call(client.GET("/api/incidents", { params: { query } }));
export const getIncidentCounts = () => call(client.GET("/api/incidents/counts"));
export const getIncident = (id: number | string) => call(client.GET("/api/incidents/{incident_id}", incident(id)));
export const createIncident = (created: Schemas["CreateIncidentRequest"]) => call(client.POST("/api/incidents", { body: created }));
export const updateIncident = (id: number | string, changes: Schemas["UpdateIncidentRequest"]) =>
  call(client.PATCH("/api/incidents/{incident_id}", { ...incident(id), body: changes }));
export const deleteIncident = (id: number | string) => call(client.DELETE("/api/incidents/{incident_id}", incident(id)));
export const fetchEvidenceBlob = (incidentId: number, evidenceId: number) =>
  raw(
    client.GET("/api/incidents/{incident_id}/evidence/{evidence_id}", {
      params: { path: { incident_id: incidentId, evidence_id: evidenceId } },
      parseAs: "stream",
    }),
  );
export const evidencePlaylistUrl = (incidentId: number, evidenceId: number) =>
  `${API_BASE}/api/incidents/${enc(incidentId)}/evidence/${enc(evidenceId)}/playlist.m3u8`;

// --- MCP ----------------------------------------------------------------------------
export type McpScopeMode = "all" | "readonly" | "custom";
export type McpToolName = Extract<Schemas["CreateMcpKeyBody"], { scope_mode: "custom" }>["scope_tools"][number];
export const listMcpKeys = () => call(client.GET("/api/mcp/keys"));
export const createMcpKey = ({ name, scopeMode = "all", scopeTools = [] }: { name: string; scopeMode?: McpScopeMode; scopeTools?: string[] }) =>
  call(
    client.POST("/api/mcp/keys", {
      body:
        scopeMode === "custom"
          ? // The names are picked from the server's own catalog (/api/mcp/tools, typed as
            // plain strings there); the server re-checks them and answers 422 otherwise.
            { name, scope_mode: "custom", scope_tools: scopeTools as McpToolName[] }
          : { name, scope_mode: scopeMode, scope_tools: null },
    }),
  );
export const revokeMcpKey = (id: number) => call(client.DELETE("/api/mcp/keys/{key_id}", { params: { path: { key_id: id } } }));
export const listMcpTools = () => call(client.GET("/api/mcp/tools"));
export const getMcpRecent = (limit = 50) => call(client.GET("/api/mcp/activity/recent", { params: { query: { limit } } }));
export const getMcpSessions = () => call(client.GET("/api/mcp/activity/sessions"));
export const getMcpStats = () => call(client.GET("/api/mcp/activity/stats"));
export type McpLogQuery = QueryOf<"/api/mcp/activity/logs", "get">;
export const listMcpLogs = (query: McpLogQuery) => call(client.GET("/api/mcp/activity/logs", { params: { query } }));
export const exportMcpLogsCsv = (query: McpLogQuery) =>
  raw(client.GET("/api/mcp/activity/logs", { params: { query: { ...query, format: "csv" } }, parseAs: "stream" }));
/** Viewer-hours today, this month and per UTC day, and the viewers watching now (admin). */
export const getViewerUsage = (days = 30) =>
  call(client.GET("/api/usage/viewer-hours", { params: { query: { days } } }));
export const getMcpLogStats = (days = 7) => call(client.GET("/api/mcp/activity/logs/stats", { params: { query: { days } } }));
export const MCP_ACTIVITY_STREAM = "/api/mcp/activity/stream";

// --- Home Assistant integration -----------------------------------------------------
export const listIntegrationKeys = () => call(client.GET("/api/integration/keys"));
export const createIntegrationKey = (name: string) => call(client.POST("/api/integration/keys", { body: { name } }));
export const revokeIntegrationKey = (id: number) =>
  call(client.DELETE("/api/integration/keys/{key_id}", { params: { path: { key_id: id } } }));

// --- Sentinel AI --------------------------------------------------------------------
export const getSentinelConfig = () => call(client.GET("/api/sentinel/config"));
export const updateSentinelConfig = (changes: Schemas["SentinelConfigPatch"]) =>
  call(client.PATCH("/api/sentinel/config", { body: changes }));
export const listSentinelRuns = (query: QueryOf<"/api/sentinel/runs", "get">) =>
  call(client.GET("/api/sentinel/runs", { params: { query } }));
export const getSentinelRun = (id: string) => call(client.GET("/api/sentinel/runs/{run_id}", { params: { path: { run_id: id } } }));
export const runSentinelNow = ({ prompt = "", cameraId = null }: { prompt?: string; cameraId?: string | null } = {}) =>
  call(client.POST("/api/sentinel/runs/manual", { body: { prompt, camera_id: cameraId || null } }));

// --- Share links (rest-api §14) -----------------------------------------------------
export const listShareLinks = () => call(shareClient.GET("/api/share-links"));
export const createShareLink = (body: CreateShareLinkRequest) => call(shareClient.POST("/api/share-links", { body }));
export const revokeShareLink = (id: number) =>
  call(shareClient.DELETE("/api/share-links/{link_id}", { params: { path: { link_id: id } } }));
/** The public page's one call: the link's label, expiry and cameras. */
export const getSharedView = (token: string) =>
  call(sharePublicClient.GET("/api/share/{token}", { params: { path: { token } } }));
/** A link-scoped path the server hands out (`/share/…`, `/api/share/…`) as a URL this app can load. */
export const sharedMediaUrl = (path: string) => `${API_BASE}${path}`;
