import { useEffect, useId, useRef } from "react";
import type { ReactNode } from "react";
import { X } from "lucide-react";

export interface ModalProps {
  title: ReactNode;
  onClose?: () => void;
  children?: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  dismissable?: boolean;
}

// Accessible dialog: focus moves in on open, Escape closes, Tab stays inside, focus
// returns to the opener on close. A dialog opened from another (Share from the camera
// viewer) owns the keyboard until it closes: only the topmost one answers Escape and Tab.
const open: symbol[] = [];
export default function Modal({ title, onClose, children, footer, wide = false, dismissable = true }: ModalProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();

  // The latest handlers, read when a key arrives: a parent re-rendering with a new
  // onClose must not re-run the effect (that would pull focus back to the first field).
  const latest = useRef({ onClose, dismissable });
  latest.current = { onClose, dismissable };

  useEffect(() => {
    const me = Symbol("modal");
    open.push(me);
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const node = ref.current;
    const focusable = "button, [href], input, select, textarea";
    const first =
      node?.querySelector<HTMLElement>("[data-autofocus]") ||
      node?.querySelector<HTMLElement>(`.modal-body :is(${focusable})`) ||
      node?.querySelector<HTMLElement>(focusable);
    first?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (open[open.length - 1] !== me) return;
      if (event.key === "Escape" && latest.current.dismissable) {
        event.stopPropagation();
        latest.current.onClose?.();
      }
      if (event.key === "Tab" && node) {
        const focusable = [...node.querySelectorAll<HTMLElement>("button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])")];
        if (!focusable.length) return;
        const firstEl = focusable[0];
        const lastEl = focusable[focusable.length - 1];
        if (event.shiftKey && document.activeElement === firstEl) {
          event.preventDefault();
          lastEl.focus();
        } else if (!event.shiftKey && document.activeElement === lastEl) {
          event.preventDefault();
          firstEl.focus();
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      open.splice(open.indexOf(me), 1);
      opener?.focus?.();
    };
  }, []);

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && dismissable && onClose?.()}>
      <div className={wide ? "modal modal-wide" : "modal"} role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref}>
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          {dismissable && (
            <button type="button" className="icon-button" aria-label="Close" onClick={onClose}><X size={18} aria-hidden="true" /></button>
          )}
        </header>
        <div className="modal-body">{children}</div>
        {footer && <footer className="modal-footer">{footer}</footer>}
      </div>
    </div>
  );
}
