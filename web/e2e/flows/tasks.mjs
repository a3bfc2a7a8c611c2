// What operators do, one step each, driven by accessible names (getByRole / getByLabel).
// "Add a node and see it stream" is part of the smoke flow (it creates the live node).

import { VIEWPORTS, api, findOverflow, describeOverflow, seriousAxeViolations, shot, sleep } from "../lib.mjs";

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

// The share page may only reach its own API route and the link's playlists and segments.
function foreignApiCalls(requests, token) {
  return requests.filter((path) => path.startsWith("/api/") && !path.startsWith(`/api/share/${token}`));
}

const videoPlays = (page) =>
  page.waitForFunction(
    () => {
      const v = document.querySelector(".share-tile video");
      if (!v) return false;
      window.__shareT0 ??= v.currentTime;
      return v.currentTime > window.__shareT0 + 1.5;
    },
    null,
    { timeout: 40000 },
  );

async function shareACamera({ base, browser, page, adminToken, adminContext }) {
  const label = "E2E porch for the neighbours";
  const [camera] = await api(base, adminToken, "GET", "/api/cameras");
  if (!camera) throw new Error("no camera to share");
  await adminContext.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });

  // Admin: Share on the camera's card, a label, Create, then the address shown once.
  await page.goto(base + "/dashboard");
  await page.getByRole("button", { name: `Share ${camera.name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Share ${camera.name}` });
  await dialog.getByLabel("Label").fill(label);
  await dialog.getByLabel("Expires after").selectOption({ label: "8 hours" });
  await dialog.getByRole("button", { name: "Create link" }).click();
  const url = await page.getByTestId("share-url").inputValue();
  const token = /\/share\/(shr_[0-9a-f]{32})$/.exec(url)?.[1];
  if (!url.startsWith(base + "/share/") || !token) throw new Error(`unexpected share URL "${url}"`);
  await page.getByRole("dialog").getByRole("button", { name: "Copy" }).click();
  await page.getByText("Link copied").waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== url) throw new Error(`the clipboard holds "${copied}", not the link`);
  await shot(page, "task-share-dialog");
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  if ((await page.content()).includes(token)) throw new Error("the token is still on the page after Done");

  // A stranger: a fresh context (no cookies, no storage) opens the link and watches.
  const stranger = await browser.newContext({ viewport: VIEWPORTS.desktop });
  try {
    const viewer = await stranger.newPage();
    const requests = [];
    viewer.on("request", (request) => request.url().startsWith(base) && requests.push(new URL(request.url()).pathname));
    const errors = [];
    viewer.on("pageerror", (error) => errors.push(error.message));
    await viewer.goto(url);
    await viewer.getByRole("heading", { level: 1, name: label }).waitFor();
    const expiry = (await viewer.getByTestId("share-expiry").textContent()).trim();
    if (!/^This link expires in (7|8) h/.test(expiry)) throw new Error(`the expiry notice says "${expiry}"`);
    await videoPlays(viewer);
    await viewer.getByTestId("share-camera-state").filter({ hasText: "LIVE" }).first().waitFor();
    const referrer = await viewer.evaluate(() => document.querySelector('meta[name="referrer"]')?.getAttribute("content"));
    if (referrer !== "no-referrer") throw new Error(`referrer policy is ${referrer}`);
    const problems = [...(await seriousAxeViolations(viewer))];
    await shot(viewer, "share-page-desktop");
    await viewer.setViewportSize(VIEWPORTS.phone);
    await sleep(500);
    const overflow = await findOverflow(viewer);
    if (overflow) problems.push(`overflow at 390px: ${describeOverflow(overflow)}`);
    await shot(viewer, "share-page-phone");
    if (problems.length) throw new Error(problems.join("\n"));
    const links = await viewer.getByRole("link").count();
    if (links) throw new Error(`the share page has ${links} link(s)`);
    const foreign = foreignApiCalls(requests, token);
    if (foreign.length) throw new Error(`the share page called ${[...new Set(foreign)].join(", ")}`);

    // Admin revokes it in Settings; the stranger's page turns to the revoked state.
    await page.goto(base + "/settings");
    const section = page.getByRole("region", { name: "Shared links" });
    await section.getByRole("button", { name: `Revoke ${label}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke link" }).click();
    await page.getByText(`Revoked "${label}"`).waitFor();
    await section.getByRole("listitem").filter({ hasText: label }).getByText("Revoked", { exact: true }).waitFor();
    await shot(page, "task-share-revoked-settings");

    // While watching, the next playlist refresh answers 410 and the page says so...
    await viewer.getByRole("heading", { level: 1, name: "This link was turned off" }).waitFor({ timeout: 20000 });
    if (await viewer.locator("video").count()) throw new Error("a player is still on the revoked page");
    // ...and so does a reload.
    await viewer.reload();
    await viewer.getByRole("heading", { level: 1, name: "This link was turned off" }).waitFor();
    await shot(viewer, "share-page-revoked-phone");
    if (errors.length) throw new Error(`page errors: ${errors.join(" | ")}`);
  } finally {
    await stranger.close();
  }
  const { links } = await api(base, adminToken, "GET", "/api/share-links");
  const saved = links.find((l) => l.label === label);
  if (saved?.status !== "revoked" || saved.views < 1) throw new Error(`the server holds ${JSON.stringify(saved)}`);
}

const TASKS = [
  ["task: rotate a node key in Settings", rotateNodeKey],
  ["task: create and revoke an MCP key", createAndRevokeMcpKey],
  ["task: set a recording schedule on a camera", setRecordingSchedule],
  ["task: filter admin logs by camera name", filterAdminLogsByCameraName],
  ["task: edit an incident's summary", editIncidentSummary],
  ["task: share a camera, watch it signed out, revoke it", shareACamera],
];

export async function taskFlow({ base, browser, runner, adminContext, adminToken }) {
  const page = await adminContext.newPage();
  for (const [name, task] of TASKS) await runner.step(name, () => task({ base, browser, page, adminToken, adminContext }));
  await page.close();
}
