// What operators do, one step each, driven by accessible names (getByRole / getByLabel).
// "Add a node and see it stream" is part of the smoke flow (it creates the live node).

import { api, shot } from "../lib.mjs";

/** A row of a table that mentions `text`. */
const rowWith = (page, text) => page.getByRole("row").filter({ hasText: text }).first();

// Confirmations are either the browser's confirm() or an in-app dialog; accept either.
async function confirmIfAsked(page, buttonName) {
  const dialog = page.getByRole("dialog");
  if (await dialog.isVisible().catch(() => false)) await dialog.getByRole("button", { name: buttonName }).click();
}

async function rotateNodeKey({ base, page, adminToken }) {
  // A spare node: rotating the live node's key would cut the simulator off for the sweep.
  const spare = await api(base, adminToken, "POST", "/api/nodes", { name: "E2E spare node" });
  await page.goto(base + "/settings");
  const card = page.getByTestId(`node-${spare.node_id}`);
  await card.getByRole("button", { name: "Rotate key" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rotate key" }).click();
  const newKey = (await page.getByTestId("rotated-key").textContent()).trim();
  if (newKey.length !== 36 || newKey === spare.api_key) throw new Error(`unexpected rotated key "${newKey}"`);
  await shot(page, "task-rotate-key");
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  const validate = (key) => fetch(`${base}/api/nodes/validate`, { method: "POST", headers: { "X-Node-API-Key": key, "Content-Type": "application/json" }, body: JSON.stringify({ node_id: spare.node_id }) });
  const [oldKey, rotated] = await Promise.all([validate(spare.api_key), validate(newKey)]);
  if (oldKey.status !== 403 || rotated.status !== 200) throw new Error(`after rotation the old key answers ${oldKey.status} (want 403) and the new one ${rotated.status} (want 200)`);
}

async function createAndRevokeMcpKey({ base, page, adminToken }) {
  const name = "E2E revoke me";
  await page.goto(base + "/mcp");
  await page.getByRole("button", { name: "New key" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-mcp-key").textContent()).trim();
  if (!/^osc_[0-9a-f]{32}$/.test(key)) throw new Error(`bad key ${key}`);
  await page.getByRole("button", { name: "I saved the key" }).click();
  const row = rowWith(page, name);
  await row.waitFor();
  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await confirmIfAsked(page, "Revoke");
  await page.getByRole("cell", { name, exact: true }).waitFor({ state: "detached", timeout: 10000 });
  const keys = await api(base, adminToken, "GET", "/api/mcp/keys");
  if (keys.some((k) => k.name === name && !k.revoked)) throw new Error("the key is still listed as active by the API");
}

async function setRecordingSchedule({ base, page, adminToken }) {
  // Per-camera recording policy lives in Settings → "Cameras and recording".
  const [camera] = await api(base, adminToken, "GET", "/api/cameras");
  if (!camera) throw new Error("no camera to schedule");
  await page.goto(base + "/settings");
  const row = rowWith(page, camera.name);
  await row.getByLabel(`Recording mode of ${camera.name}`).selectOption("scheduled");
  await row.getByLabel("Start").fill("22:00");
  await row.getByLabel("End").fill("06:30");
  await row.getByRole("button", { name: "Save" }).click();
  await page.getByText(`Recording policy saved for ${camera.name}.`).waitFor();
  const saved = (await api(base, adminToken, "GET", "/api/cameras")).find((c) => c.camera_id === camera.camera_id);
  const policy = saved?.recording_policy ?? {};
  if (!policy.scheduled_recording || !String(policy.scheduled_start).startsWith("22:00") || !String(policy.scheduled_end).startsWith("06:30")) {
    throw new Error(`the server holds ${JSON.stringify(policy)}`);
  }
  await shot(page, "task-recording-schedule");
}

async function filterAdminLogsByCameraName({ base, page, adminToken }) {
  // The smoke flow watched every camera, so each has stream access rows (written in the
  // background within seconds).
  const cameras = await api(base, adminToken, "GET", "/api/cameras");
  const target = cameras.find((c) => c.name) ?? cameras[0];
  if (!target) throw new Error("no camera to filter by");
  for (let attempt = 0; ; attempt += 1) {
    const logs = await api(base, adminToken, "GET", `/api/audit/stream-logs?camera_id=${encodeURIComponent(target.camera_id)}`);
    if (logs.total > 0) break;
    if (attempt > 30) throw new Error(`no stream access rows for ${target.camera_id}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  await page.goto(base + "/admin/stream-logs");
  await page.getByLabel("Camera").selectOption({ label: target.name });
  await page.waitForURL((url) => url.searchParams.get("camera_id") === target.camera_id);
  const table = page.getByTestId("stream-logs-table");
  await table.getByRole("row").nth(1).waitFor();
  const cells = await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.textContent ?? ""));
  if (cells.length === 0) throw new Error("the filtered log is empty");
  const foreign = cameras.filter((c) => c.camera_id !== target.camera_id && c.name !== target.name);
  const leaked = cells.filter((text) => !text.includes(target.name) || foreign.some((c) => text.includes(c.name)));
  if (leaked.length) throw new Error(`rows of other cameras after filtering by "${target.name}": ${leaked[0].slice(0, 120)}`);
  await shot(page, "task-admin-filter-by-camera");
}

async function editIncidentSummary({ base, page, adminToken }) {
  const incident = await api(base, adminToken, "POST", "/api/incidents", { title: "E2E edit me", severity: "medium", summary: "First draft" }, 201);
  await page.goto(`${base}/incidents/${incident.id}`);
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Edit", exact: true }).click();
  await dialog.getByRole("textbox", { name: "Summary" }).fill("Gate left open after delivery");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await dialog.getByText("Gate left open after delivery").waitFor();
  const saved = await api(base, adminToken, "GET", `/api/incidents/${incident.id}`);
  if (saved.summary !== "Gate left open after delivery") throw new Error(`the server holds "${saved.summary}"`);
  await shot(page, "task-edit-incident-summary");
}

const TASKS = [
  ["task: rotate a node key in Settings", rotateNodeKey],
  ["task: create and revoke an MCP key", createAndRevokeMcpKey],
  ["task: set a recording schedule on a camera", setRecordingSchedule],
  ["task: filter admin logs by camera name", filterAdminLogsByCameraName],
  ["task: edit an incident's summary", editIncidentSummary],
];

export async function taskFlow({ base, browser, runner, adminContext, adminToken }) {
  const page = await adminContext.newPage();
  for (const [name, task] of TASKS) await runner.step(name, () => task({ base, page, adminToken }));
  await page.close();
}
