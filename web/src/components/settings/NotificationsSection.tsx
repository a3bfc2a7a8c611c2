import { Bell } from "lucide-react";
import { useAsync } from "../../hooks/useAsync";
import { useToasts } from "../../hooks/useToasts";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import LoadingSpinner from "../LoadingSpinner";
import SettingsSection from "./SettingsSection";

type InboxToggle = keyof Schemas["InboxToggles"];
type EmailToggle = keyof Schemas["EmailPreferencesRequest"] | "email_welcome";

const INBOX_TOGGLES: [InboxToggle, string][] = [
  ["motion_notifications", "Motion events"],
  ["camera_transition_notifications", "Cameras going offline / online"],
  ["node_transition_notifications", "Nodes going offline / online"],
];

const EMAIL_TOGGLES: [EmailToggle, string][] = [
  ["email_camera_offline", "Camera offline / online"],
  ["email_node_offline", "Node offline / online"],
  ["email_incident_created", "New incidents"],
  ["email_mcp_key_audit", "MCP key created / revoked"],
  ["email_cameranode_disk_low", "CameraNode disk low"],
  ["email_member_audit", "Member changes"],
  ["email_motion", "Motion (with cooldown and digest)"],
  ["email_welcome", "Welcome e-mail"],
];

const onOff = (on: boolean) => (on ? "on" : "off");

export default function NotificationsSection({ isAdmin }: { isAdmin: boolean }) {
  return (
    <SettingsSection
      id="settings-notifications"
      title="Notification settings"
      icon={Bell}
      help={<>Inbox toggles decide what appears under the bell for everyone in the organisation. E-mail goes to the organisation's admins. Motion ingestion is the master switch: off, nodes' motion events are dropped before they are stored or announced.</>}
    >
      <div className="settings-grid">
        <div>
          <InboxToggles isAdmin={isAdmin} />
          <MotionIngestion isAdmin={isAdmin} />
        </div>
        <EmailToggles isAdmin={isAdmin} />
      </div>
    </SettingsSection>
  );
}

function InboxToggles({ isAdmin }: { isAdmin: boolean }) {
  const toast = useToasts();
  const inbox = useAsync(api.getNotificationSettings, []);
  const set = async (key: InboxToggle, label: string, on: boolean) => {
    if (!inbox.data) return;
    const next = { ...inbox.data, [key]: on };
    try {
      // The server answers `{success}`; the toggles are what was sent.
      await api.updateNotificationSettings(next);
      inbox.setData(next);
      toast.success(`Inbox notifications for ${label.toLowerCase()} turned ${onOff(on)}.`);
    } catch (err) {
      toast.error(err);
    }
  };
  return (
    <fieldset className="toggle-group">
      <legend>Inbox</legend>
      {inbox.data ? INBOX_TOGGLES.map(([key, label]) => (
        <label key={key} className="check"><input type="checkbox" checked={Boolean(inbox.data?.[key])} disabled={!isAdmin} onChange={(e) => set(key, label, e.target.checked)} />{label}</label>
      )) : inbox.error ? <p className="error-text">{inbox.error.message}</p> : <LoadingSpinner inline />}
    </fieldset>
  );
}

function MotionIngestion({ isAdmin }: { isAdmin: boolean }) {
  const toast = useToasts();
  const motion = useAsync(api.getMotionIngestion, []);
  const set = async (on: boolean) => {
    try {
      motion.setData(await api.setMotionIngestion(on));
      toast.success(on ? "Motion events from nodes are accepted again." : "Motion ingestion paused: nodes' motion events are dropped.");
    } catch (err) {
      toast.error(err);
    }
  };
  return (
    <fieldset className="toggle-group">
      <legend>Motion ingestion</legend>
      {motion.data ? (
        <label className="check"><input type="checkbox" checked={Boolean(motion.data.motion_ingestion_enabled)} disabled={!isAdmin} onChange={(e) => set(e.target.checked)} />Accept motion events from nodes</label>
      ) : motion.error ? <p className="error-text">{motion.error.message}</p> : <LoadingSpinner inline />}
    </fieldset>
  );
}

function EmailToggles({ isAdmin }: { isAdmin: boolean }) {
  const toast = useToasts();
  const email = useAsync(api.getEmailPreferences, []);
  const set = async (key: EmailToggle, label: string, on: boolean) => {
    try {
      email.setData(await api.updateEmailPreferences({ [key]: on }));
      toast.success(`E-mail for ${label.toLowerCase()} turned ${onOff(on)}.`);
    } catch (err) {
      toast.error(err);
    }
  };
  return (
    <fieldset className="toggle-group">
      <legend>E-mail</legend>
      {email.data ? (
        <>
          {!email.data.email_globally_enabled && <p className="muted small">E-mail delivery is switched off on this server (EMAIL_ENABLED); preferences are kept for when it is on.</p>}
          {EMAIL_TOGGLES.map(([key, label]) => (
            <label key={key} className="check">
              <input type="checkbox" checked={Boolean(email.data?.preferences?.[key])} disabled={!isAdmin || key === "email_welcome"} onChange={(e) => set(key, label, e.target.checked)} />
              {label}
            </label>
          ))}
        </>
      ) : email.error ? <p className="error-text">{email.error.message}</p> : <LoadingSpinner inline />}
    </fieldset>
  );
}
