import { useCallback, useRef, useState } from "react";
import { NavLink, Outlet, useNavigate } from "react-router";
import { Menu, X } from "lucide-react";
import { useAuth } from "../auth/AuthContext";
import NotificationBell from "./NotificationBell";
import ErrorBoundary from "./ErrorBoundary";
import { useMotionAlerts } from "../hooks/useMotionAlerts";
import { useToasts } from "../hooks/useToasts";
import { Brand } from "./PublicLayout";
import { listCameras } from "../services/api";
import type { MotionFrame } from "../services/sse";
import { cameraList, joinBurst, type MotionBurst } from "../util/motionBurst";
import type { Identity } from "../auth/claims";

/** What `useOutletContext()` gives the signed-in pages. */
export interface OutletContext {
  isAdmin: boolean;
  identity: Identity | null;
}

const NAV = [
  { to: "/dashboard", label: "Dashboard" },
  { to: "/incidents", label: "Incidents", admin: true },
  { to: "/sentinel", label: "Sentinel AI" },
  { to: "/mcp", label: "MCP", admin: true },
  { to: "/integrations", label: "Integrations", admin: true },
  { to: "/admin", label: "Admin", admin: true },
  { to: "/settings", label: "Settings" },
  { to: "/docs", label: "Docs" },
  { to: "/pricing", label: "Pricing" },
];

export default function Layout() {
  const { identity, signOut, mode, AccountWidget } = useAuth();
  const navigate = useNavigate();
  const toast = useToasts();
  const [menuOpen, setMenuOpen] = useState(false);
  const isAdmin = Boolean(identity?.isAdmin);

  // Motion frames carry only the camera id; names are looked up once and on a miss.
  const cameraNames = useRef(new Map<string, string>());
  const nameOf = useCallback(async (cameraId: string) => {
    if (!cameraNames.current.has(cameraId)) {
      try {
        for (const camera of await listCameras()) cameraNames.current.set(camera.camera_id, camera.name);
      } catch {
        /* fall back to the id */
      }
    }
    return cameraNames.current.get(cameraId) || cameraId;
  }, []);

  // A burst of motion on several cameras becomes one toast that grows, not a stack.
  const burst = useRef<MotionBurst | null>(null);
  const onMotion = useCallback(
    async (event: MotionFrame) => {
      const name = await nameOf(event.camera_id);
      const previous = burst.current;
      const next = joinBurst(previous, event.camera_id, name, Date.now());
      if (next === previous) return;
      if (previous && next.startedAt === previous.startedAt && previous.toastId) toast.dismiss(previous.toastId);
      const single = next.cameraIds.length === 1;
      const target = single ? `/dashboard?camera=${encodeURIComponent(event.camera_id)}` : "/dashboard";
      next.toastId = toast.info(single ? `Scene change at ${event.score}% intensity.` : cameraList(next.names), {
        title: single ? `Motion on ${name}` : `Motion on ${next.cameraIds.length} cameras`,
        action: { label: "View", onClick: () => navigate(target) },
      });
      burst.current = next;
    },
    [toast, navigate, nameOf],
  );
  useMotionAlerts(onMotion);

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <Brand to="/dashboard" />
        <button type="button" className="icon-button menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" aria-label="Menu" onClick={() => setMenuOpen((o) => !o)}>
          {menuOpen ? <X size={18} aria-hidden="true" /> : <Menu size={18} aria-hidden="true" />}
        </button>
        <nav id="main-nav" className={menuOpen ? "main-nav open" : "main-nav"} aria-label="Main">
          {NAV.filter((item) => !item.admin || isAdmin).map((item) => (
            <NavLink key={item.to} to={item.to} onClick={() => setMenuOpen(false)}>{item.label}</NavLink>
          ))}
        </nav>
        <div className="topbar-right">
          <NotificationBell isAdmin={isAdmin} />
          {AccountWidget ? (
            <AccountWidget />
          ) : (
            <>
              <div className="user-chip" title={identity?.userId}>
                <span className="user-name">{identity?.name || "Signed in"}</span>
                <span className={`pill ${isAdmin ? "pill-admin" : ""}`} data-testid="role-pill">{isAdmin ? "Admin" : "Member"}</span>
              </div>
              <button
                type="button"
                className="btn btn-small btn-ghost"
                onClick={async () => {
                  await signOut();
                  navigate(mode === "local" ? "/sign-in" : "/");
                }}
              >
                Sign out
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <ErrorBoundary>
          {identity && !identity.orgId ? (
            <div className="panel narrow" role="status">
              <h1>Choose an organisation</h1>
              <p className="muted">Cameras, nodes and settings belong to an organisation. Create one or switch to one from the menu above.</p>
            </div>
          ) : (
            <Outlet context={{ isAdmin, identity } satisfies OutletContext} />
          )}
        </ErrorBoundary>
      </main>
    </div>
  );
}
