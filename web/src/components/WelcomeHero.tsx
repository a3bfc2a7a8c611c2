import { Link } from "react-router";
import { Plus, ShieldCheck } from "lucide-react";
import { requestAdminPromotion } from "../services/api";
import { useToasts } from "../hooks/useToasts";

export function AdminWelcomeHero({ hasNode, onAddNode }: { hasNode: boolean; onAddNode: () => void }) {
  return (
    <section className="hero panel" aria-labelledby="welcome-admin">
      <h2 id="welcome-admin">Set up your first camera</h2>
      <ol className="checklist">
        <li className={hasNode ? "done" : ""}>
          <strong>Create a CloudNode.</strong> It gives you a one-time key and an install command.
          {!hasNode && <div><button type="button" className="btn btn-primary" onClick={onAddNode}><Plus size={16} aria-hidden="true" /> Add a node</button></div>}
        </li>
        <li>
          <strong>Install it on the machine with the cameras.</strong> Linux and macOS use the install script; Windows uses the MSI.
          <div><Link to="/docs#cloudnode-setup">Install guide</Link></div>
        </li>
        <li>
          <strong>Watch the camera go live.</strong> This page updates on its own when the first segments arrive.
        </li>
      </ol>
    </section>
  );
}

export function MemberWelcomeHero() {
  const toast = useToasts();
  return (
    <section className="hero panel" aria-labelledby="welcome-member">
      <h2 id="welcome-member">Welcome to Sentinel</h2>
      <ul className="capabilities">
        <li><strong>Live monitoring</strong> — every camera of your team in one grid.</li>
        <li><strong>Motion alerts</strong> — a toast and an inbox entry when a scene changes.</li>
        <li><strong>Team workspace</strong> — your admins add nodes and cameras; they show up here.</li>
      </ul>
      <p className="muted">No cameras yet. Ask an admin to add a CloudNode, or request admin access.</p>
      <button
        type="button"
        className="btn"
        onClick={() => requestAdminPromotion().then((r) => toast.success(r.message || "Request sent to your admins."), (e) => toast.error(e))}
      >
        <ShieldCheck size={16} aria-hidden="true" /> Request admin access
      </button>
    </section>
  );
}
