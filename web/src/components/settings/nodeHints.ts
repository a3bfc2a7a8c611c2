import type { Schemas } from "../../services/api";
import { formatRelative } from "../../util/format";

export type NodeRow = Schemas["NodeListItem"];

export interface NodeHint {
  kind: "register-error" | "unsupported" | "update" | "waiting";
  tone: "bad" | "warn" | "info";
  title: string;
  text: string;
}

/**
 * What an admin should know about a node, most urgent first: a failing registration with
 * the reason the server stored, a version below the supported minimum, a newer release
 * (from the release feed), or a node that never checked in.
 */
export function nodeHints(node: NodeRow, now = Date.now()): NodeHint[] {
  const hints: NodeHint[] = [];
  if (node.last_register_error) {
    const when = node.last_register_error_at ? ` (${formatRelative(node.last_register_error_at, now)})` : "";
    hints.push({ kind: "register-error", tone: "bad", title: "Registration failing", text: `${node.last_register_error}${when}` });
  }
  const running = `v${node.node_version}`;
  if (node.node_version && node.version_supported === false) {
    hints.push({
      kind: "unsupported",
      tone: "bad",
      title: "Version no longer supported",
      text: `Runs ${running}; the minimum is v${node.min_supported_node_version}. Re-run the installer to update.`,
    });
  } else if (node.update_available && node.node_version) {
    // The server also names the latest release for a node that never reported a version
    // (never connected); that is not an update to offer.
    hints.push({ kind: "update", tone: "warn", title: "Update available", text: `v${node.update_available} is out (this node runs ${running}). Re-run the installer to update.` });
  }
  if (node.status === "pending" && !node.last_seen && !node.last_register_error) {
    hints.push({ kind: "waiting", tone: "info", title: "Waiting for the first heartbeat", text: "Install the CloudNode with this node's id and key (see Install a CloudNode below)." });
  }
  return hints;
}
