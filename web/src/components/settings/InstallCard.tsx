import { Download } from "lucide-react";
import SettingsSection from "./SettingsSection";
import InstallTabs from "./InstallTabs";

/** Settings' install card: the CloudNode installer for the visitor's OS, with placeholders. */
export default function InstallCard() {
  return (
    <SettingsSection
      id="settings-install"
      title="Install a CloudNode"
      icon={Download}
      help={<>A CloudNode is the small program next to your cameras that records and uploads video. Create a node first (Add node) to get its id and one-time API key, then run the installer on the machine the cameras are plugged into.</>}
    >
      <p className="muted small">Replace <code>&lt;node_id&gt;</code> and <code>&lt;api_key&gt;</code> with the values shown when you add a node (Rotate key issues a new key if it was lost).</p>
      <InstallTabs testId="settings-install-command" />
    </SettingsSection>
  );
}
