import { percent } from "../util/format";

export interface UsageGaugeProps {
  label: string;
  used: number | null | undefined;
  limit: number | null | undefined;
  unit?: string;
  format?: (value: number) => string | number;
}

export default function UsageGauge({ label, used, limit, unit = "", format = (v) => v }: UsageGaugeProps) {
  const pct = percent(used ?? 0, limit ?? 0);
  const tone = pct >= 95 ? "bad" : pct >= 80 ? "warn" : "ok";
  // Screen readers hear the amounts, not just a percentage.
  const valueText = `${format(used ?? 0)}${limit ? ` of ${format(limit)}` : ""}${unit ? ` ${unit}` : ""}`;
  return (
    <div className="gauge">
      <div className="gauge-label">
        <span>{label}</span>
        <span className="muted small">
          {format(used ?? 0)}
          {limit ? ` / ${format(limit)}` : ""} {unit}
        </span>
      </div>
      <div className="bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} aria-valuetext={valueText}>
        <span className={`bar-fill tone-${tone}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
