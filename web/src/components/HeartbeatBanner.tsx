import { useEffect, useState } from "react";
import { CheckCircle2 } from "lucide-react";
import { errorStatus, getNode } from "../services/api";
import type { Schemas } from "../services/api";

type NodeItem = Schemas["NodeItem"];

interface PendingNode {
  nodeId: string;
  since: number;
}

export const PENDING_NODE_KEY = "sentinel.pendingNode";

export function rememberPendingNode(nodeId: string): void {
  localStorage.setItem(PENDING_NODE_KEY, JSON.stringify({ nodeId, since: Date.now() }));
}

function readPending(): PendingNode | null {
  try {
    return JSON.parse(localStorage.getItem(PENDING_NODE_KEY) || "null") as PendingNode | null;
  } catch {
    return null;
  }
}

// After an admin creates a node: poll it until its first heartbeat (last_seen set), then
// say so and go away. Dismissal is remembered.
export default function HeartbeatBanner({ onConnected, intervalMs = 4000 }: { onConnected?: (node: NodeItem) => void; intervalMs?: number }) {
  const [pending, setPending] = useState(readPending);
  const [connected, setConnected] = useState<NodeItem | null>(null);
  // The node's name, from the first poll: the banner names the node, never just its id.
  const [name, setName] = useState<string | null>(null);

  useEffect(() => {
    const onStorage = () => setPending(readPending());
    window.addEventListener("sentinel:pending-node", onStorage);
    window.addEventListener("storage", onStorage);
    return () => {
      window.removeEventListener("sentinel:pending-node", onStorage);
      window.removeEventListener("storage", onStorage);
    };
  }, []);

  useEffect(() => {
    if (!pending?.nodeId) return undefined;
    const { nodeId } = pending;
    setName(null);
    let stopped = false;
    const poll = async () => {
      try {
        const node = await getNode(nodeId);
        if (stopped) return;
        setName(node.name || null);
        if (node.last_seen) {
          localStorage.removeItem(PENDING_NODE_KEY);
          setConnected(node);
          setPending(null);
          onConnected?.(node);
        }
      } catch (error) {
        if (errorStatus(error) === 404) {
          localStorage.removeItem(PENDING_NODE_KEY);
          setPending(null);
        }
      }
    };
    poll();
    const timer = setInterval(poll, intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [pending, intervalMs, onConnected]);

  useEffect(() => {
    if (!connected) return undefined;
    const timer = setTimeout(() => setConnected(null), 8000);
    return () => clearTimeout(timer);
  }, [connected]);

  if (connected) {
    return (
      <div className="banner banner-ok" role="status" data-testid="heartbeat-banner-done">
        <CheckCircle2 size={18} aria-hidden="true" />
        <strong>{connected.name || connected.node_id} is connected.</strong> Cameras appear here as soon as they start streaming.
      </div>
    );
  }
  if (!pending?.nodeId) return null;
  return (
    <div className="banner banner-info" role="status" data-testid="heartbeat-banner">
      <span className="spinner" aria-hidden="true" />
      <span>
        <strong>Waiting for the first heartbeat from {name ? `node ${name}` : "your new node"}…</strong> Run the install command on the
        camera machine; it usually takes 30–60 seconds.
      </span>
      <button
        type="button"
        className="link-button"
        onClick={() => {
          localStorage.removeItem(PENDING_NODE_KEY);
          setPending(null);
        }}
      >
        Dismiss
      </button>
    </div>
  );
}
