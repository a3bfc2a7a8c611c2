import { Camera, Clock, HardDrive, Sparkles } from "lucide-react";

// What a plan actually meters, so the numbers on the cards mean something.
const POINTS = [
  { Icon: Camera, title: "Cameras and nodes", text: "Each plan covers a number of cameras across your CloudNodes. Extra cameras are suspended, never deleted." },
  { Icon: Clock, title: "Viewer hours", text: "Live viewing is metered per organisation: one person watching one camera for an hour is one viewer hour. The count resets on the 1st of each month." },
  { Icon: HardDrive, title: "Recordings stay yours", text: "Recordings and snapshots are kept on your CloudNode's disk, so storage is never billed here." },
  { Icon: Sparkles, title: "Agents on paid plans", text: "MCP tool calls for your AI agents and Sentinel AI investigations come with Pro and Pro Plus." },
];

export default function PricingExplainer() {
  return (
    <section className="explainer-grid" aria-label="How plans work">
      {POINTS.map(({ Icon, title, text }) => (
        <article key={title} className="panel explainer">
          <h2><Icon size={18} aria-hidden="true" /> {title}</h2>
          <p className="muted">{text}</p>
        </article>
      ))}
    </section>
  );
}
