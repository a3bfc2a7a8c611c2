// Creates a share link (rest-api §14) for one camera or one camera group, then shows its
// address once. Opened from Settings → Shared links, a camera card or the camera viewer.

import { useId, useMemo, useState } from "react";
import type { FormEvent } from "react";
import { Link } from "react-router";
import { Share2 } from "lucide-react";
import Modal from "../Modal";
import { useAsync } from "../../hooks/useAsync";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import type { CreateShareLinkRequest, ShareLinkCreated, ShareScope } from "../../api/shareLinks";
import { compareNames } from "../../util/format";
import { DEFAULT_EXPIRY_HOURS, EXPIRY_CHOICES, MAX_VIEWERS } from "./shareText";
import ShareLinkReveal from "./ShareLinkReveal";
import "../../styles/share.css";

type Camera = Pick<Schemas["CameraItem"], "camera_id" | "name">;
type Group = Pick<Schemas["GroupItem"], "id" | "name">;

export interface ShareDialogProps {
  onClose: () => void;
  /** After a link was made (the list behind the dialog reloads). */
  onCreated?: (link: ShareLinkCreated) => void;
  /** The server answered 402 plan_required: the opener can show its upgrade hint. */
  onPlanRequired?: () => void;
  /** Preselected camera (opened from that camera). */
  camera?: Camera | null;
  /** The cameras and groups to choose from, when the opener has them; loaded otherwise. */
  cameras?: Camera[];
  groups?: Group[];
}

const defaultLabel = (name: string | undefined) => (name ? `${name} – shared` : "");

/** Loads the cameras or groups only when the opener did not pass them. */
function useTargets(cameras: Camera[] | undefined, groups: Group[] | undefined) {
  const loadedCameras = useAsync(api.listCameras, [], { enabled: cameras === undefined });
  const loadedGroups = useAsync(api.listGroups, [], { enabled: groups === undefined });
  return useMemo(
    () => ({
      cameras: [...(cameras ?? loadedCameras.data ?? [])].sort((a, b) => compareNames(a.name, b.name)),
      groups: [...(groups ?? loadedGroups.data ?? [])].sort((a, b) => compareNames(a.name, b.name)),
      loading: (cameras === undefined && loadedCameras.loading) || (groups === undefined && loadedGroups.loading),
    }),
    [cameras, groups, loadedCameras.data, loadedCameras.loading, loadedGroups.data, loadedGroups.loading],
  );
}

interface Failure {
  message: string;
  planRequired: boolean;
}

export default function ShareDialog({ onClose, onCreated, onPlanRequired, camera = null, cameras, groups }: ShareDialogProps) {
  const ids = useId();
  const targets = useTargets(cameras, groups);
  const [scope, setScope] = useState<ShareScope>("camera");
  const [cameraId, setCameraId] = useState(camera?.camera_id ?? "");
  const [groupId, setGroupId] = useState<number | null>(null);
  const [label, setLabel] = useState<string | null>(null);
  const [hours, setHours] = useState(DEFAULT_EXPIRY_HOURS);
  const [cap, setCap] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [created, setCreated] = useState<ShareLinkCreated | null>(null);

  const chosenCamera = targets.cameras.find((c) => c.camera_id === cameraId) ?? (camera?.camera_id === cameraId ? camera : undefined);
  const effectiveGroupId = groupId ?? targets.groups[0]?.id ?? null;
  const chosenGroup = targets.groups.find((g) => g.id === effectiveGroupId);
  // The label follows the chosen target until the admin types one of their own.
  const shownLabel = label ?? defaultLabel(scope === "camera" ? chosenCamera?.name : chosenGroup?.name);
  const capNumber = cap.trim() === "" ? null : Number(cap);
  const capInvalid = capNumber !== null && (!Number.isInteger(capNumber) || capNumber < 1 || capNumber > MAX_VIEWERS);
  const targetMissing = scope === "camera" ? !cameraId : effectiveGroupId === null;
  const labelInvalid = shownLabel.trim() === "" || shownLabel.trim().length > 100;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (capInvalid || targetMissing || labelInvalid) return;
    setBusy(true);
    setFailure(null);
    const target = scope === "camera" ? { camera_id: cameraId } : { group_id: effectiveGroupId ?? 0 };
    const body: CreateShareLinkRequest = { label: shownLabel.trim(), expires_in_hours: hours, max_viewers: capNumber, ...target };
    try {
      const link = await api.createShareLink(body);
      setCreated(link);
      onCreated?.(link);
    } catch (err) {
      const planRequired = api.errorStatus(err) === 402;
      setFailure({ message: api.errorMessage(err, "Could not create the link."), planRequired });
      if (planRequired) onPlanRequired?.();
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Modal title="Share link created" onClose={onClose} footer={<button type="button" className="btn btn-primary" onClick={onClose}>Done</button>}>
        <ShareLinkReveal link={created} />
      </Modal>
    );
  }

  const formId = `${ids}-form`;
  return (
    <Modal
      title={camera ? `Share ${camera.name}` : "New share link"}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy || targetMissing || capInvalid || labelInvalid}>
            <Share2 size={16} aria-hidden="true" /> {busy ? "Creating…" : "Create link"}
          </button>
        </>
      }
    >
      <form id={formId} className="share-form" onSubmit={submit} noValidate>
        <p className="muted small">Anyone with the link can watch live, without an account, until it expires or you revoke it.</p>
        <label className="field">
          <span>Label</span>
          <input value={shownLabel} maxLength={100} required onChange={(e) => setLabel(e.target.value)} aria-invalid={labelInvalid} />
        </label>
        <div className="share-form-row">
          <label className="field">
            <span>Share</span>
            <select value={scope} onChange={(e) => setScope(e.target.value === "group" ? "group" : "camera")}>
              <option value="camera">One camera</option>
              <option value="group" disabled={targets.groups.length === 0}>A camera group</option>
            </select>
          </label>
          {scope === "camera" ? (
            <label className="field">
              <span>Camera</span>
              <select value={cameraId} onChange={(e) => setCameraId(e.target.value)}>
                {!cameraId && <option value="">{targets.loading ? "Loading cameras…" : "Choose a camera"}</option>}
                {camera && !targets.cameras.some((c) => c.camera_id === camera.camera_id) && <option value={camera.camera_id}>{camera.name}</option>}
                {targets.cameras.map((c) => <option key={c.camera_id} value={c.camera_id}>{c.name}</option>)}
              </select>
            </label>
          ) : (
            <label className="field">
              <span>Group</span>
              <select value={effectiveGroupId ?? ""} onChange={(e) => setGroupId(Number(e.target.value))}>
                {targets.groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
              </select>
            </label>
          )}
        </div>
        <div className="share-form-row">
          <label className="field">
            <span>Expires after</span>
            <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {EXPIRY_CHOICES.map((choice) => <option key={choice.hours} value={choice.hours}>{choice.label}</option>)}
            </select>
          </label>
          <label className="field">
            <span>Viewer limit (optional, 1–{MAX_VIEWERS})</span>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_VIEWERS}
              value={cap}
              placeholder="No limit"
              aria-invalid={capInvalid}
              aria-describedby={capInvalid ? `${ids}-cap-error` : undefined}
              onChange={(e) => setCap(e.target.value)}
            />
          </label>
        </div>
        {capInvalid && <p id={`${ids}-cap-error`} className="error-text small">Enter a whole number from 1 to {MAX_VIEWERS}, or leave it empty.</p>}
        {failure && (
          <div className="share-error" role="alert">
            <p className="error-text">{failure.message}</p>
            {failure.planRequired && (
              <p>
                Share links come with the Pro and Pro Plus plans. <Link to="/pricing" onClick={onClose}>See plans</Link>
              </p>
            )}
          </div>
        )}
      </form>
    </Modal>
  );
}
