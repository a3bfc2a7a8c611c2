// End-to-end smoke of the built dashboard against the real server, in headless Chromium
// (Debian's `chromium`, driven by playwright-core; nothing is downloaded).
//
//   npm run build && npm run e2e
//
// Starts `sentinel serve` in local mode on a free port with a temp database and
// STATIC_DIR=web/dist, signs in as the local admin, creates a node in the UI, runs
// `sentinel simulate-node` with the key the UI showed, waits for the HeartbeatBanner to
// clear and the camera to play, then checks MCP keys, incidents and the member view.
// Screenshots go to <repo>/target/e2e-screenshots.
//
// Env: SENTINEL_BIN (default $CARGO_TARGET_DIR or ~/.cache/sentinel/target, debug/sentinel),
// CHROMIUM (default /usr/bin/chromium).

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const targetDir = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache/sentinel/target");
const bin = process.env.SENTINEL_BIN || join(targetDir, "debug", "sentinel");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = join(repo, "target", "e2e-screenshots");
mkdirSync(shots, { recursive: true });

for (const [what, path] of [["sentinel binary", bin], ["chromium", chromiumPath], ["web build", join(here, "..", "dist", "index.html")]]) {
  if (!existsSync(path)) {
    console.error(`missing ${what} at ${path}`);
    process.exit(2);
  }
}

const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const children = [];
const start = (args, env = {}) => {
  const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  child.log = () => log;
  children.push(child);
  return child;
};
// SIGTERM lets the server drain gracefully (open streams can hold it for its shutdown
// timeout), so anything still alive shortly after gets SIGKILL.
const stopAll = () => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL"));
const stopGracefully = async () => {
  children.forEach((c) => c.exitCode === null && c.kill("SIGTERM"));
  await new Promise((r) => setTimeout(r, 3000));
  stopAll();
};
process.on("exit", stopAll);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const work = mkdtempSync(join(tmpdir(), "sentinel-e2e-"));
const server = start(["serve"], {
  PORT: String(port),
  DATABASE_URL: `sqlite:///${join(work, "e2e.db")}`,
  STATIC_DIR: join(here, "..", "dist"),
  FRONTEND_URL: base,
  CLERK_SECRET_KEY: "",
  CLERK_PUBLISHABLE_KEY: "",
});
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 200));
}

let passed = 0;
let failed = 0;
const step = async (name, fn) => {
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${String(error.message).split("\n")[0]}`);
  }
};

const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"] });
const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
const pageErrors = [];
page.on("pageerror", (e) => pageErrors.push(e.message));
// The server's Content-Security-Policy must not block anything the dashboard does.
const cspViolations = [];
page.on("console", (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
const videoAdvances = (selector) =>
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

let nodeId = "";
let apiKey = "";

await step("landing page renders", async () => {
  await page.goto(base + "/");
  await page.getByRole("heading", { level: 1 }).waitFor();
  await shot("landing");
});

await step("local admin signs in and sees the admin welcome", async () => {
  await page.goto(base + "/dashboard");
  await page.getByRole("button", { name: "Local admin" }).click();
  await page.getByRole("heading", { name: "Set up your first camera" }).waitFor();
  await shot("dashboard-empty");
});

await step("admin creates a node and sees its one-time key", async () => {
  await page.getByRole("button", { name: "Add a node" }).click();
  await page.getByLabel("Name (optional)").fill("E2E node");
  await page.getByRole("button", { name: "Create node" }).click();
  nodeId = (await page.getByTestId("new-node-id").textContent()).trim();
  apiKey = (await page.getByTestId("new-node-key").textContent()).trim();
  if (!/^[0-9a-f]{8}$/.test(nodeId) || apiKey.length !== 36) throw new Error(`unexpected credentials ${nodeId} / ${apiKey}`);
  await shot("add-node");
  await page.getByRole("button", { name: "I saved the key" }).click();
  await page.getByTestId("heartbeat-banner").waitFor();
});

await step("heartbeat banner clears once the node checks in, camera goes live", async () => {
  start(["simulate-node", "--node-id", nodeId, "--api-key", apiKey, "--api-url", base, "--cameras", "1", "--heartbeat-interval", "5"]);
  await page.getByTestId("heartbeat-banner-done").waitFor({ timeout: 40000 });
  await page.locator("article.camera-card video").first().waitFor({ timeout: 30000 });
  await videoAdvances("article.camera-card video");
  await shot("dashboard-live");
});

await step("full-screen player plays", async () => {
  await page.evaluate(() => delete window.__t0);
  await page.getByRole("button", { name: "View" }).first().click();
  await videoAdvances(".modal video");
  await shot("player");
  await page.keyboard.press("Escape");
});

await step("MCP key is shown exactly once", async () => {
  await page.goto(base + "/mcp");
  await page.getByRole("button", { name: "New key" }).click();
  await page.getByLabel("Name").fill("E2E agent");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-mcp-key").textContent()).trim();
  if (!/^osc_[0-9a-f]{32}$/.test(key)) throw new Error(`bad key ${key}`);
  await page.getByRole("button", { name: "I saved the key" }).click();
  await page.getByRole("cell", { name: "E2E agent" }).waitFor();
  if ((await page.content()).includes(key)) throw new Error("key still visible after closing");
  await shot("mcp");
});

await step("incident created through the API appears in the list", async () => {
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("sentinel.localSession")).token);
  const res = await fetch(`${base}/api/incidents`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ title: "E2E intruder", summary: "Someone at the door", severity: "high" }),
  });
  if (res.status !== 201) throw new Error(`create incident: HTTP ${res.status}`);
  await page.goto(base + "/incidents");
  await page.getByRole("link", { name: "E2E intruder" }).click();
  await page.getByRole("dialog").getByText("Someone at the door").waitFor();
  await shot("incidents");
});

for (const [path, heading, name] of [
  ["/settings", "Settings", "settings"],
  ["/admin/audit-log", "Admin", "admin"],
  ["/sentinel", "Sentinel AI", "sentinel"],
  ["/integrations", "Integrations", "integrations"],
  ["/pricing", "Simple plans that grow with your cameras", "pricing"],
  ["/docs", "Documentation", "docs"],
]) {
  await step(`${path} renders`, async () => {
    await page.goto(base + path);
    await page.getByRole("heading", { name: heading, exact: true }).first().waitFor();
    await page.waitForTimeout(500);
    await shot(name);
  });
}

await step("a member sees no admin controls", async () => {
  await page.goto(base + "/dashboard");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Local member" }).click();
  await page.locator("article.camera-card").first().waitFor();
  const adminButtons = await page.getByRole("button", { name: /^(Record|Stop recording|Add node)$/ }).count();
  const adminLinks = await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^(Admin|MCP|Incidents|Integrations)$/ }).count();
  if (adminButtons || adminLinks) throw new Error(`member sees ${adminButtons} admin buttons and ${adminLinks} admin links`);
  await page.goto(base + "/admin");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await shot("member-dashboard");
});

await step("phone layout", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + "/dashboard");
  await page.getByRole("heading", { name: "Dashboard" }).waitFor();
  await shot("phone-dashboard");
});

await step("no uncaught page errors", async () => {
  if (pageErrors.length) throw new Error(pageErrors.join(" | "));
});

await step("the Content-Security-Policy blocks nothing", async () => {
  const response = await page.request.get(base + "/dashboard");
  if (!response.headers()["content-security-policy"]) throw new Error("no Content-Security-Policy on the dashboard");
  if (cspViolations.length) throw new Error(cspViolations.join(" | "));
});

await browser.close();
await stopGracefully();
if (failed) console.log(server.log().split("\n").slice(-20).join("\n"));
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
