// The browser suite: the built dashboard against the real server, in headless Chromium
// (Debian's `chromium`, driven by playwright-core; nothing is downloaded).
//
//   npm run build && SENTINEL_BIN=… npm run e2e
//
// 1. smoke  — sign in through the UI, add a node, run `sentinel simulate-node` with the key
//             the UI showed, watch it stream, MCP key, incidents, member view (flows/smoke.mjs)
// 2. tasks  — operator tasks by accessible name: rotate a node key, create and revoke an
//             MCP key, set a recording schedule (flows/tasks.mjs)
// 3. sweep  — every route × role × viewport: overflow, errors, failed requests, axe-core
//             serious/critical, screenshots (flows/sweep.mjs)
//
// Screenshots: <repo>/target/e2e-screenshots/<route>-<role>-<viewport>.png (rewritten every run).
// Env: SENTINEL_BIN (default $CARGO_TARGET_DIR or ~/.cache/sentinel/target, debug/sentinel),
// CHROMIUM (default /usr/bin/chromium), E2E_PARTS (default "smoke,tasks,sweep").
// The last line is `e2e: N passed, M failed` (CI parses it); exit status 1 on any failure.

import { api, sleep, checkPrerequisites, createRunner, launchBrowser, newRoleContext, resetScreenshots, shotsDir, startServer, startSimulator, stopProcesses } from "./lib.mjs";
import { smokeFlow } from "./flows/smoke.mjs";
import { taskFlow } from "./flows/tasks.mjs";
import { sweepFlow } from "./flows/sweep.mjs";

const parts = new Set((process.env.E2E_PARTS || "smoke,tasks,sweep").split(",").map((p) => p.trim()));
const started = Date.now();

checkPrerequisites();
resetScreenshots();
const { base, server } = await startServer();
const runner = createRunner();
const browser = await launchBrowser();

// Without the smoke flow (E2E_PARTS=sweep), a node is made through the API instead.
async function liveNodeWithoutSmoke(adminToken) {
  const node = await api(base, adminToken, "POST", "/api/nodes", { name: "E2E node" });
  startSimulator({ base, nodeId: node.node_id, apiKey: node.api_key, cameras: 2 });
  for (let i = 0; i < 60 && !(await api(base, adminToken, "GET", "/api/cameras")).length; i++) await sleep(500);
  const incident = await api(base, adminToken, "POST", "/api/incidents", { title: "E2E intruder", summary: "Someone at the door", severity: "high" }, 201);
  await api(base, adminToken, "POST", "/api/mcp/keys", { name: "E2E agent" });
  return { incidentId: incident.id };
}

try {
  const contexts = {
    anon: await newRoleContext(browser, base, "anon"),
    admin: await newRoleContext(browser, base, "admin"),
    member: await newRoleContext(browser, base, "member"),
  };
  const adminToken = contexts.admin.token;
  let data = { incidentId: null };
  if (parts.has("smoke")) data = await smokeFlow({ base, browser, runner });
  else data = await liveNodeWithoutSmoke(adminToken);
  if (parts.has("tasks")) await taskFlow({ base, browser, runner, adminContext: contexts.admin, adminToken });
  if (parts.has("sweep")) await sweepFlow({ base, runner, contexts, incidentId: data.incidentId });
  for (const context of Object.values(contexts)) await context.close();
} catch (error) {
  runner.counts.failed += 1;
  console.log(`FAIL harness: ${error?.stack ?? error}`);
}

await browser.close();
await stopProcesses();
const { passed, failed, skipped } = runner.counts;
if (failed) {
  console.log("\nFailed steps:");
  for (const name of runner.failures) console.log(`  - ${name}`);
  console.log("\nLast server log lines:");
  console.log(server.log().split("\n").slice(-20).join("\n"));
}
console.log(`\nscreenshots: ${shotsDir}`);
console.log(`took ${Math.round((Date.now() - started) / 1000)}s; ${skipped} skipped`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
