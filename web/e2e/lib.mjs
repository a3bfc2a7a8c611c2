// The browser suite's harness: the server and simulator processes, sessions, step counting,
// screenshots and the per-page checks (overflow, errors, failed requests, axe-core).
// Flows live in e2e/flows/*.mjs; e2e/smoke.mjs runs them in order.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const webDir = join(here, "..");
export const repoDir = join(webDir, "..");
const targetDir = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache/sentinel/target");
export const bin = process.env.SENTINEL_BIN || join(targetDir, "debug", "sentinel");
export const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
export const distDir = join(webDir, "dist");
export const shotsDir = join(repoDir, "target", "e2e-screenshots");
const axePath = join(webDir, "node_modules", "axe-core", "axe.min.js");

export const VIEWPORTS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
};
/** Extra phone widths checked for horizontal overflow only. */
export const NARROW_WIDTHS = [360, 430];

export function checkPrerequisites() {
  const missing = [
    ["sentinel binary (SENTINEL_BIN)", bin],
    ["chromium (CHROMIUM)", chromiumPath],
    ["web build (npm run build)", join(distDir, "index.html")],
    ["axe-core (npm ci)", axePath],
  ].filter(([, path]) => !existsSync(path));
  for (const [what, path] of missing) console.error(`missing ${what} at ${path}`);
  if (missing.length) process.exit(2);
}

/** Screenshots are rewritten every run, so stale ones from renamed pages never linger. */
export function resetScreenshots() {
  mkdirSync(shotsDir, { recursive: true });
  for (const name of readdirSync(shotsDir)) if (name.endsWith(".png")) rmSync(join(shotsDir, name));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const freePort = () =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

// ---------------------------------------------------------------------------------------
// Processes

const children = [];

/** Runs `sentinel <args>` with extra env; its output is kept for the failure report. */
export function startSentinel(args, env = {}) {
  const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (data) => {
    log += data;
    if (log.length > 200_000) log = log.slice(-100_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.log = () => log;
  children.push(child);
  return child;
}

// SIGTERM lets the server drain gracefully (open streams can hold it for its shutdown
// timeout), so anything still alive shortly after gets SIGKILL.
const killAll = () => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL"));
process.on("exit", killAll);
export async function stopProcesses() {
  children.forEach((c) => c.exitCode === null && c.kill("SIGTERM"));
  await sleep(3000);
  killAll();
}

/** `sentinel serve` in local mode on a free port, a temp database, and web/dist. */
export async function startServer() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const work = mkdtempSync(join(tmpdir(), "sentinel-e2e-"));
  const server = startSentinel(["serve"], {
    PORT: String(port),
    DATABASE_URL: `sqlite:///${join(work, "e2e.db")}`,
    STATIC_DIR: distDir,
    FRONTEND_URL: base,
    CLERK_SECRET_KEY: "",
    CLERK_PUBLISHABLE_KEY: "",
  });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, server };
    } catch {
      /* not up yet */
    }
    if (server.exitCode !== null) break;
    await sleep(200);
  }
  console.error(server.log());
  throw new Error("the server did not come up");
}

/** A simulated CloudNode pushing `cameras` synthetic streams. */
export function startSimulator({ base, nodeId, apiKey, cameras = 2 }) {
  return startSentinel(["simulate-node", "--node-id", nodeId, "--api-key", apiKey, "--api-url", base, "--cameras", String(cameras), "--heartbeat-interval", "5"]);
}

// ---------------------------------------------------------------------------------------
// Steps

/** Counts steps; a failing step is reported and the run goes on. */
export function createRunner() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      await fn();
      counts.passed += 1;
      console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
      return true;
    } catch (error) {
      counts.failed += 1;
      const lines = String(error?.message ?? error).split("\n").filter(Boolean);
      failures.push(name);
      console.log(`FAIL ${name}: ${lines[0] ?? "failed"}`);
      for (const line of lines.slice(1, 25)) console.log(`       ${line}`);
      return false;
    }
  };
  const skip = (name, why) => {
    counts.skipped += 1;
    console.log(`skip ${name}: ${why}`);
  };
  return { step, skip, counts, failures };
}

// ---------------------------------------------------------------------------------------
// Browser and sessions

export const launchBrowser = () =>
  chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"] });

/** A local-mode session straight from the API (what the "Local admin/member" buttons do). */
export async function localSession(base, role) {
  const res = await fetch(`${base}/api/local/session`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ role }) });
  if (!res.ok) throw new Error(`local session for ${role}: HTTP ${res.status}`);
  return res.json();
}

/**
 * A browser context already signed in as `role` ("admin", "member") or signed out
 * ("anon"): the session is put where the app keeps it before any page script runs.
 */
export async function newRoleContext(browser, base, role, viewport = VIEWPORTS.desktop) {
  const context = await browser.newContext({ viewport });
  if (role !== "anon") {
    const session = await localSession(base, role);
    const stored = JSON.stringify({ token: session.token, expires_at: session.expires_at });
    await context.addInitScript((value) => localStorage.setItem("sentinel.localSession", value), stored);
    await context.addCookies([{ name: "__session", value: session.token, url: base }]);
    context.token = session.token;
  }
  return context;
}

/** fetch against the API with a bearer token; throws unless the status is `expect`. */
export async function api(base, token, method, path, body, expect = 200) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status !== expect) throw new Error(`${method} ${path}: HTTP ${res.status} (expected ${expect}) ${(await res.text()).slice(0, 200)}`);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const shot = (page, name) => page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });

// ---------------------------------------------------------------------------------------
// Page health: errors and failed requests

/**
 * Collects what went wrong on a page since the last `take()`: uncaught errors, console
 * errors, and failed same-origin requests (HTTP >= 400 or network failure). `allow`
 * patterns (matched against "<status> <METHOD> <path>" or the message) are expected.
 */
export function watchPage(page, base) {
  let problems = [];
  const origin = new URL(base).origin;
  const pathOf = (url) => url.slice(origin.length);
  page.on("pageerror", (error) => problems.push(`pageerror: ${String(error.message).split("\n")[0]}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    // The failed response itself is reported (with its URL) by the response listener.
    if (/^Failed to load resource/.test(message.text())) return;
    problems.push(`console error: ${message.text().split("\n")[0].slice(0, 300)}`);
  });
  page.on("response", (response) => {
    if (!response.url().startsWith(origin) || response.status() < 400) return;
    problems.push(`HTTP ${response.status()} ${response.request().method()} ${pathOf(response.url())}`);
  });
  page.on("requestfailed", (request) => {
    const why = request.failure()?.errorText ?? "failed";
    // Leaving a page aborts its open streams (SSE, HLS): that is not a failure.
    if (!request.url().startsWith(origin) || why.includes("ERR_ABORTED")) return;
    problems.push(`request failed: ${request.method()} ${pathOf(request.url())} (${why})`);
  });
  return {
    take(allow = []) {
      const found = problems.filter((p) => !allow.some((pattern) => pattern.test(p)));
      problems = [];
      return found;
    },
    clear() {
      problems = [];
    },
  };
}

// ---------------------------------------------------------------------------------------
// Page checks

/** Waits for the page's h1 and for the spinners in <main> to go, then lets it settle. */
export async function waitForPage(page) {
  await page
    .locator("main h1, main [role=heading][aria-level='1']")
    .first()
    .waitFor({ timeout: 15000 })
    .catch(() => {
      throw new Error(`no <h1> inside <main> within 15 s at ${page.url()}`);
    });
  await page
    .waitForFunction(() => !document.querySelector("main .loading, main .skeleton"), null, { timeout: 6000 })
    .catch(() => {
      /* some pages keep a spinner for live data; checks run anyway */
    });
  await sleep(350);
}

/**
 * Horizontal overflow of the document. Returns null when it fits, else the widths and the
 * widest element sticking out of the viewport that no scrolling/clipping box contains.
 */
export function findOverflow(page) {
  return page.evaluate(() => {
    const viewport = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= viewport) return null;
    const clips = (el) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);
    // Inside a scrolling/clipping box that fits, an element cannot widen the page, unless
    // it is absolutely positioned against something outside that box (then it escapes
    // the clip: the classic visually-hidden span in a scrolling table).
    const contained = (el) => {
      for (let node = el; node && node !== document.body; ) {
        const position = getComputedStyle(node).position;
        if (position === "fixed") return true;
        const next = position === "absolute" ? node.offsetParent : node.parentElement;
        if (!next || next === document.body) return false;
        if (clips(next) && next.getBoundingClientRect().right <= viewport + 1) return true;
        node = next;
      }
      return false;
    };
    const selector = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body && parts.length < 8; e = e.parentElement) {
        let part = e.tagName.toLowerCase();
        if (e.id) {
          parts.unshift(`${part}#${e.id}`);
          break;
        }
        const classes = [...e.classList].slice(0, 2);
        if (classes.length) part += `.${classes.join(".")}`;
        const siblings = e.parentElement ? [...e.parentElement.children].filter((s) => s.tagName === e.tagName) : [];
        if (siblings.length > 1) part += `:nth-of-type(${siblings.indexOf(e) + 1})`;
        parts.unshift(part);
      }
      return parts.join(" > ");
    };
    let widest = null;
    for (const el of document.body.querySelectorAll("*")) {
      const rect = el.getBoundingClientRect();
      if (rect.right <= viewport + 1 || rect.width === 0 || contained(el)) continue;
      if (!widest || rect.width > widest.width) widest = { selector: selector(el), width: Math.round(rect.width), right: Math.round(rect.right) };
    }
    return { scrollWidth, viewport, widest };
  });
}

export function describeOverflow(overflow) {
  const where = overflow.widest ? `; widest: ${overflow.widest.selector} (${overflow.widest.width}px wide, right edge ${overflow.widest.right}px)` : "";
  return `page is ${overflow.scrollWidth}px wide on a ${overflow.viewport}px viewport${where}`;
}

let axeSource = null;

/** axe-core violations with impact serious or critical, as "rule: target, target" lines. */
export async function seriousAxeViolations(page) {
  // Evaluated through DevTools rather than page.addScriptTag: the server's CSP (rightly)
  // refuses inline scripts, and the suite must not weaken it to test the pages.
  axeSource ??= readFileSync(axePath, "utf8");
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `axe ${v.impact} ${v.id} (${v.help}): ${v.targets.slice(0, 6).join(" | ")}${v.targets.length > 6 ? ` (+${v.targets.length - 6} more)` : ""}`);
}
