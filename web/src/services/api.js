// Client for every REST endpoint the dashboard calls: one function per endpoint, all
// through `request`, which adds the shared bearer token and turns any failure into an
// ApiError carrying a readable message (see errors.js).

import { getToken } from "../auth/token.js";
import { ApiError, parseErrorBody } from "./errors.js";

export { ApiError, parseErrorBody, errorMessage } from "./errors.js";

export const API_BASE = (import.meta.env?.VITE_API_URL || "").replace(/\/$/, "");

/** Global signals other parts of the UI react to (UpgradeModal on 402, sign-out on 401). */
export const apiEvents = new EventTarget();

function buildUrl(path, query) {
  const url = `${API_BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}

async function readBody(response) {
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

/**
 * `request(path, {method, body, query, raw, signal, auth})`: JSON in and out by default;
 * `raw: true` returns the Response (for blobs / CSV downloads) after the status check.
 */
export async function request(path, { method = "GET", body, query, raw = false, signal, auth = true, headers = {} } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers }, signal };
  if (auth) {
    const token = await getToken();
    if (token) init.headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(buildUrl(path, query), init);
  } catch (cause) {
    if (cause?.name === "AbortError") throw cause;
    throw new ApiError({ status: 0, message: "Could not reach the server. Check your connection and try again." });
  }

  if (!response.ok) {
    const parsed = await readBody(response).catch(() => null);
    const { message, code, extras } = parseErrorBody(response.status, parsed, response.statusText);
    const retryAfter = Number(response.headers.get("retry-after")) || extras.retry_after_seconds || null;
    const error = new ApiError({ status: response.status, message, code, extras, body: parsed, retryAfter });
    if (response.status === 402) apiEvents.dispatchEvent(new CustomEvent("payment-required", { detail: error }));
    if (response.status === 401 && auth) apiEvents.dispatchEvent(new CustomEvent("unauthorized", { detail: error }));
    throw error;
  }
  if (raw) return response;
  if (response.status === 204) return null;
  return readBody(response);
}

const get = (path, query, opts) => request(path, { ...opts, query });
const post = (path, body, opts) => request(path, { ...opts, method: "POST", body });
const patch = (path, body, opts) => request(path, { ...opts, method: "PATCH", body });
const del = (path, opts) => request(path, { ...opts, method: "DELETE" });
const enc = encodeURIComponent;

/** Saves a Response body (CSV, ZIP) under the server-chosen or given file name. */
export async function downloadResponse(response, fallbackName) {
  const disposition = response.headers.get("content-disposition") || "";
  const match = /filename="?([^";]+)"?/i.exec(disposition);
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = match ? match[1] : fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

// --- Local mode ---------------------------------------------------------------------
export const createLocalSession = (role, org) => post("/api/local/session", org ? { role, org } : { role }, { auth: false });

// --- Health -------------------------------------------------------------------------
export const getHealth = () => get("/api/health", null, { auth: false });
export const getHealthDetailed = () => get("/api/health/detailed", null, { auth: false });

// --- Cameras ------------------------------------------------------------------------
export const listCameras = () => get("/api/cameras");
export const getCamera = (id) => get(`/api/cameras/${enc(id)}`);
export const requestSnapshot = (id) => post(`/api/cameras/${enc(id)}/snapshot`);
export const setRecording = (id, recording) => post(`/api/cameras/${enc(id)}/recording`, { recording });
export const updateRecordingSettings = (id, changes) => patch(`/api/cameras/${enc(id)}/recording-settings`, changes);
export const streamUrl = (id) => `${API_BASE}/api/cameras/${enc(id)}/master.m3u8`;
export const mediaPlaylistUrl = (id) => `${API_BASE}/api/cameras/${enc(id)}/stream.m3u8`;

// --- Camera groups ------------------------------------------------------------------
export const listGroups = () => get("/api/camera-groups");
export const createGroup = (group) => post("/api/camera-groups", group);
export const deleteGroup = (id) => del(`/api/camera-groups/${enc(id)}`);
export const assignGroup = (cameraId, groupId) =>
  request(`/api/cameras/${enc(cameraId)}/group`, { method: "PUT", query: { group_id: groupId || 0 } });

// --- Settings -----------------------------------------------------------------------
export const getSettings = () => get("/api/settings");
export const setTimezone = (timezone) => post("/api/settings/timezone", { timezone });
export const getNotificationSettings = () => get("/api/settings/notifications");
export const updateNotificationSettings = (changes) => post("/api/settings/notifications", changes);
export const getMotionIngestion = () => get("/api/settings/motion-ingestion");
export const setMotionIngestion = (enabled) => post("/api/settings/motion-ingestion", { enabled });
export const wipeLogs = () => post("/api/settings/danger/wipe-logs");
export const fullReset = () => post("/api/settings/danger/full-reset");
export const exportOrgData = () => request("/api/gdpr/export", { method: "POST", raw: true });

// --- Nodes --------------------------------------------------------------------------
export const listNodes = () => get("/api/nodes");
export const getPlan = () => get("/api/nodes/plan");
export const createNode = (name) => post("/api/nodes", { name: name || null });
export const getNode = (id) => get(`/api/nodes/${enc(id)}`);
export const deleteNode = (id) => del(`/api/nodes/${enc(id)}`);
export const rotateNodeKey = (id) => post(`/api/nodes/${enc(id)}/rotate-key`);
export const getWsStatus = () => get("/api/nodes/ws-status");

// --- Audit / admin ------------------------------------------------------------------
export const listAuditLogs = (query) => get("/api/audit-logs", query);
export const exportAuditLogsCsv = (query) => request("/api/audit-logs", { query: { ...query, format: "csv" }, raw: true });
export const listStreamLogs = (query) => get("/api/audit/stream-logs", query);
export const exportStreamLogsCsv = (query) => request("/api/audit/stream-logs", { query: { ...query, format: "csv" }, raw: true });
export const getStreamLogStats = (days = 7) => get("/api/audit/stream-logs/stats", { days });

// --- Motion -------------------------------------------------------------------------
export const listMotionEvents = (query) => get("/api/motion/events", query);
export const getMotionStats = (hours = 24) => get("/api/motion/events/stats", { hours });
export const MOTION_STREAM = "/api/motion/events/stream";

// --- Notifications ------------------------------------------------------------------
export const listNotifications = (query) => get("/api/notifications", query);
export const getUnreadCount = () => get("/api/notifications/unread-count");
export const markNotificationsViewed = () => post("/api/notifications/mark-viewed");
export const clearNotifications = () => post("/api/notifications/clear-all");
export const requestAdminPromotion = () => post("/api/notifications/request-admin-promotion");
export const getEmailPreferences = () => get("/api/notifications/email/preferences");
export const updateEmailPreferences = (changes) => post("/api/notifications/email/preferences", changes);
export const NOTIFICATION_STREAM = "/api/notifications/stream";

// --- Incidents ----------------------------------------------------------------------
export const listIncidents = (query) => get("/api/incidents", query);
export const getIncidentCounts = () => get("/api/incidents/counts");
export const getIncident = (id) => get(`/api/incidents/${enc(id)}`);
export const createIncident = (incident) => post("/api/incidents", incident);
export const updateIncident = (id, changes) => patch(`/api/incidents/${enc(id)}`, changes);
export const deleteIncident = (id) => del(`/api/incidents/${enc(id)}`);
export const fetchEvidenceBlob = (incidentId, evidenceId) =>
  request(`/api/incidents/${enc(incidentId)}/evidence/${enc(evidenceId)}`, { raw: true });
export const evidencePlaylistUrl = (incidentId, evidenceId) =>
  `${API_BASE}/api/incidents/${enc(incidentId)}/evidence/${enc(evidenceId)}/playlist.m3u8`;

// --- MCP ----------------------------------------------------------------------------
export const listMcpKeys = () => get("/api/mcp/keys");
export const createMcpKey = ({ name, scopeMode = "all", scopeTools = [] }) =>
  post("/api/mcp/keys", { name, scope_mode: scopeMode, scope_tools: scopeMode === "custom" ? scopeTools : null });
export const revokeMcpKey = (id) => del(`/api/mcp/keys/${enc(id)}`);
export const listMcpTools = () => get("/api/mcp/tools");
export const getMcpRecent = (limit = 50) => get("/api/mcp/activity/recent", { limit });
export const getMcpSessions = () => get("/api/mcp/activity/sessions");
export const getMcpStats = () => get("/api/mcp/activity/stats");
export const listMcpLogs = (query) => get("/api/mcp/activity/logs", query);
export const exportMcpLogsCsv = (query) => request("/api/mcp/activity/logs", { query: { ...query, format: "csv" }, raw: true });
export const getMcpLogStats = (days = 7) => get("/api/mcp/activity/logs/stats", { days });
export const MCP_ACTIVITY_STREAM = "/api/mcp/activity/stream";

// --- Home Assistant integration -----------------------------------------------------
export const listIntegrationKeys = () => get("/api/integration/keys");
export const createIntegrationKey = (name) => post("/api/integration/keys", { name });
export const revokeIntegrationKey = (id) => del(`/api/integration/keys/${enc(id)}`);

// --- Sentinel AI --------------------------------------------------------------------
export const getSentinelConfig = () => get("/api/sentinel/config");
export const updateSentinelConfig = (changes) => patch("/api/sentinel/config", changes);
export const listSentinelRuns = (query) => get("/api/sentinel/runs", query);
export const getSentinelRun = (id) => get(`/api/sentinel/runs/${enc(id)}`);
export const runSentinelNow = ({ prompt = "", cameraId = null } = {}) =>
  post("/api/sentinel/runs/manual", { prompt, camera_id: cameraId || null });
