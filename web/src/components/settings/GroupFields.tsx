import { useId } from "react";
import type { ReactNode, Ref } from "react";
import { Palette } from "lucide-react";
import { GROUP_COLORS, GROUP_ICONS, GroupIcon, groupColor, groupIcon } from "./groupIcons";
import "../../styles/groups.css";

/** What a group form edits: the same three fields for creating and for editing. */
export interface GroupDraft {
  name: string;
  icon: string;
  color: string;
}

/**
 * A form's starting values for an existing group. Emoji and unknown icons start on the folder
 * (what the list already shows), so saving stores a named icon in their place; a short or
 * invalid colour becomes the six-digit hex `<input type="color">` can hold.
 */
export function draftFromGroup(group: { name: string; icon: string; color: string }): GroupDraft {
  return { name: group.name, icon: groupIcon(group.icon).name, color: sixDigitHex(groupColor(group.color)) };
}

function sixDigitHex(color: string): string {
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  return short ? `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase() : color.toLowerCase();
}

/**
 * Only the fields that differ from what the server holds, so an untouched name is never
 * re-validated against itself and a PATCH with nothing in it is never sent.
 */
export function groupChanges(stored: { name: string; icon: string; color: string }, draft: GroupDraft): Partial<GroupDraft> {
  const changes: Partial<GroupDraft> = {};
  const name = draft.name.trim();
  if (name !== stored.name) changes.name = name;
  if (draft.icon !== stored.icon) changes.icon = draft.icon;
  if (draft.color.toLowerCase() !== stored.color.toLowerCase()) changes.color = draft.color;
  return changes;
}

interface GroupFieldsProps {
  draft: GroupDraft;
  onChange: (draft: GroupDraft) => void;
  nameRef?: Ref<HTMLInputElement>;
  /** Shown under the name field (the server's answer to a clash), announced when it appears. */
  nameError?: string | null;
}

/** Name, icon picker and colour swatches; each form gets its own radio names via useId. */
export default function GroupFields({ draft, onChange, nameRef, nameError }: GroupFieldsProps) {
  const id = useId();
  const set = (changes: Partial<GroupDraft>) => onChange({ ...draft, ...changes });
  const errorId = `${id}-name-error`;

  return (
    <>
      <label className="field">
        <span>Group name</span>
        <input
          ref={nameRef}
          value={draft.name}
          maxLength={100}
          placeholder="Front of house"
          onChange={(e) => set({ name: e.target.value })}
          required
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? errorId : undefined}
        />
      </label>
      {nameError && <p id={errorId} className="error-text group-name-error" role="alert">{nameError}</p>}
      <Picker legend="Icon">
        {GROUP_ICONS.map(({ name: value, label, Icon }) => (
          <label key={value} className="picker-option" title={label}>
            <input type="radio" name={`${id}-icon`} value={value} checked={draft.icon === value} onChange={() => set({ icon: value })} aria-label={label} />
            <Icon size={18} aria-hidden="true" color={draft.icon === value ? draft.color : undefined} />
          </label>
        ))}
      </Picker>
      <Picker legend="Colour">
        {GROUP_COLORS.map(({ value, label }) => (
          <label key={value} className="picker-option swatch-option" title={label}>
            <input type="radio" name={`${id}-color`} value={value} checked={draft.color.toLowerCase() === value} onChange={() => set({ color: value })} aria-label={label} />
            <span className="swatch" style={{ background: value }} aria-hidden="true" />
          </label>
        ))}
        <label className={`picker-option custom-color${GROUP_COLORS.some((c) => c.value === draft.color.toLowerCase()) ? "" : " is-custom"}`} title="Custom colour">
          <input type="color" value={draft.color} onChange={(e) => set({ color: e.target.value })} aria-label="Custom colour" />
          <Palette size={18} aria-hidden="true" />
        </label>
      </Picker>
    </>
  );
}

function Picker({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="picker">
      <legend>{legend}</legend>
      <div className="picker-options">{children}</div>
    </fieldset>
  );
}

/** The icon in its colour next to the name, as the dashboard will show it. */
export function GroupPreview({ draft }: { draft: GroupDraft }) {
  return (
    <span className="group-preview" aria-hidden="true">
      <GroupIcon icon={draft.icon} color={draft.color} size={18} /> {draft.name.trim() || "Preview"}
    </span>
  );
}
