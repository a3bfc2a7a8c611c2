// Clerk mode only, loaded lazily by ManagePlan so a local build never pulls Clerk's billing UI.
// Plans are organisation subscriptions (the server reads the org's Clerk billing plan slug).
import { PricingTable } from "@clerk/clerk-react";

export default function ClerkBilling() {
  return <PricingTable for="organization" newSubscriptionRedirectUrl="/pricing" />;
}
