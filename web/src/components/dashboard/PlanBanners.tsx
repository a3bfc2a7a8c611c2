import { Link } from "react-router";
import { AlertTriangle, CalendarX, CreditCard, Info } from "lucide-react";
import type { PlanBanner } from "./planBanners";

const ICONS = {
  "camera-near-cap": AlertTriangle,
  "camera-cap": AlertTriangle,
  "past-due": CreditCard,
  "grace-ended": CreditCard,
  "cancel-pending": CalendarX,
} satisfies Record<PlanBanner["id"], typeof Info>;

/** Plan and billing banners (camera cap, past due, cancellation), each with its way out. */
export default function PlanBanners({ banners }: { banners: PlanBanner[] }) {
  if (!banners.length) return null;
  return (
    <div className="dash-banners">
      {banners.map((banner) => {
        const Icon = ICONS[banner.id];
        return (
          <div
            key={banner.id}
            className={`banner dash-banner dash-banner-${banner.tone}`}
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
          </div>
        );
      })}
    </div>
  );
}
