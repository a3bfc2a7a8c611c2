import { Link } from "react-router";

// Numbers from the plan table (plans-and-auth.md §1.1).
export const PLANS = [
  { slug: "free_org", name: "Free", price: "$0", period: "forever", features: ["5 cameras, 2 nodes", "30 viewer hours / month", "2 seats", "30-day log retention", "MCP and Home Assistant keys"] },
  { slug: "pro", name: "Pro", price: "$12", period: "per month ($120/yr)", featured: true, features: ["25 cameras, 10 nodes", "300 viewer hours / month", "10 seats", "90-day log retention", "Sentinel AI: 100 runs / month", "Audit dashboard and danger zone"] },
  { slug: "pro_plus", name: "Pro Plus", price: "$29", period: "per month ($300/yr)", features: ["200 cameras, unlimited nodes", "1,500 viewer hours / month", "20 seats", "365-day log retention", "Sentinel AI: 500 runs / month", "Higher MCP rate limits"] },
];

export default function PricingPage() {
  return (
    <div className="page">
      <header className="landing-hero" style={{ paddingBottom: "1rem" }}>
        <h1>Simple plans that grow with your cameras</h1>
        <p className="lead">Pay for viewing time, not for storage: recordings stay on your own CloudNode.</p>
      </header>
      <div className="pricing-grid">
        {PLANS.map((p) => (
          <article key={p.slug} className={`panel plan-card${p.featured ? " featured" : ""}`} aria-labelledby={`plan-${p.slug}`}>
            <h2 id={`plan-${p.slug}`}>{p.name}</h2>
            <div><span className="plan-price">{p.price}</span> <span className="muted">{p.period}</span></div>
            <ul>{p.features.map((f) => <li key={f}>{f}</li>)}</ul>
            <Link className={`btn ${p.featured ? "btn-primary" : ""}`} to="/sign-up">{p.slug === "free_org" ? "Start free" : `Choose ${p.name}`}</Link>
          </article>
        ))}
      </div>
      <p className="muted small" style={{ textAlign: "center" }}>Past-due accounts keep full service for a 7-day grace period.</p>
    </div>
  );
}
