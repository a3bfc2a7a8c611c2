import { useState } from "react";
import { Download, Eraser, TriangleAlert, Trash2 } from "lucide-react";
import { useToasts } from "../../hooks/useToasts";
import * as api from "../../services/api";
import Modal from "../Modal";
import SettingsSection from "./SettingsSection";

type Action = "wipe" | "reset";

const PHRASES: Record<Action, string> = { wipe: "WIPE LOGS", reset: "DELETE EVERYTHING" };

export default function DangerZone() {
  const [confirm, setConfirm] = useState<Action | null>(null);
  return (
    <SettingsSection
      id="settings-danger"
      title="Danger zone"
      icon={TriangleAlert}
      className="danger-zone"
      help={<>Export gives you a copy of everything this organisation stores (GDPR Art. 20). Wiping logs and the full reset cannot be undone; each asks you to type a phrase first.</>}
    >
      <div className="danger-rows">
        <ExportRow />
        <div className="danger-row">
          <div><strong>Wipe logs</strong><p className="muted small">Deletes stream access and MCP activity logs (Pro and Pro Plus).</p></div>
          <button type="button" className="btn btn-danger" onClick={() => setConfirm("wipe")}><Eraser size={16} aria-hidden="true" /> Wipe logs</button>
        </div>
        <div className="danger-row">
          <div><strong>Full reset</strong><p className="muted small">Erases every node, camera, incident, log and setting of this organisation (GDPR Art. 17).</p></div>
          <button type="button" className="btn btn-danger" onClick={() => setConfirm("reset")}><Trash2 size={16} aria-hidden="true" /> Full reset</button>
        </div>
      </div>
      {confirm && <ConfirmDanger action={confirm} onClose={() => setConfirm(null)} />}
    </SettingsSection>
  );
}

function ExportRow() {
  const toast = useToasts();
  const [busy, setBusy] = useState(false);
  const exportData = async () => {
    setBusy(true);
    try {
      await api.downloadResponse(await api.exportOrgData(), "gdpr-export.zip");
      toast.success("Export ready: the ZIP is downloading.");
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="danger-row">
      <div><strong>Export all data</strong><p className="muted small">A ZIP of every table for this organisation (GDPR Art. 20).</p></div>
      <button type="button" className="btn" disabled={busy} onClick={exportData}><Download size={16} aria-hidden="true" /> {busy ? "Exporting…" : "Export"}</button>
    </div>
  );
}

function ConfirmDanger({ action, onClose }: { action: Action; onClose: () => void }) {
  const toast = useToasts();
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const phrase = PHRASES[action];

  const run = async () => {
    setBusy(true);
    try {
      if (action === "wipe") {
        const res = await api.wipeLogs();
        toast.success(`Deleted ${res.deleted_logs} stream log(s) and ${res.deleted_mcp_logs} MCP log(s).`);
      } else {
        const res = await api.fullReset();
        toast.success(`Reset complete: ${res.nodes_deleted} node(s), ${res.cameras_deleted} camera(s) deleted.`);
      }
      onClose();
    } catch (err) {
      toast.error(err);
      setBusy(false);
    }
  };

  return (
    <Modal
      title={action === "reset" ? "Erase all organisation data?" : "Wipe logs?"}
      onClose={onClose}
      footer={<><button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button><button type="button" className="btn btn-danger" disabled={typed !== phrase || busy} onClick={run}>{busy ? "Working…" : "Confirm"}</button></>}
    >
      <p>This cannot be undone. Type <code>{phrase}</code> to confirm.</p>
      <label className="field"><span>Confirmation</span><input data-autofocus value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} /></label>
    </Modal>
  );
}
