import { Link } from "react-router";
import { Check } from "lucide-react";
import { PLANS, planHighlights } from "./plans";
import type { PlanSpec } from "./plans";

export interface PlanCardsProps {
  signedIn: boolean;
  /** The signed-in organisation's plan slug, once known. */
  currentSlug?: string;
}

// Signed out, a plan's button starts sign-up. Signed in, sending an admin to sign-up is a
// dead end, so every card points at the "Manage plan" section of this page instead.
function PlanAction({ plan, signedIn, current }: { plan: PlanSpec; signedIn: boolean; current: boolean }) {
  if (current) return <span className="pill pill-admin plan-current" data-testid="current-plan-pill">Your current plan</span>;
  if (signedIn) {
    return <a className={`btn ${plan.featured ? "btn-primary" : ""}`} href="#manage-plan" aria-label={`Manage plan: ${plan.name}`}>Manage plan</a>;
  }
  return (
    <Link className={`btn ${plan.featured ? "btn-primary" : ""}`} to="/sign-up">
      {plan.slug === "free_org" ? "Start free" : `Choose ${plan.name}`}
    </Link>
  );
}

export default function PlanCards({ signedIn, currentSlug }: PlanCardsProps) {
  const current = currentSlug === "free" ? "free_org" : currentSlug;
  return (
    <div className="pricing-grid">
      {PLANS.map((plan) => (
        <article key={plan.slug} className={`panel plan-card${plan.featured ? " featured" : ""}${plan.slug === current ? " current" : ""}`} aria-labelledby={`plan-${plan.slug}`}>
          <h2 id={`plan-${plan.slug}`}>{plan.name}</h2>
          <div><span className="plan-price">{plan.price}</span> <span className="muted">{plan.period}</span></div>
          <ul className="plan-features">
            {planHighlights(plan).map((line) => (
              <li key={line}><Check size={14} aria-hidden="true" /> <span>{line}</span></li>
            ))}
          </ul>
          <PlanAction plan={plan} signedIn={signedIn} current={plan.slug === current} />
        </article>
      ))}
    </div>
  );
}
