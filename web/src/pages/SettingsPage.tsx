import { useOutletContext } from "react-router";
import { useAsync } from "../hooks/useAsync";
import { usePlanInfo } from "../hooks/usePlanInfo";
import * as api from "../services/api";
import type { OutletContext } from "../components/Layout";
import OrgCard from "../components/settings/OrgCard";
import NodesSection from "../components/settings/NodesSection";
import InstallCard from "../components/settings/InstallCard";
import PlanSection from "../components/settings/PlanSection";
import CamerasSection from "../components/settings/CamerasSection";
import GroupsSection from "../components/settings/GroupsSection";
import ShareLinksSection from "../components/settings/ShareLinksSection";
import TimezoneSection from "../components/settings/TimezoneSection";
import NotificationsSection from "../components/settings/NotificationsSection";
import DangerZone from "../components/settings/DangerZone";
import "../styles/settings.css";

export default function SettingsPage() {
  const { isAdmin } = useOutletContext<OutletContext>();
  const settings = useAsync(api.getSettings, []);
  const groups = useAsync(api.listGroups, []);
  const plan = usePlanInfo();
  return (
    <div className="page settings-page">
      <div className="page-header"><h1>Settings</h1></div>
      {!isAdmin && <p className="muted">You're a member: settings are read-only. Ask an admin to change them.</p>}
      <OrgCard plan={plan} />
      {isAdmin && <NodesSection onChanged={plan.reload} />}
      {isAdmin && <InstallCard />}
      <PlanSection plan={plan} />
      {isAdmin && <CamerasSection groups={groups} />}
      {isAdmin && <GroupsSection groups={groups} />}
      {isAdmin && <ShareLinksSection plan={plan} groups={groups} />}
      <TimezoneSection settings={settings} isAdmin={isAdmin} />
      <NotificationsSection isAdmin={isAdmin} />
      {isAdmin && <DangerZone />}
    </div>
  );
}
