import { useAuth } from "../auth/AuthContext";
import { useAsync } from "../hooks/useAsync";
import { getPlan } from "../services/api";
import PlanCards from "../components/pricing/PlanCards";
import PlanComparison from "../components/pricing/PlanComparison";
import PricingExplainer from "../components/pricing/PricingExplainer";
import PricingFaq from "../components/pricing/PricingFaq";
import CurrentPlan from "../components/pricing/CurrentPlan";
import ManagePlan from "../components/pricing/ManagePlan";
import { GRACE_DAYS } from "../components/pricing/plans";
import "../styles/pricing.css";

// Signed out: the public price list. Signed in: the same list around the organisation's
// current plan and usage, with "Manage plan" (Clerk billing, or the local-mode recipe).
export default function PricingPage() {
  const { signedIn } = useAuth();
  const plan = useAsync(getPlan, [signedIn], { enabled: signedIn });
  return (
    <div className="page pricing-page">
      <header className="landing-hero pricing-hero">
        <h1>Simple plans that grow with your cameras</h1>
        <p className="lead">Pay for viewing time, not for storage: recordings stay on your own CloudNode.</p>
      </header>
      {signedIn && <CurrentPlan plan={plan} />}
      <PlanCards signedIn={signedIn} currentSlug={plan.data?.plan} />
      <p className="muted small pricing-note">Past-due accounts keep full service for a {GRACE_DAYS}-day grace period.</p>
      {signedIn && <ManagePlan />}
      <PricingExplainer />
      <PlanComparison />
      <PricingFaq />
    </div>
  );
}
