// Confirming a revocation (MCP and integration keys, share links): one dialog, the caller
// says what stops working.
import { useState } from "react";
import type { ReactNode } from "react";
import Modal from "./Modal";
import { useToasts } from "../hooks/useToasts";

interface RevokeKeyModalProps {
  /** The key's name as the title shows it. */
  name: string;
  revoke: () => Promise<unknown>;
  /** The toast after success. */
  revokedMessage: string;
  onClose: () => void;
  onRevoked: () => void;
  children: ReactNode;
  /** The confirm button ("Revoke key" unless said). */
  confirmLabel?: string;
}

export default function RevokeKeyModal({ name, revoke, revokedMessage, onClose, onRevoked, children, confirmLabel = "Revoke key" }: RevokeKeyModalProps) {
  const toast = useToasts();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await revoke();
      toast.success(revokedMessage);
      onClose();
      onRevoked();
    } catch (err) {
      toast.error(err);
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`Revoke "${name}"?`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
          <button type="button" className="btn btn-danger" disabled={busy} onClick={confirm}>{busy ? "Revoking…" : confirmLabel}</button>
        </>
      }
    >
      {children}
    </Modal>
  );
}
