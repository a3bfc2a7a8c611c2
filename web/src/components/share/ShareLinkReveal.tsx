// The new link's address, shown once with a Copy button, and when it stops working.

import { useRef } from "react";
import { Copy } from "lucide-react";
import { useToasts } from "../../hooks/useToasts";
import type { ShareLinkCreated } from "../../api/shareLinks";
import { parseServerTime } from "../../util/format";
import { formatDuration, formatWeekdayTime } from "./shareText";

/** The absolute address of a link-scoped path on this dashboard's origin. */
export function shareUrl(path: string): string {
  return `${window.location.origin}${path}`;
}

export default function ShareLinkReveal({ link }: { link: ShareLinkCreated }) {
  const toast = useToasts();
  const input = useRef<HTMLInputElement>(null);
  const url = shareUrl(link.path);
  const expires = parseServerTime(link.expires_at);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      toast.success("Link copied");
    } catch {
      input.current?.select();
      toast.error("Could not copy automatically. The link is selected: copy it with your keyboard.");
    }
  };

  return (
    <div className="share-reveal">
      <p className="warning-text" role="alert">Copy this link now: it won't be shown again.</p>
      <label className="copy-label" htmlFor="share-url">Share link</label>
      <div className="copy-row">
        <input id="share-url" ref={input} className="code share-url" readOnly value={url} data-testid="share-url" onFocus={(e) => e.target.select()} />
        <button type="button" className="btn btn-small" onClick={copy}>
          <Copy size={14} aria-hidden="true" /> Copy
        </button>
      </div>
      {expires && (
        <p className="muted small">
          Works until {formatWeekdayTime(expires)} ({expires.toLocaleDateString()}), in {formatDuration(expires.getTime() - Date.now())}
          {link.max_viewers ? `, for up to ${link.max_viewers} viewers at a time` : ""}. Revoke it any time in Settings → Shared links.
        </p>
      )}
    </div>
  );
}
