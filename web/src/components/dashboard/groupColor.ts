// Group colours are free text chosen by an admin (`#22c55e` by default). Only plain hex
// colours are used as paint; anything else falls back to the accent, so a stray value
// cannot inject CSS or produce unreadable text.
const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
export const DEFAULT_GROUP_COLOR = "#22c55e";

export function safeColor(value: string | null | undefined): string {
  const text = (value ?? "").trim();
  return HEX.test(text) ? text.toLowerCase() : DEFAULT_GROUP_COLOR;
}

function channels(hex: string): [number, number, number] {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255) as [number, number, number];
}

/** WCAG relative luminance of a hex colour. */
export function luminance(hex: string): number {
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = channels(safeColor(hex)).map(lin) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black or white, whichever reads better on `background`. */
export function textOn(background: string): "#000000" | "#ffffff" {
  const l = luminance(background);
  // Contrast with black is (l + .05) / .05, with white 1.05 / (l + .05); pick the larger.
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#ffffff";
}
