import { useEffect, useState } from "react";
import { Link } from "react-router";
import Modal from "./Modal";
import { apiEvents } from "../services/api";
import type { ApiError } from "../services/api";

// Paywall prompt. Shown for any 402 from the API (plan gate or past-due billing), with the
// server's own sentence.
export function UpgradeModal({ message, onClose }: { message?: string | null; onClose: () => void }) {
  return (
    <Modal
      title="Upgrade required"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Not now</button>
          <Link className="btn btn-primary" to="/pricing" onClick={onClose}>See plans</Link>
        </>
      }
    >
      <p>{message || "This feature needs a paid plan."}</p>
      <p className="muted">Pro and Pro Plus add more cameras, viewer hours, Sentinel AI runs and longer log retention.</p>
    </Modal>
  );
}

/** Listens for 402s anywhere in the app and opens the UpgradeModal. */
export function UpgradeModalHost() {
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    // apiEvents dispatches CustomEvent<ApiError> (services/api.ts).
    const onPayment = (event: Event) => setError((event as CustomEvent<ApiError>).detail);
    apiEvents.addEventListener("payment-required", onPayment);
    return () => apiEvents.removeEventListener("payment-required", onPayment);
  }, []);
  if (!error) return null;
  return <UpgradeModal message={error.message} onClose={() => setError(null)} />;
}

export default UpgradeModal;
