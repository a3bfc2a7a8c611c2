// A ranked list with proportional bars: "which cameras / tools / people, and how much".

import type { ReactNode } from "react";
import { Link } from "react-router";

export interface TopItem {
  key: string;
  label: ReactNode;
  count: number;
  title?: string;
  /** Where the item's rows are listed (a filtered log view). */
  to?: string;
}

export default function TopList({ title, items, empty = "Nothing yet.", testId }: { title: string; items: TopItem[] | undefined; empty?: string; testId?: string }) {
  const max = Math.max(1, ...(items ?? []).map((i) => i.count));
  return (
    <div className="top-list" data-testid={testId}>
      <h3>{title}</h3>
      {!items?.length ? <p className="muted small">{empty}</p> : (
        <ol>
          {items.map((item) => (
            <li key={item.key} title={item.title}>
              <span className="top-label">{item.to ? <Link to={item.to}>{item.label}</Link> : item.label}</span>
              <strong className="top-count">{item.count}</strong>
              <span className="top-bar" aria-hidden="true"><span style={{ width: `${(item.count / max) * 100}%` }} /></span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
