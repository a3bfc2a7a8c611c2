import { useState } from "react";
import { Globe } from "lucide-react";
import { useToasts } from "../../hooks/useToasts";
import type { AsyncResult } from "../../hooks/useAsync";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import SettingsSection from "./SettingsSection";

const TIMEZONES = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

export default function TimezoneSection({ settings, isAdmin }: { settings: AsyncResult<Schemas["OrgSettings"]>; isAdmin: boolean }) {
  const toast = useToasts();
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const current = value ?? settings.data?.timezone ?? "UTC";

  const save = async () => {
    setBusy(true);
    try {
      const res = await api.setTimezone(current.trim());
      toast.success(`Timezone set to ${res.timezone}.`);
      settings.reload();
      setValue(null);
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SettingsSection
      id="settings-timezone"
      title="Timezone"
      icon={Globe}
      help={<>Scheduled recording windows and daily digests follow this IANA timezone (for example Europe/Berlin). Times in the dashboard itself use your browser's timezone.</>}
    >
      <div className="row">
        <label htmlFor="settings-tz">Organisation timezone</label>
        <input id="settings-tz" list="settings-tz-list" value={current} disabled={!isAdmin} onChange={(e) => setValue(e.target.value)} />
        <datalist id="settings-tz-list">{TIMEZONES.map((tz) => <option key={tz} value={tz} />)}</datalist>
        {isAdmin && <button type="button" className="btn" disabled={value === null || busy} onClick={save}>{busy ? "Saving…" : "Save timezone"}</button>}
      </div>
    </SettingsSection>
  );
}
