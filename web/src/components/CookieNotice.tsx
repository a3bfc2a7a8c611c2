import { useState } from "react";
import { Link } from "react-router";
import { Cookie } from "lucide-react";
import { useAuth } from "../auth/AuthContext";

export const COOKIE_NOTICE_KEY = "sentinel.cookieNotice";

function wasDismissed(): boolean {
  try {
    return localStorage.getItem(COOKIE_NOTICE_KEY) === "dismissed";
  } catch {
    // Storage blocked (private mode, policy): show the notice, it is harmless.
    return false;
  }
}

function rememberDismissal(): void {
  try {
    localStorage.setItem(COOKIE_NOTICE_KEY, "dismissed");
  } catch {
    /* not remembered; the notice comes back next visit */
  }
}

// Only Clerk mode sets cookies worth telling anyone about (its session cookies); local mode
// mirrors its own token into one cookie on this machine only, so the notice stays hidden.
export default function CookieNotice() {
  const { mode } = useAuth();
  const [dismissed, setDismissed] = useState(wasDismissed);
  if (mode !== "clerk" || dismissed) return null;

  const dismiss = () => {
    rememberDismissal();
    setDismissed(true);
  };

  return (
    <section className="cookie-notice" role="region" aria-label="Cookie notice" data-testid="cookie-notice">
      <Cookie size={18} aria-hidden="true" className="cookie-icon" />
      <p>
        We use essential cookies only: our sign-in provider keeps you signed in with them. No advertising or
        analytics cookies. <Link to="/legal/privacy#cookies">How we use cookies</Link>
      </p>
      <button type="button" className="btn btn-small btn-primary" onClick={dismiss}>Got it</button>
    </section>
  );
}
