import { useCallback, useEffect, useRef, useState } from "react";
import type { DependencyList } from "react";
import { errorMessage } from "../services/errors";

export interface AsyncState<T> {
  data: T | undefined;
  error: Error | null;
  loading: boolean;
}

export interface AsyncResult<T> extends AsyncState<T> {
  /** Refetches without clearing the current data; resolves to the new data (undefined on failure). */
  reload: () => Promise<T | undefined>;
  setData: (update: T | undefined | ((current: T | undefined) => T | undefined)) => void;
}

export interface AsyncOptions {
  enabled?: boolean;
  /** Reload every this many ms while the tab is visible (0: never). */
  intervalMs?: number;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(errorMessage(error));
}

/**
 * Loads `fn()` on mount and whenever `deps` change; `reload()` refetches without clearing
 * the current data (so the page does not jump). `{data, error, loading, reload, setData}`.
 */
export function useAsync<T>(fn: () => Promise<T>, deps: DependencyList = [], { enabled = true, intervalMs = 0 }: AsyncOptions = {}): AsyncResult<T> {
  const [state, setState] = useState<AsyncState<T>>({ data: undefined, error: null, loading: enabled });
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
      if (mine === seq.current) setState((s) => ({ ...s, error: asError(error), loading: false }));
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

  const setData = useCallback((update: T | undefined | ((current: T | undefined) => T | undefined)) => {
    setState((s) => ({ ...s, data: typeof update === "function" ? (update as (current: T | undefined) => T | undefined)(s.data) : update }));
  }, []);

  return { ...state, reload, setData };
}
