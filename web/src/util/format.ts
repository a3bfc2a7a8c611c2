// Server timestamps are naive UTC ISO strings ("2026-05-01T12:00:00.123456"); treat a
// string without an offset as UTC.
export type TimeValue = string | number | null | undefined;

export function parseServerTime(value: TimeValue): Date | null {
  if (value == null || value === "") return null;
  if (typeof value === "number") return new Date(value < 1e12 ? value * 1000 : value);
  const text = String(value);
  const hasZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text);
  const date = new Date(hasZone ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatRelative(value: TimeValue, now = Date.now()): string {
  const date = parseServerTime(value);
  if (!date) return "never";
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return date.toLocaleDateString();
}

export function formatDateTime(value: TimeValue): string {
  const date = parseServerTime(value);
  return date ? date.toLocaleString() : "—";
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || Number.isNaN(Number(bytes))) return "—";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let n = Number(bytes);
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i += 1;
  }
  return `${n.toFixed(n >= 10 || i === 0 ? 0 : 1)} ${units[i]}`;
}

export function percent(used: number, total: number): number {
  if (!total) return 0;
  return Math.max(0, Math.min(100, (used / total) * 100));
}

// Names in the order a person expects: "Camera 2" before "Camera 10", case ignored.
const naturalOrder = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

export function compareNames(a: string | null | undefined, b: string | null | undefined): number {
  return naturalOrder.compare(a ?? "", b ?? "");
}
