// The pieces the three log views share: a scrolling table, a pager, the rows-per-page
// choice and the CSV export with its toast.

import { useEffect, useState } from "react";
import type { ReactNode } from "react";
import { useSearchParams } from "react-router";
import { ChevronLeft, ChevronRight, Download } from "lucide-react";
import type { AsyncState } from "../../hooks/useAsync";
import { useToasts } from "../../hooks/useToasts";
import * as api from "../../services/api";
import EmptyState from "../EmptyState";
import LoadingSpinner from "../LoadingSpinner";

export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** `[key, heading, render]`: one column of a log table. */
export type Column<Row> = [key: string, label: string, render: (row: Row) => ReactNode];

interface LogTableProps<Row> {
  state: AsyncState<unknown>;
  columns: Column<Row>[];
  rows: Row[];
  empty: string;
  caption: string;
  testId?: string;
}

export function LogTable<Row extends { id: number }>({ state, columns, rows, empty, caption, testId }: LogTableProps<Row>) {
  if (state.data === undefined) {
    return state.error ? <p className="error-text" role="alert">{state.error.message}</p> : <LoadingSpinner />;
  }
  if (!rows.length) return <EmptyState title={empty} />;
  return (
    // The wrapper scrolls, never the page: a phone sees the table's edge and swipes it.
    <div className="table-wrap admin-table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="admin-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead><tr>{columns.map(([key, label]) => <th key={key} scope="col">{label}</th>)}</tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>{columns.map(([key, , render]) => <td key={key} data-col={key}>{render(row)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RowsPerPage({ value, onChange }: { value: number; onChange: (size: number) => void }) {
  return (
    <label className="admin-field">
      <span>Rows per page</span>
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {PAGE_SIZES.map((size) => <option key={size} value={size}>{size}</option>)}
      </select>
    </label>
  );
}

export function Pager({ total, offset, size, setOffset }: { total: number; offset: number; size: number; setOffset: (offset: number) => void }) {
  if (!total) return null;
  return (
    <nav className="pager admin-pager" aria-label="Pages">
      <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - size))}>
        <ChevronLeft size={16} aria-hidden="true" /> Previous
      </button>
      <span className="muted small" aria-live="polite">{offset + 1}–{Math.min(total, offset + size)} of {total}</span>
      <button type="button" className="btn btn-small" disabled={offset + size >= total} onClick={() => setOffset(offset + size)}>
        Next <ChevronRight size={16} aria-hidden="true" />
      </button>
    </nav>
  );
}

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

// Typing a name should cost one request, not one per key (the log endpoints allow 120 a minute).
const TYPING_PAUSE_MS = 300;

/** `initial` with the values the address carries (a shared or bookmarked link). */
function fromParams<Q extends Record<string, string>>(initial: Q, params: URLSearchParams): Q {
  const read = Object.keys(initial).map((key) => [key, params.get(key) ?? initial[key]]);
  return { ...initial, ...Object.fromEntries(read) };
}

/**
 * Filter values plus the paging that depends on them: changing a filter or the page size
 * goes back to the first page, so the view never lands past the end of a shorter list.
 * `query` follows the inputs; `settled` is what to fetch with, and is mirrored into the
 * address (`?camera_id=…`) so a filtered view can be linked to and survives a reload.
 */
export function usePagedQuery<Q extends Record<string, string>>(initial: Q) {
  const [params, setParams] = useSearchParams();
  const [query, setQueryState] = useState<Q>(() => fromParams(initial, params));
  const [offset, setOffset] = useState(0);
  const [size, setSizeState] = useState<number>(50);
  const settled = useDebounced(query, TYPING_PAUSE_MS);

  useEffect(() => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(settled)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
    // Only a settled change writes the address; reading it happens once, on mount.
  }, [settled]);

  return {
    query,
    settled,
    offset,
    size,
    setOffset,
    setFilter: <K extends keyof Q>(key: K, value: Q[K]) => {
      setOffset(0);
      setQueryState((current) => ({ ...current, [key]: value }));
    },
    setSize: (next: number) => {
      setOffset(0);
      setSizeState(next);
    },
  };
}

/** An "Export CSV" button that downloads the server's file and says how it went. */
export function ExportButton({ run, fallbackName, what }: { run: () => Promise<Response>; fallbackName: string; what: string }) {
  const toast = useToasts();
  const [busy, setBusy] = useState(false);
  const exportCsv = async () => {
    setBusy(true);
    try {
      await api.downloadResponse(await run(), fallbackName);
      toast.success(`${what} exported as CSV.`);
    } catch (err) {
      toast.error(err, { title: "Export failed" });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="btn btn-small" onClick={exportCsv} disabled={busy}>
      <Download size={16} aria-hidden="true" /> {busy ? "Exporting…" : "Export CSV"}
    </button>
  );
}
