import { useState } from "react";
import { Link2, Plus, Sparkles, Trash2 } from "lucide-react";
import { useAsync } from "../../hooks/useAsync";
import type { AsyncResult } from "../../hooks/useAsync";
import * as api from "../../services/api";
import type { Schemas } from "../../services/api";
import type { ShareLink } from "../../api/shareLinks";
import { formatDateTime, formatRelative } from "../../util/format";
import EmptyState from "../EmptyState";
import LoadingSpinner from "../LoadingSpinner";
import RevokeKeyModal from "../RevokeKeyModal";
import ShareDialog from "../share/ShareDialog";
import { DEFAULT_VIEWER_CAP, STATUS_LABEL, linkTarget, linkTiming } from "../share/shareText";
import { useNow } from "../share/useNow";
import SettingsSection from "./SettingsSection";
import "../../styles/share.css";

/** Plans that include share links (rest-api §14.1). */
export const SHARING_PLANS: ReadonlySet<string> = new Set(["pro", "pro_plus"]);

const loadLinks = async () => (await api.listShareLinks()).links;

function UpgradeHint() {
  return (
    <p className="share-upgrade" data-testid="share-upgrade">
      <Sparkles size={16} aria-hidden="true" />
      <span>Share links come with the Pro and Pro Plus plans. Existing links can still be revoked.</span>
      <a className="btn btn-small btn-primary" href="/pricing">See plans</a>
    </p>
  );
}

function ShareLinkRow({ link, now, onRevoke }: { link: ShareLink; now: number; onRevoke: (link: ShareLink) => void }) {
  return (
    <li className={`share-row share-${link.status}`} data-testid={`share-link-${link.id}`}>
      <div className="share-row-main">
        <div className="share-row-title">
          <strong>{link.label}</strong>
          <span className={`pill share-status share-status-${link.status}`}>{STATUS_LABEL[link.status]}</span>
        </div>
        <div className="muted small">
          {linkTarget(link)} · <span title={formatDateTime(link.status === "revoked" ? link.revoked_at : link.expires_at)}>{linkTiming(link, now)}</span>
          {link.status === "active" && <> ({formatDateTime(link.expires_at)})</>}
        </div>
        <div className="muted small">
          {link.views} {link.views === 1 ? "view" : "views"} · last used {link.last_used_at ? formatRelative(link.last_used_at, now) : "never"} ·{" "}
          {link.max_viewers ? `up to ${link.max_viewers} viewers` : `no viewer limit (server cap ${DEFAULT_VIEWER_CAP})`} · by {link.created_by}
        </div>
      </div>
      {link.status === "active" && (
        <button type="button" className="btn btn-small btn-danger" aria-label={`Revoke ${link.label}`} onClick={() => onRevoke(link)}>
          <Trash2 size={14} aria-hidden="true" /> Revoke
        </button>
      )}
    </li>
  );
}

/** Settings → Shared links (admins): every link, newest first, with revoke and create. */
export default function ShareLinksSection({ plan, groups }: { plan: AsyncResult<Schemas["PlanOverviewBody"]>; groups?: AsyncResult<Schemas["GroupItem"][]> }) {
  const links = useAsync(loadLinks, []);
  const now = useNow();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ShareLink | null>(null);
  const [refused, setRefused] = useState(false);
  const planAllows = plan.data ? SHARING_PLANS.has(plan.data.plan) : true;
  const canCreate = planAllows && !refused;
  const list = links.data ? [...links.data].sort((a, b) => b.created_at.localeCompare(a.created_at)) : undefined;

  return (
    <SettingsSection
      id="settings-share-links"
      title="Shared links"
      icon={Link2}
      help={
        <>
          A share link lets someone without an account watch one camera or one camera group live, until it expires or you revoke it.
          The address is shown once, when you create it. Views count when the page is opened; viewing time counts against your monthly viewer hours.
        </>
      }
      actions={
        canCreate ? (
          <button type="button" className="btn btn-small btn-primary" onClick={() => setCreating(true)}>
            <Plus size={14} aria-hidden="true" /> New share link
          </button>
        ) : undefined
      }
    >
      {!canCreate && <UpgradeHint />}
      {list === undefined ? (
        links.error ? <p className="error-text" role="alert">{links.error.message}</p> : <LoadingSpinner label="Loading share links…" />
      ) : list.length === 0 ? (
        <EmptyState icon={<Link2 size={28} aria-hidden="true" />} title="No share links yet">
          {canCreate ? "Share a camera from the dashboard or with \"New share link\"." : "Upgrade to share live cameras with people outside your organisation."}
        </EmptyState>
      ) : (
        <ul className="share-list" aria-label="Share links">
          {list.map((link) => <ShareLinkRow key={link.id} link={link} now={now} onRevoke={setRevoking} />)}
        </ul>
      )}
      {creating && (
        <ShareDialog
          groups={groups?.data}
          onClose={() => setCreating(false)}
          onCreated={() => links.reload()}
          onPlanRequired={() => setRefused(true)}
        />
      )}
      {revoking && (
        <RevokeKeyModal
          name={revoking.label}
          confirmLabel="Revoke link"
          revoke={() => api.revokeShareLink(revoking.id)}
          revokedMessage={`Revoked "${revoking.label}": the link stops working at once.`}
          onClose={() => setRevoking(null)}
          onRevoked={links.reload}
        >
          <p>Anyone watching through this link is cut off at once, and the address stops working for good. This cannot be undone.</p>
        </RevokeKeyModal>
      )}
    </SettingsSection>
  );
}
