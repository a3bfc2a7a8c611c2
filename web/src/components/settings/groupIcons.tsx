import { Building2, Car, DoorOpen, Factory, Folder, House, Package, School, Shield, Store, Trees, Warehouse } from "lucide-react";
import type { LucideIcon } from "lucide-react";

// Groups store their icon as a short name (the server allows 10 characters). Older groups
// hold an emoji; those, and any name we do not know, render as a plain folder so the page
// never depends on an emoji font.
export const GROUP_ICONS: { name: string; label: string; Icon: LucideIcon }[] = [
  { name: "folder", label: "Folder", Icon: Folder },
  { name: "home", label: "Home", Icon: House },
  { name: "car", label: "Car / driveway", Icon: Car },
  { name: "store", label: "Store", Icon: Store },
  { name: "warehouse", label: "Warehouse", Icon: Warehouse },
  { name: "trees", label: "Garden / outdoor", Icon: Trees },
  { name: "office", label: "Office", Icon: Building2 },
  { name: "factory", label: "Factory", Icon: Factory },
  { name: "door", label: "Entrance", Icon: DoorOpen },
  { name: "school", label: "School", Icon: School },
  { name: "package", label: "Deliveries", Icon: Package },
  { name: "security", label: "Security", Icon: Shield },
];

export const GROUP_COLORS: { value: string; label: string }[] = [
  { value: "#22c55e", label: "Green" },
  { value: "#38bdf8", label: "Sky" },
  { value: "#6366f1", label: "Indigo" },
  { value: "#a855f7", label: "Purple" },
  { value: "#ec4899", label: "Pink" },
  { value: "#ef4444", label: "Red" },
  { value: "#f97316", label: "Orange" },
  { value: "#eab308", label: "Yellow" },
  { value: "#14b8a6", label: "Teal" },
  { value: "#94a3b8", label: "Slate" },
];

const BY_NAME = new Map(GROUP_ICONS.map((entry) => [entry.name, entry]));

/** The icon entry for a stored value; unknown names and emoji fall back to the folder. */
export function groupIcon(stored: string | null | undefined) {
  return BY_NAME.get((stored ?? "").trim().toLowerCase()) ?? GROUP_ICONS[0];
}

/** A CSS colour for a stored value; anything but a hex colour falls back to the default green. */
export function groupColor(stored: string | null | undefined): string {
  return /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(stored ?? "") ? (stored as string) : GROUP_COLORS[0].value;
}

/** A group's icon in its colour, as SVG. */
export function GroupIcon({ icon, color, size = 16 }: { icon: string | null | undefined; color?: string | null; size?: number }) {
  const { Icon } = groupIcon(icon);
  return <Icon size={size} color={groupColor(color)} aria-hidden="true" className="group-icon" />;
}
