import { useState } from "react";
import { Link } from "react-router";
import { AlertTriangle, CalendarX, CreditCard, Info, X } from "lucide-react";
import type { PlanBanner } from "./planBanners";

// Notices that need no action now can be put away for the browser session; the camera cap
// and billing problems cannot, as they stop cameras.
const DISMISSIBLE: ReadonlySet<PlanBanner["id"]> = new Set(["camera-near-cap", "cancel-pending"]);
export const DISMISSED_KEY = "sentinel.dashboard.dismissedBanners";

function readDismissed(): string[] {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) || "[]");
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

const ICONS = {
  "camera-near-cap": AlertTriangle,
  "camera-cap": AlertTriangle,
  "past-due": CreditCard,
  "grace-ended": CreditCard,
  "cancel-pending": CalendarX,
} satisfies Record<PlanBanner["id"], typeof Info>;

/** Plan and billing banners (camera cap, past due, cancellation), each with its way out. */
export default function PlanBanners({ banners }: { banners: PlanBanner[] }) {
  const [dismissed, setDismissed] = useState(readDismissed);
  const dismiss = (id: PlanBanner["id"]) => {
    const next = [...dismissed, id];
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(next));
    setDismissed(next);
  };
  const shown = banners.filter((b) => !(DISMISSIBLE.has(b.id) && dismissed.includes(b.id)));
  if (!shown.length) return null;
  return (
    <div className="dash-banners">
      {shown.map((banner) => {
        const Icon = ICONS[banner.id];
        return (
          <div
            key={banner.id}
            className={`banner dash-banner dash-banner-${banner.tone}${DISMISSIBLE.has(banner.id) ? " has-dismiss" : ""}`}
            role={banner.tone === "info" ? "status" : "alert"}
            data-testid={`plan-banner-${banner.id}`}
          >
            <Icon size={18} aria-hidden="true" className="dash-banner-icon" />
            <div className="dash-banner-text">
              <strong>{banner.title}.</strong> {banner.text}
            </div>
            {banner.action && (
              <Link className="btn btn-small dash-banner-action" to={banner.action.to}>
                {banner.action.label}
              </Link>
            )}
            {DISMISSIBLE.has(banner.id) && (
              <button type="button" className="icon-button dash-banner-dismiss" aria-label={`Dismiss: ${banner.title}`} onClick={() => dismiss(banner.id)}>
                <X size={16} aria-hidden="true" />
              </button>
            )}
          </div>
        );
      })}
    </div>
  );
}
