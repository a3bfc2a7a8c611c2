import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Loads `fn()` on mount and whenever `deps` change; `reload()` refetches without clearing
 * the current data (so the page does not jump). `{data, error, loading, reload, setData}`.
 */
export function useAsync(fn, deps = [], { enabled = true, intervalMs = 0 } = {}) {
  const [state, setState] = useState({ data: undefined, error: null, loading: enabled });
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const seq = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await fnRef.current();
      if (mine === seq.current) setState({ data, error: null, loading: false });
      return data;
    } catch (error) {
      if (mine === seq.current) setState((s) => ({ ...s, error, loading: false }));
      return undefined;
    }
  }, []);

  useEffect(() => {
    if (!enabled) return undefined;
    reload();
    if (!intervalMs) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState !== "hidden") reload();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [enabled, intervalMs, ...deps]);

  const setData = useCallback((update) => {
    setState((s) => ({ ...s, data: typeof update === "function" ? update(s.data) : update }));
  }, []);

  return { ...state, reload, setData };
}
