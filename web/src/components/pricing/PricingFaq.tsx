import { GRACE_DAYS } from "./plans";

// Answers follow the server's behaviour (docs/plans-and-auth.md, docs/rest-api.md §9.4).
const FAQ: [question: string, answer: string][] = [
  ["What is a viewer hour?", "Live video arrives in one-second segments. Every segment a browser plays counts one viewer-second for your organisation, so one person watching one camera for an hour uses one viewer hour, and two people watching it use two. The count resets on the 1st of each month (UTC). When it runs out, live playback pauses until the 1st or until you upgrade."],
  ["Do recordings count against my plan?", "No. Continuous and scheduled recordings are written on your CloudNode's own disk and never leave it, so storage is yours and is not metered. Only live viewing is."],
  ["What happens when I have more cameras than my plan allows?", "The oldest cameras, up to your plan's limit, keep streaming; the rest are shown as suspended. Nothing is deleted, so an upgrade brings them back at once."],
  ["What if a payment fails?", `You keep full service for a ${GRACE_DAYS}-day grace period while you update your billing details. Creating nodes and MCP keys pauses while the payment is past due. After ${GRACE_DAYS} days the organisation falls back to the Free plan's limits until the payment succeeds.`],
  ["Can I use MCP and Sentinel AI on the Free plan?", "You can create MCP keys on any plan, but AI agents can call the tools only on Pro and Pro Plus, within that plan's per-key rate limits. Sentinel AI runs on Pro (100 runs a month) and Pro Plus (500 runs a month)."],
  ["What if I cancel?", "A cancelled subscription keeps its plan until the end of the period you paid for, then the organisation moves to Free. Your cameras, incidents and settings stay."],
  ["How does a local-mode Command Center pick its plan?", "A Command Center started without a sign-in provider runs in local mode: there is no billing, and the operator sets the plan with the LOCAL_PLAN setting (Pro Plus unless set). Sign in and open Manage plan for the steps."],
];

export default function PricingFaq() {
  return (
    <section className="panel pricing-faq" aria-labelledby="pricing-faq">
      <h2 id="pricing-faq">Frequently asked questions</h2>
      {FAQ.map(([question, answer]) => (
        <details key={question} className="faq-item">
          <summary>{question}</summary>
          <p>{answer}</p>
        </details>
      ))}
    </section>
  );
}
