import { Link } from "react-router";
import { useAuth } from "../auth/AuthContext";

const FEATURES = [
  ["Live video, anywhere", "CloudNodes push one-second HLS segments; the Command Center serves them from memory to every browser on your team."],
  ["Motion alerts", "Scene-change detection on the node, a toast and an inbox entry here, and an e-mail when you want one."],
  ["Sentinel AI", "An agent that looks at the cameras when motion fires and files an incident report with snapshots and clips."],
  ["MCP for your agents", "Give Claude, Cursor or your own agent scoped, revocable keys to list cameras, view frames and open incidents."],
  ["Home Assistant", "Integration keys expose cameras, snapshots, recording toggles and a motion feed to Home Assistant."],
  ["Private by design", "Recordings stay on your CloudNode. Live segments live in memory only, never in object storage."],
];

export default function LandingPage() {
  const { signedIn } = useAuth();
  return (
    <div className="landing">
      <section className="landing-hero">
        <h1>Every camera you own, one calm dashboard.</h1>
        <p className="lead">Sentinel by SourceBox turns any machine with cameras into a CloudNode and streams it to your team in seconds, with motion alerts and an AI that writes the incident report for you.</p>
        <div className="hero-actions">
          <Link className="btn btn-primary btn-large" to={signedIn ? "/dashboard" : "/sign-in"}>{signedIn ? "Open dashboard" : "Sign in"}</Link>
          <Link className="btn btn-large" to="/docs">Read the docs</Link>
        </div>
      </section>
      <section className="feature-grid" aria-label="Features">
        {FEATURES.map(([title, text]) => (
          <article key={title} className="panel feature">
            <h2>{title}</h2>
            <p className="muted">{text}</p>
          </article>
        ))}
      </section>
    </div>
  );
}
