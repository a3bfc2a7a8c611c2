// App-wide toasts. `toast.error(errOrText)` accepts an ApiError, an Error or a string and
// always shows a sentence (errorMessage never yields "[object Object]").
import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import { errorMessage } from "../services/errors";

export type ToastKind = "success" | "error" | "info" | "warning";

export interface ToastOptions {
  title?: string;
  /** ms; 0 keeps the toast until dismissed. */
  duration?: number;
  action?: { label: string; onClick: () => void };
}

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  title?: string;
  action?: ToastOptions["action"];
}

export interface Toasts {
  success: (text: unknown, opts?: ToastOptions) => number | void;
  error: (err: unknown, opts?: ToastOptions) => number | void;
  info: (text: unknown, opts?: ToastOptions) => number | void;
  warning: (text: unknown, opts?: ToastOptions) => number | void;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<Toasts | null>(null);
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((t) => t.id !== id));
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const push = useCallback(
    (kind: ToastKind, content: unknown, { title, duration = kind === "error" ? 7000 : 4500, action }: ToastOptions = {}) => {
      const id = nextId++;
      const text = kind === "error" ? errorMessage(content) : typeof content === "string" ? content : errorMessage(content);
      setToasts((list) => [...list.slice(-4), { id, kind, text, title, action }]);
      if (duration) timers.current.set(id, setTimeout(() => dismiss(id), duration));
      return id;
    },
    [dismiss],
  );

  const api = useMemo<Toasts>(
    () => ({
      success: (text, opts) => push("success", text, opts),
      error: (err, opts) => push("error", err, opts),
      info: (text, opts) => push("info", text, opts),
      warning: (text, opts) => push("warning", text, opts),
      dismiss,
    }),
    [push, dismiss],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <ToastContainer toasts={toasts} onDismiss={dismiss} />
    </ToastContext.Provider>
  );
}

export function ToastContainer({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: number) => void }) {
  return (
    <div className="toast-region" role="region" aria-label="Notifications" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === "error" ? "alert" : "status"}>
          <div className="toast-body">
            {t.title && <strong className="toast-title">{t.title}</strong>}
            <span>{t.text}</span>
            {t.action && (
              <button type="button" className="link-button" onClick={() => { t.action?.onClick(); onDismiss(t.id); }}>
                {t.action.label}
              </button>
            )}
          </div>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => onDismiss(t.id)}>×</button>
        </div>
      ))}
    </div>
  );
}

const silent: Toasts = { success() {}, error() {}, info() {}, warning() {}, dismiss() {} };

export function useToasts(): Toasts {
  return useContext(ToastContext) ?? silent;
}
