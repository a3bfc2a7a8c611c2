import { lazy, Suspense } from "react";
import type { ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router";
import { AuthProvider, useAuth } from "./auth/AuthContext";
import { ToastProvider } from "./hooks/useToasts";
import Layout from "./components/Layout";
import PublicLayout from "./components/PublicLayout";
import LoadingSpinner from "./components/LoadingSpinner";
import ErrorBoundary from "./components/ErrorBoundary";
import { UpgradeModalHost } from "./components/UpgradeModal";
import CookieNotice from "./components/CookieNotice";
import LandingPage from "./pages/LandingPage";
import SignInPage from "./pages/SignInPage";
import SignUpPage from "./pages/SignUpPage";
import NotFoundPage from "./pages/NotFoundPage";

const DashboardPage = lazy(() => import("./pages/DashboardPage"));
const SettingsPage = lazy(() => import("./pages/SettingsPage"));
const McpPage = lazy(() => import("./pages/McpPage"));
const IncidentsPage = lazy(() => import("./pages/IncidentsPage"));
const AdminPage = lazy(() => import("./pages/AdminPage"));
const SentinelPage = lazy(() => import("./pages/SentinelPage"));
const IntegrationsPage = lazy(() => import("./pages/IntegrationsPage"));
const TestHlsPage = lazy(() => import("./pages/TestHlsPage"));
const PricingPage = lazy(() => import("./pages/PricingPage"));
const SecurityPage = lazy(() => import("./pages/SecurityPage"));
const LegalPage = lazy(() => import("./pages/LegalPage"));
const DocsPage = lazy(() => import("./pages/DocsPage"));
const SharePage = lazy(() => import("./pages/SharePage"));

function RequireAuth({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const { ready, signedIn, identity } = useAuth();
  const location = useLocation();
  if (!ready) return <LoadingSpinner label="Checking your session…" fullPage />;
  if (!signedIn) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  if (admin && !identity?.isAdmin) return <Navigate to="/dashboard" replace />;
  return children;
}

// Pricing and Docs are for everyone: a signed-in user keeps the dashboard's navigation
// (and its "Manage plan" path) instead of being dropped into the public site's header.
function SharedLayout() {
  const { ready, signedIn } = useAuth();
  if (!ready) return <LoadingSpinner label="Checking your session…" fullPage />;
  return signedIn ? <Layout /> : <PublicLayout />;
}

const page = (element: ReactNode) => <Suspense fallback={<LoadingSpinner label="Loading page…" />}>{element}</Suspense>;

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route index element={<LandingPage />} />
        <Route path="security" element={page(<SecurityPage />)} />
        <Route path="legal/:page" element={page(<LegalPage />)} />
        <Route path="sign-in/*" element={<SignInPage />} />
        <Route path="sign-up/*" element={<SignUpPage />} />
      </Route>
      <Route element={<SharedLayout />}>
        <Route path="pricing" element={page(<PricingPage />)} />
        <Route path="docs" element={page(<DocsPage />)} />
      </Route>
      <Route element={<RequireAuth><Layout /></RequireAuth>}>
        <Route path="dashboard" element={page(<DashboardPage />)} />
        <Route path="settings" element={page(<SettingsPage />)} />
        <Route path="sentinel" element={page(<SentinelPage />)} />
        <Route path="mcp" element={<RequireAuth admin>{page(<McpPage />)}</RequireAuth>} />
        <Route path="incidents" element={<RequireAuth admin>{page(<IncidentsPage />)}</RequireAuth>} />
        <Route path="incidents/:incidentId" element={<RequireAuth admin>{page(<IncidentsPage />)}</RequireAuth>} />
        <Route path="integrations" element={<RequireAuth admin>{page(<IntegrationsPage />)}</RequireAuth>} />
        <Route path="admin" element={<RequireAuth admin>{page(<AdminPage />)}</RequireAuth>} />
        <Route path="admin/:tab" element={<RequireAuth admin>{page(<AdminPage />)}</RequireAuth>} />
        <Route path="test-hls" element={<RequireAuth admin>{page(<TestHlsPage />)}</RequireAuth>} />
      </Route>
      <Route element={<PublicLayout />}>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/** Everything but the public share page: sign-in (local or Clerk), toasts, the paywall. */
function SignedInApp() {
  return (
    <AuthProvider>
      <ToastProvider>
        <AppRoutes />
        <UpgradeModalHost />
        <CookieNotice />
      </ToastProvider>
    </AuthProvider>
  );
}

// A share link's page stands apart from the app: no auth provider (so no Clerk and no
// session call), no layout, no cookie notice; it only talks to /api/share/{token}.
export function RootRoutes() {
  return (
    <Routes>
      <Route path="share/:token" element={<Suspense fallback={<LoadingSpinner label="Loading…" fullPage />}><SharePage /></Suspense>} />
      <Route path="*" element={<SignedInApp />} />
    </Routes>
  );
}

export default function App() {
  return (
    <ErrorBoundary>
      <BrowserRouter>
        <RootRoutes />
      </BrowserRouter>
    </ErrorBoundary>
  );
}
