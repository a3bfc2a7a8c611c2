import { useState } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";
import { useAuth } from "../auth/AuthContext";
import type { LocalRole } from "../auth/AuthContext";
import { errorMessage, errorStatus } from "../services/errors";
import LoadingSpinner from "../components/LoadingSpinner";

// Clerk mode renders Clerk's <SignIn/>; local mode offers the two local identities.
export default function SignInPage() {
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [busy, setBusy] = useState<LocalRole | null>(null);
  const [error, setError] = useState<string | null>(null);
  const from: unknown = (location.state as { from?: unknown } | null)?.from;
  const target = typeof from === "string" && from ? from : "/dashboard";

  if (!auth.ready) return <LoadingSpinner fullPage />;
  if (auth.signedIn) return <Navigate to={target} replace />;
  if (auth.mode === "clerk" && auth.SignInWidget) {
    const Widget = auth.SignInWidget;
    return <section className="auth-page"><Widget /></section>;
  }

  const signIn = async (role: LocalRole) => {
    setBusy(role);
    setError(null);
    try {
      await auth.signInLocal(role);
      navigate(target, { replace: true });
    } catch (err) {
      setError(errorStatus(err) === 404 ? "Local sign-in is only available on a local-mode server reached from this machine." : errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="auth-page">
      <div className="panel auth-card">
        <h1>Sign in</h1>
        <p className="muted">This Command Center runs in local mode: no account needed. Choose who to be.</p>
        <div className="auth-choices">
          <button type="button" className="btn btn-primary btn-large" disabled={busy !== null} onClick={() => signIn("admin")}>
            {busy === "admin" ? "Signing in…" : "Local admin"}
          </button>
          <button type="button" className="btn btn-large" disabled={busy !== null} onClick={() => signIn("member")}>
            {busy === "member" ? "Signing in…" : "Local member"}
          </button>
        </div>
        <p className="muted small">Admins manage nodes, keys and settings; members watch cameras and get alerts.</p>
        {error && <p className="error-text" role="alert">{error}</p>}
      </div>
    </section>
  );
}
