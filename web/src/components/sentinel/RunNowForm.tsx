import { useState } from "react";
import type { FormEvent } from "react";
import { Play } from "lucide-react";
import { useToasts } from "../../hooks/useToasts";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import type { AgentState } from "../../services/sentinelApi";

type Camera = Schemas["CameraItem"];

export interface RunNowFormProps {
  cameras: Camera[] | undefined;
  /** Whether an agent is there to claim the run right away. */
  agentState: AgentState;
  onStarted: () => void;
}

/** The toast after queuing: honest about a run no agent will pick up. */
function queuedMessage(state: AgentState): { kind: "success" | "warning"; text: string } {
  if (state === "connected") return { kind: "success", text: "Run queued. The agent picks it up within seconds." };
  if (state === "unknown") return { kind: "success", text: "Run queued. A connected agent picks it up within seconds; until then it waits as pending." };
  return {
    kind: "warning",
    text: "Run queued, but no agent is picking runs up right now: it stays pending, counts toward this month's quota, and expires after 6 hours.",
  };
}

export default function RunNowForm({ cameras, agentState, onStarted }: RunNowFormProps) {
  const toast = useToasts();
  const [prompt, setPrompt] = useState("");
  const [cameraId, setCameraId] = useState("");
  const [busy, setBusy] = useState(false);
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.runSentinelNow({ prompt, cameraId });
      const queued = queuedMessage(agentState);
      if (queued.kind === "warning") toast.warning(queued.text, { duration: 9000 });
      else toast.success(queued.text);
      setPrompt("");
      onStarted();
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={run} aria-labelledby="run-now">
      <h2 id="run-now">Run now</h2>
      <label className="field"><span>What should Sentinel look at? (optional)</span><textarea maxLength={2000} value={prompt} onChange={(e) => setPrompt(e.target.value)} /></label>
      <div className="row">
        <label className="inline-field"><span>Camera</span>
          <select value={cameraId} onChange={(e) => setCameraId(e.target.value)}><option value="">Any</option>{(cameras ?? []).map((c) => <option key={c.camera_id} value={c.camera_id}>{c.name}</option>)}</select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}><Play size={16} aria-hidden="true" />{busy ? "Queuing…" : "Run now"}</button>
      </div>
    </form>
  );
}

