// A tiny trend line for a KPI tile. Plain SVG: a tile needs a shape, not axes or a cursor,
// and a dozen of them should cost nothing.

export interface SparklineProps {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}

/** SVG points for `values` scaled into the box; a flat line when all are equal. */
export function sparkPoints(values: number[], width: number, height: number): string {
  if (!values.length) return "";
  const max = Math.max(...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values
    .map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - ((v - min) / span) * (height - 2)).toFixed(1)}`)
    .join(" ");
}

export default function Sparkline({ values, label, width = 96, height = 28 }: SparklineProps) {
  if (values.length < 2) return null;
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={label} preserveAspectRatio="none">
      <polyline points={sparkPoints(values, width, height)} fill="none" stroke="currentColor" strokeWidth="1.5" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
