// The original smoke flow: sign in through the UI, add a node, watch it stream, MCP key,
// incidents, the main pages, the member view. It leaves a live node with cameras behind
// for the task tests and the route sweep, and returns what they need.

import { VIEWPORTS, api, shot, sleep, startSimulator } from "../lib.mjs";

const videoAdvances = (page, selector) =>
  page.waitForFunction(
    (sel) => {
      const v = document.querySelector(sel);
      if (!v) return false;
      window.__t0 ??= v.currentTime;
      return v.currentTime > window.__t0 + 1.5;
    },
    selector,
    { timeout: 30000 },
  );

export async function smokeFlow({ base, browser, runner }) {
  const { step } = runner;
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  // The server's Content-Security-Policy must not block anything the dashboard does.
  const cspViolations = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  const out = { nodeId: "", apiKey: "", adminToken: "", incidentId: null };

  await step("smoke: landing page renders", async () => {
    await page.goto(base + "/");
    await page.getByRole("heading", { level: 1 }).waitFor();
    await shot(page, "smoke-landing");
  });

  await step("smoke: local admin signs in and sees the admin welcome", async () => {
    await page.goto(base + "/dashboard");
    await page.getByRole("button", { name: "Local admin" }).click();
    await page.getByRole("heading", { name: "Set up your first camera" }).waitFor();
    out.adminToken = await page.evaluate(() => JSON.parse(localStorage.getItem("sentinel.localSession")).token);
  });

  await step("task: admin adds a node and sees its one-time key", async () => {
    await page.getByRole("button", { name: "Add a node" }).click();
    await page.getByLabel("Name (optional)").fill("E2E node");
    await page.getByRole("button", { name: "Create node" }).click();
    out.nodeId = (await page.getByTestId("new-node-id").textContent()).trim();
    out.apiKey = (await page.getByTestId("new-node-key").textContent()).trim();
    if (!/^[0-9a-f]{8}$/.test(out.nodeId) || out.apiKey.length !== 36) throw new Error(`unexpected credentials ${out.nodeId} / ${out.apiKey}`);
    await shot(page, "smoke-add-node");
    await page.getByRole("button", { name: "I saved the key" }).click();
    await page.getByTestId("heartbeat-banner").waitFor();
  });

  await step("task: the new node checks in and its camera streams", async () => {
    if (!out.nodeId) throw new Error("no node was created");
    startSimulator({ base, nodeId: out.nodeId, apiKey: out.apiKey, cameras: 2 });
    await page.getByTestId("heartbeat-banner-done").waitFor({ timeout: 40000 });
    await page.locator("article.camera-card video").first().waitFor({ timeout: 30000 });
    await videoAdvances(page, "article.camera-card video");
    await shot(page, "smoke-dashboard-live");
  });

  await step("smoke: full-screen player plays", async () => {
    await page.evaluate(() => delete window.__t0);
    await page.getByRole("button", { name: "View" }).first().click();
    await videoAdvances(page, ".modal video");
    await shot(page, "smoke-player");
    await page.keyboard.press("Escape");
  });

  await step("smoke: MCP key is shown exactly once", async () => {
    await page.goto(base + "/mcp");
    await page.getByRole("button", { name: "New key" }).click();
    await page.getByLabel("Name").fill("E2E agent");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-mcp-key").textContent()).trim();
    if (!/^osc_[0-9a-f]{32}$/.test(key)) throw new Error(`bad key ${key}`);
    await page.getByRole("button", { name: "I saved the key" }).click();
    await page.getByRole("cell", { name: "E2E agent" }).waitFor();
    if ((await page.content()).includes(key)) throw new Error("key still visible after closing");
  });

  await step("smoke: incident created through the API appears in the list", async () => {
    const created = await api(base, out.adminToken, "POST", "/api/incidents", { title: "E2E intruder", summary: "Someone at the door", severity: "high" }, 201);
    out.incidentId = created.id ?? created.incident?.id ?? null;
    await page.goto(base + "/incidents");
    await page.getByRole("link", { name: "E2E intruder" }).click();
    await page.getByRole("dialog").getByText("Someone at the door").waitFor();
  });

  for (const [path, heading] of [
    ["/settings", "Settings"],
    ["/admin/audit-log", "Admin"],
    ["/sentinel", "Sentinel AI"],
    ["/integrations", "Integrations"],
    ["/pricing", "Simple plans that grow with your cameras"],
    ["/docs", "Documentation"],
  ]) {
    await step(`smoke: ${path} renders`, async () => {
      await page.goto(base + path);
      await page.getByRole("heading", { name: heading, exact: true }).first().waitFor();
    });
  }

  await step("smoke: a member sees no admin controls", async () => {
    await page.goto(base + "/dashboard");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("button", { name: "Local member" }).click();
    await page.locator("article.camera-card").first().waitFor();
    const adminButtons = await page.getByRole("button", { name: /^(Record|Stop recording|Add node)$/ }).count();
    const adminLinks = await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^(Admin|MCP|Incidents|Integrations)$/ }).count();
    if (adminButtons || adminLinks) throw new Error(`member sees ${adminButtons} admin buttons and ${adminLinks} admin links`);
    await page.goto(base + "/admin");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  });

  await step("smoke: phone layout", async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(base + "/dashboard");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await sleep(300);
  });

  await step("smoke: no uncaught page errors", async () => {
    if (pageErrors.length) throw new Error(pageErrors.join(" | "));
  });

  await step("smoke: the Content-Security-Policy blocks nothing", async () => {
    const response = await page.request.get(base + "/dashboard");
    if (!response.headers()["content-security-policy"]) throw new Error("no Content-Security-Policy on the dashboard");
    if (cspViolations.length) throw new Error(cspViolations.join(" | "));
  });

  await context.close();
  return out;
}
