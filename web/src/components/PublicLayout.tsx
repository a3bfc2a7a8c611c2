import { Link, NavLink, Outlet } from "react-router";
import { useAuth } from "../auth/AuthContext";
import ErrorBoundary from "./ErrorBoundary";

export function Brand({ to = "/" }: { to?: string }) {
  return (
    <Link to={to} className="brand" aria-label="Sentinel home">
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <circle cx="16" cy="16" r="14" fill="#22c55e" />
        <circle cx="16" cy="16" r="6" fill="#0b0f14" />
      </svg>
      <span>Sentinel</span>
    </Link>
  );
}

export function LandingNav() {
  const { signedIn } = useAuth();
  return (
    <header className="topbar public">
      <Brand />
      <nav className="main-nav public-nav" aria-label="Site">
        <NavLink to="/pricing">Pricing</NavLink>
        <NavLink to="/security">Security</NavLink>
        <NavLink to="/docs">Docs</NavLink>
      </nav>
      <div className="topbar-right">
        {signedIn ? (
          <Link className="btn btn-primary btn-small" to="/dashboard">Open dashboard</Link>
        ) : (
          <>
            <Link className="btn btn-ghost btn-small" to="/sign-in">Sign in</Link>
            <Link className="btn btn-primary btn-small" to="/sign-up">Get started</Link>
          </>
        )}
      </div>
    </header>
  );
}

export function LandingFooter() {
  return (
    <footer className="site-footer">
      <span>© {new Date().getFullYear()} SourceBox LLC · Sentinel by SourceBox</span>
      <nav aria-label="Footer">
        <Link to="/pricing">Pricing</Link>
        <Link to="/docs">Docs</Link>
        <Link to="/legal/terms">Terms</Link>
        <Link to="/legal/privacy">Privacy</Link>
        <Link to="/legal/acceptable-use">Acceptable use</Link>
        <Link to="/security">Security</Link>
        <a href="/api-docs/">API</a>
      </nav>
    </footer>
  );
}

export default function PublicLayout() {
  return (
    <div className="app-shell public-shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <LandingNav />
      <main id="main" className="public-main" tabIndex={-1}>
        <ErrorBoundary>
          <Outlet />
        </ErrorBoundary>
      </main>
      <LandingFooter />
    </div>
  );
}
