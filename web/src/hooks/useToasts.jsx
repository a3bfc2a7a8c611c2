// App-wide toasts. `toast.error(errOrText)` accepts an ApiError, an Error or a string and
// always shows a sentence (errorMessage never yields "[object Object]").
import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { errorMessage } from "../services/errors.js";

const ToastContext = createContext(null);
let nextId = 1;

export function ToastProvider({ children }) {
  const [toasts, setToasts] = useState([]);
  const timers = useRef(new Map());

  const dismiss = useCallback((id) => {
    setToasts((list) => list.filter((t) => t.id !== id));
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const push = useCallback(
    (kind, content, { title, duration = kind === "error" ? 7000 : 4500, action } = {}) => {
      const id = nextId++;
      const text = kind === "error" ? errorMessage(content) : typeof content === "string" ? content : errorMessage(content);
      setToasts((list) => [...list.slice(-4), { id, kind, text, title, action }]);
      if (duration) timers.current.set(id, setTimeout(() => dismiss(id), duration));
      return id;
    },
    [dismiss],
  );

  const api = useMemo(
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

export function ToastContainer({ toasts, onDismiss }) {
  return (
    <div className="toast-region" role="region" aria-label="Notifications" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === "error" ? "alert" : "status"}>
          <div className="toast-body">
            {t.title && <strong className="toast-title">{t.title}</strong>}
            <span>{t.text}</span>
            {t.action && (
              <button type="button" className="link-button" onClick={() => { t.action.onClick(); onDismiss(t.id); }}>
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

const silent = { success() {}, error() {}, info() {}, warning() {}, dismiss() {} };

export function useToasts() {
  return useContext(ToastContext) ?? silent;
}
