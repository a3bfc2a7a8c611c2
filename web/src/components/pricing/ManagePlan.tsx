import { lazy, Suspense } from "react";
import { useAuth } from "../../auth/AuthContext";
import LoadingSpinner from "../LoadingSpinner";
import ErrorBoundary from "../ErrorBoundary";

const ClerkBilling = lazy(() => import("./ClerkBilling"));

// Local mode has no billing: the server gives every local organisation the plan named by
// LOCAL_PLAN (README "local mode"), stored with the session when it is created.
function LocalPlanHelp() {
  return (
    <>
      <p>This Command Center runs in local mode, so there is no billing. Every local organisation gets the plan the operator sets with <code>LOCAL_PLAN</code> when starting the server: <code>free_org</code>, <code>pro</code> or <code>pro_plus</code> (Pro Plus when unset).</p>
      <ol className="steps">
        <li>Stop the server.</li>
        <li>Start it again with the plan you want, for example <code className="code">LOCAL_PLAN=pro sentinel serve</code></li>
        <li>Sign out and sign in again: a session carries the plan it was created with.</li>
      </ol>
    </>
  );
}

function ClerkPlanHelp({ isAdmin }: { isAdmin: boolean }) {
  if (!isAdmin) return <p>Plans belong to the organisation. Ask an organisation admin to change it.</p>;
  return (
    <>
      <p>Plans are billed per organisation. Choose a plan below; payment details and invoices are handled by our billing provider.</p>
      <ErrorBoundary>
        <Suspense fallback={<LoadingSpinner label="Loading billing…" />}>
          <ClerkBilling />
        </Suspense>
      </ErrorBoundary>
    </>
  );
}

export default function ManagePlan() {
  const { mode, identity } = useAuth();
  return (
    <section className="panel" id="manage-plan" aria-labelledby="manage-plan-title">
      <h2 id="manage-plan-title">Manage plan</h2>
      {mode === "local" ? <LocalPlanHelp /> : <ClerkPlanHelp isAdmin={Boolean(identity?.isAdmin)} />}
    </section>
  );
}
