// Route sweep: every route in App.tsx, per role and viewport, one step each. A step fails
// on horizontal overflow (with the widest offending element), an uncaught error or console
// error, a failed request, or an axe-core violation of impact serious/critical. Desktop
// and phone also write <route>-<role>-<viewport>.png; 360 and 430 px check overflow only.

import { NARROW_WIDTHS, VIEWPORTS, describeOverflow, findOverflow, seriousAxeViolations, shot, sleep, waitForPage, watchPage } from "../lib.mjs";

// A share link that never existed: the public share page's "not found" state.
const BOGUS_SHARE = "/share/shr_00000000000000000000000000000000";
const PUBLIC = ["/", "/pricing", "/security", "/legal/privacy", "/legal/terms", "/legal/acceptable-use", "/docs", "/sign-in", "/sign-up", "/no-such-page", BOGUS_SHARE];
const SIGNED_IN = ["/dashboard", "/settings", "/sentinel", "/docs", "/pricing"];
const ADMIN_TABS = ["stream-logs", "mcp", "audit-log", "stats"];
const adminOnly = (incidentId) => [
  "/incidents",
  ...(incidentId != null ? [`/incidents/${incidentId}`] : []),
  "/mcp",
  "/integrations",
  "/admin",
  ...ADMIN_TABS.map((tab) => `/admin/${tab}`),
  "/test-hls",
];

/** File-name slug of a route: "/" → home, "/incidents/7" → incidents-id. */
function slug(route) {
  if (route === "/") return "home";
  if (route === "/no-such-page") return "not-found";
  if (route === BOGUS_SHARE) return "share-not-found";
  return route.slice(1).replace(/\/\d+$/, "/id").replace(/\//g, "-");
}

// Problems a route is expected to show, keyed "<role> <route>", as patterns matched against
// watchPage's lines (e.g. /^HTTP 403 GET \/api\/nodes$/). Anything not listed must be clean.
const EXPECTED = {
  // The page asks the server about the link, which answers 404 (rest-api §14.2).
  [`anon ${BOGUS_SHARE}`]: [/^HTTP 404 GET \/api\/share\/shr_0+$/],
};

function problemsOf(watcher, route, role) {
  return watcher.take(EXPECTED[`${role} ${route}`] ?? []);
}

async function checkLoaded({ page, watcher, route, role, viewportName }) {
  const issues = [];
  const overflow = await findOverflow(page);
  if (overflow) issues.push(`overflow: ${describeOverflow(overflow)}`);
  issues.push(...(await seriousAxeViolations(page)));
  await shot(page, `${slug(route)}-${role}-${viewportName}`);
  issues.push(...problemsOf(watcher, route, role));
  if (issues.length) throw new Error(`${issues.length} problem(s)\n${issues.join("\n")}`);
}

async function sweepPage({ base, page, watcher, runner, route, role }) {
  const label = (viewport) => `sweep: ${route} as ${role} at ${viewport}`;
  for (const [viewportName, size] of Object.entries(VIEWPORTS)) {
    await runner.step(label(`${viewportName} ${size.width}x${size.height}`), async () => {
      await page.setViewportSize(size);
      watcher.clear();
      await page.goto(base + route);
      await waitForPage(page);
      await checkLoaded({ page, watcher, route, role, viewportName });
    });
  }
  // The page is loaded at phone size now; narrower and wider phones only reflow it.
  for (const width of NARROW_WIDTHS) {
    await runner.step(label(`${width}px (overflow)`), async () => {
      await page.setViewportSize({ width, height: VIEWPORTS.phone.height });
      await sleep(250);
      const overflow = await findOverflow(page);
      const problems = problemsOf(watcher, route, role);
      if (overflow || problems.length) throw new Error([overflow && `overflow: ${describeOverflow(overflow)}`, ...problems].filter(Boolean).join("\n"));
    });
  }
}

async function expectRedirect({ base, page, watcher, runner, route }) {
  for (const [viewportName, size] of Object.entries(VIEWPORTS)) {
    await runner.step(`sweep: ${route} as member at ${viewportName} redirects to /dashboard`, async () => {
      await page.setViewportSize(size);
      watcher.clear();
      await page.goto(base + route);
      await page.waitForURL((url) => url.pathname === "/dashboard", { timeout: 10000 });
      await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
      const problems = problemsOf(watcher, route, "member");
      if (problems.length) throw new Error(problems.join("\n"));
    });
  }
}

// The signed-in shell's phone menu: open, every link visible, nothing wider than the screen.
async function sweepPhoneMenu({ base, page, watcher, runner, role }) {
  for (const width of [360, VIEWPORTS.phone.width, 430]) {
    await runner.step(`sweep: nav menu open as ${role} at ${width}px`, async () => {
      await page.setViewportSize({ width, height: VIEWPORTS.phone.height });
      watcher.clear();
      await page.goto(base + "/dashboard");
      await waitForPage(page);
      await page.getByRole("button", { name: "Menu" }).click();
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.getByRole("link", { name: "Pricing" }).waitFor();
      const issues = [];
      const overflow = await findOverflow(page);
      if (overflow) issues.push(`overflow: ${describeOverflow(overflow)}`);
      issues.push(...(await seriousAxeViolations(page)));
      if (width === VIEWPORTS.phone.width) await shot(page, `nav-menu-${role}-phone`);
      await nav.getByRole("link", { name: "Settings" }).click();
      await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
      if (await nav.isVisible()) issues.push("the menu stays open after choosing a page");
      issues.push(...problemsOf(watcher, "menu", role));
      if (issues.length) throw new Error(`${issues.length} problem(s)\n${issues.join("\n")}`);
    });
  }
}

// The notification inbox is a popover: on a phone it must open fully on screen.
async function sweepInbox({ base, page, watcher, runner, role }) {
  for (const [viewportName, size] of [["phone 360px", { width: 360, height: 780 }], ["desktop", VIEWPORTS.desktop]]) {
    await runner.step(`sweep: notification inbox open as ${role} at ${viewportName}`, async () => {
      await page.setViewportSize(size);
      watcher.clear();
      await page.goto(base + "/dashboard");
      await waitForPage(page);
      await page.getByRole("button", { name: /^Notifications/ }).click();
      const inbox = page.getByRole("dialog", { name: "Notification inbox" });
      await inbox.waitFor();
      await page.waitForFunction(() => !document.querySelector(".inbox .loading"), null, { timeout: 5000 });
      const box = await inbox.boundingBox();
      const issues = [];
      if (!box || box.x < 0 || box.x + box.width > size.width + 1) issues.push(`inbox is off screen: ${JSON.stringify(box)} on a ${size.width}px viewport`);
      const overflow = await findOverflow(page);
      if (overflow) issues.push(`overflow: ${describeOverflow(overflow)}`);
      issues.push(...(await seriousAxeViolations(page)));
      await shot(page, `inbox-${role}-${viewportName.startsWith("phone") ? "phone" : "desktop"}`);
      await page.keyboard.press("Escape");
      if (await inbox.isVisible()) issues.push("Escape does not close the inbox");
      issues.push(...problemsOf(watcher, "inbox", role));
      if (issues.length) throw new Error(`${issues.length} problem(s)\n${issues.join("\n")}`);
    });
  }
}

export async function sweepFlow({ base, runner, contexts, incidentId }) {
  const plan = [
    ["anon", PUBLIC, []],
    ["admin", [...SIGNED_IN, ...adminOnly(incidentId)], []],
    ["member", SIGNED_IN, adminOnly(incidentId)],
  ];
  for (const [role, routes, redirects] of plan) {
    const page = await contexts[role].newPage();
    const watcher = watchPage(page, base);
    for (const route of routes) await sweepPage({ base, page, watcher, runner, route, role });
    for (const route of redirects) await expectRedirect({ base, page, watcher, runner, route });
    if (role !== "anon") await sweepPhoneMenu({ base, page, watcher, runner, role });
    if (role !== "anon") await sweepInbox({ base, page, watcher, runner, role });
    await page.close();
  }
}
