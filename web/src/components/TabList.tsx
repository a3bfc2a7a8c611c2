// A WAI-ARIA tab list: one tab stop, arrow keys move between tabs, each tab controls the
// single panel the caller renders with `tabPanelProps`.
import { useRef } from "react";
import type { KeyboardEvent, ReactNode } from "react";

export interface TabItem<T extends string> {
  id: T;
  label: ReactNode;
}

interface TabListProps<T extends string> {
  /** The tab list's accessible name. */
  label: string;
  tabs: TabItem<T>[];
  selected: T;
  onSelect: (id: T) => void;
  /** From `useId()`; ties the tabs to the panel. */
  baseId: string;
}

export default function TabList<T extends string>({ label, tabs, selected, onSelect, baseId }: TabListProps<T>) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = (index + step + tabs.length) % tabs.length;
    onSelect(tabs[next].id);
    buttons.current[next]?.focus();
  };

  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map(({ id, label: content }, index) => (
        <button
          key={id}
          ref={(el) => {
            buttons.current[index] = el;
          }}
          type="button"
          role="tab"
          id={`${baseId}-${id}-tab`}
          aria-selected={selected === id}
          aria-controls={`${baseId}-panel`}
          tabIndex={selected === id ? 0 : -1}
          className={selected === id ? "tab active" : "tab"}
          onClick={() => onSelect(id)}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {content}
        </button>
      ))}
    </div>
  );
}

/** The props of the panel the selected tab controls. */
export const tabPanelProps = (baseId: string, selected: string) => ({
  role: "tabpanel" as const,
  id: `${baseId}-panel`,
  "aria-labelledby": `${baseId}-${selected}-tab`,
});
