import type { CSSProperties } from "react";
import type { Schemas } from "../../services/api";
import type { GroupFilterValue } from "./cameraOrder";
import { safeColor, textOn } from "./groupColor";

type Group = Schemas["GroupItem"];

interface PillProps {
  label: string;
  count: number;
  color?: string;
  pressed: boolean;
  onPress: () => void;
  testId: string;
}

function Pill({ label, count, color, pressed, onPress, testId }: PillProps) {
  // A pressed pill is filled with the group's colour; its text is black or white, whichever
  // contrasts more, so any colour an admin picked stays readable.
  const style = color ? ({ "--pill-color": color, "--pill-text": textOn(color) } as CSSProperties) : undefined;
  return (
    <button
      type="button"
      className={`group-pill${pressed ? " is-active" : ""}${color ? " has-color" : ""}`}
      style={style}
      aria-pressed={pressed}
      onClick={onPress}
      data-testid={testId}
    >
      {color && <span className="group-pill-dot" aria-hidden="true" />}
      <span className="group-pill-name">{label}</span>
      <span className="group-pill-count">
        {count}
        <span className="visually-hidden">{count === 1 ? " camera" : " cameras"}</span>
      </span>
    </button>
  );
}

export interface GroupFilterProps {
  groups: Group[];
  value: GroupFilterValue;
  onChange: (value: GroupFilterValue) => void;
  /** Camera count per filter value, from the camera list itself (fresher than `camera_count`). */
  counts: { all: number; none: number; byGroup: Map<number, number> };
}

/** "All", one colour pill per group, then "Ungrouped". */
export default function GroupFilter({ groups, value, onChange, counts }: GroupFilterProps) {
  return (
    <div className="group-filter" role="group" aria-label="Filter cameras by group">
      <Pill label="All" count={counts.all} pressed={value === "all"} onPress={() => onChange("all")} testId="group-pill-all" />
      {groups.map((g) => (
        <Pill
          key={g.id}
          label={g.name}
          count={counts.byGroup.get(g.id) ?? 0}
          color={safeColor(g.color)}
          pressed={value === g.id}
          onPress={() => onChange(g.id)}
          testId={`group-pill-${g.id}`}
        />
      ))}
      <Pill label="Ungrouped" count={counts.none} pressed={value === "none"} onPress={() => onChange("none")} testId="group-pill-none" />
    </div>
  );
}
