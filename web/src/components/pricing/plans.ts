// Every number here comes from the server's plan table and gates (docs/plans-and-auth.md §1.1,
// docs/mcp.md §2.3, docs/integration-and-sentinel.md §3.1, docs/rest-api.md §14 for share
// links); prices from plans.py's docstring.
// Change them together with the server, never on their own.

export type PlanSlug = "free_org" | "pro" | "pro_plus";

export interface PlanSpec {
  slug: PlanSlug;
  name: string;
  price: string;
  period: string;
  featured?: boolean;
  cameras: number;
  nodes: number;
  seats: number;
  viewerHours: number;
  liveStreams: number;
  retentionDays: number;
  /** MCP tool calls: null = not on this plan (keys can still be created). */
  mcp: { perMinute: number; perDay: number } | null;
  /** Sentinel AI runs per calendar month (UTC): 0 = not on this plan. */
  sentinelRuns: number;
}

export const PLANS: PlanSpec[] = [
  { slug: "free_org", name: "Free", price: "$0", period: "forever", cameras: 5, nodes: 2, seats: 2, viewerHours: 30, liveStreams: 10, retentionDays: 30, mcp: null, sentinelRuns: 0 },
  { slug: "pro", name: "Pro", price: "$12", period: "per month, or $120 a year", featured: true, cameras: 25, nodes: 10, seats: 10, viewerHours: 300, liveStreams: 30, retentionDays: 90, mcp: { perMinute: 30, perDay: 5000 }, sentinelRuns: 100 },
  { slug: "pro_plus", name: "Pro Plus", price: "$29", period: "per month, or $300 a year", cameras: 200, nodes: 999, seats: 20, viewerHours: 1500, liveStreams: 100, retentionDays: 365, mcp: { perMinute: 120, perDay: 30000 }, sentinelRuns: 500 },
];

export const GRACE_DAYS = 7;

const n = (value: number) => value.toLocaleString("en-US");

/** The bullet list on a plan card, in the order an operator weighs them. */
export function planHighlights(plan: PlanSpec): string[] {
  return [
    `${n(plan.cameras)} cameras on ${n(plan.nodes)} nodes`,
    `${n(plan.viewerHours)} viewer hours a month`,
    `${n(plan.seats)} seats`,
    `${plan.retentionDays}-day log retention`,
    plan.mcp ? `MCP for AI agents: ${n(plan.mcp.perMinute)} calls/min, ${n(plan.mcp.perDay)}/day per key` : "MCP tool calls: not included",
    plan.sentinelRuns ? `Sentinel AI: ${n(plan.sentinelRuns)} runs a month` : "Sentinel AI: not included",
    includesShareLinks(plan) ? "Share links: a live view for guests, up to 7 days" : "Share links: not included",
    "Home Assistant integration",
  ];
}

/** Rows of the comparison table: label and the cell for each plan. */
export const COMPARISON: [label: string, cell: (plan: PlanSpec) => string][] = [
  ["Cameras", (p) => n(p.cameras)],
  ["CloudNodes", (p) => n(p.nodes)],
  ["Seats (organisation members)", (p) => n(p.seats)],
  ["Viewer hours per month", (p) => n(p.viewerHours)],
  ["Open live-update streams", (p) => n(p.liveStreams)],
  ["Log retention", (p) => `${p.retentionDays} days`],
  ["MCP tool calls", (p) => (p.mcp ? `${n(p.mcp.perMinute)}/min, ${n(p.mcp.perDay)}/day per key` : "Not included")],
  ["Sentinel AI runs per month", (p) => (p.sentinelRuns ? n(p.sentinelRuns) : "Not included")],
  ["Share links (guest live view)", (p) => (includesShareLinks(p) ? "Included" : "Not included")],
  ["Wipe logs (danger zone)", (p) => (p.slug === "free_org" ? "Not included" : "Included")],
];

/** Share links are a paid feature (the server answers 402 `plan_required` on Free). */
export function includesShareLinks(plan: PlanSpec): boolean {
  return plan.slug !== "free_org";
}

export function planBySlug(slug: string | undefined): PlanSpec | undefined {
  return PLANS.find((p) => p.slug === slug || (slug === "free" && p.slug === "free_org"));
}
