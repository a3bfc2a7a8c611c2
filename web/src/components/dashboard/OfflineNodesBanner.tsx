import { Link } from "react-router";
import { ServerOff } from "lucide-react";
import type { OfflineNode } from "./presence";

const list = (names: string[]) => (names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`);

/** One line per node whose cameras are all offline, by node name, so the cause is clear. */
export default function OfflineNodesBanner({ nodes, isAdmin = false }: { nodes: OfflineNode[]; isAdmin?: boolean }) {
  if (!nodes.length) return null;
  return (
    <div className="banner dash-banner dash-banner-warn" role="status" data-testid="offline-nodes-banner">
      <ServerOff size={18} aria-hidden="true" className="dash-banner-icon" />
      <div className="dash-banner-text">
        {nodes.map((node) => (
          <p key={node.nodeId} className="dash-banner-line">
            <strong>Node {node.name} is not reporting.</strong>{" "}
            {node.cameras.length === 1 ? `Its camera ${node.cameras[0]?.name} is offline.` : `All ${node.cameras.length} of its cameras are offline: ${list(node.cameras.map((c) => c.name))}.`}
          </p>
        ))}
      </div>
      {isAdmin && (
        <Link className="btn btn-small dash-banner-action" to="/settings#settings-nodes">
          Check nodes
        </Link>
      )}
    </div>
  );
}
