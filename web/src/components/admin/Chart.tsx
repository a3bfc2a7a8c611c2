// A small React wrapper around uPlot for daily series: bars per UTC day, sized to its box
// (ResizeObserver), so a chart fits a phone as well as a desktop panel.

import { useEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { dayStamps, sum } from "./series";

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
}

export interface DailyChartProps {
  title: string;
  /** `YYYY-MM-DD`, oldest first; every series has one value per day. */
  days: string[];
  series: ChartSeries[];
  height?: number;
  /** Shown under the title, e.g. why a window is shorter than asked. */
  note?: string;
  /** Counts: whole-number ticks only (viewer-hours pass false). */
  integer?: boolean;
  testId?: string;
}

const AXIS = { stroke: "#8b9bb0", grid: { stroke: "#263244", width: 1 }, ticks: { stroke: "#263244", width: 1 } };
const HALF_DAY = 43_200;
const INTEGER_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];
const dayLabel = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

function options(width: number, height: number, series: ChartSeries[], integer: boolean): uPlot.Options {
  const bars = uPlot.paths.bars?.({ size: [0.7, 28], gap: 1 });
  return {
    width,
    height,
    // Days are UTC days on the server; label them as such whatever the browser's zone.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    scales: {
      // Half a day either side, so the first and last bars are drawn whole.
      x: { time: true, range: (_u, min, max) => [min - HALF_DAY, max + HALF_DAY] },
      y: { range: (_u, _min, max) => [0, Math.max(integer ? 4 : 1, max)] },
    },
    axes: [
      { ...AXIS, space: 56, values: (_u, splits) => splits.map((ts) => dayLabel.format(new Date(ts * 1000))) },
      { ...AXIS, size: 44, ...(integer ? { incrs: INTEGER_STEPS } : {}) },
    ],
    // The legend doubles as the hover readout: the day and each series' value.
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: "Day", value: (_u, ts) => (ts == null ? "—" : dayLabel.format(new Date(ts * 1000))) },
      ...series.map((s) => ({ label: s.label, stroke: s.color, fill: `${s.color}55`, width: 1, paths: bars, points: { show: false } })),
    ],
  };
}

function widthOf(box: HTMLElement): number {
  // A hidden or not yet laid out box reports 0; uPlot still needs a positive size.
  return Math.max(120, Math.floor(box.clientWidth));
}

export default function DailyChart({ title, days, series, height = 180, note, integer = true, testId }: DailyChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const data = useMemo<uPlot.AlignedData>(() => [dayStamps(days), ...series.map((s) => s.values)], [days, series]);
  const summary = series.map((s) => `${s.label}: ${sum(s.values)} over ${days.length} days`).join("; ");

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const plot = new uPlot(options(widthOf(el), height, series, integer), data, el);
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => plot.setSize({ width: widthOf(el), height }));
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      plot.destroy();
    };
  }, [data, height, series, integer]);

  return (
    <figure className="admin-chart" data-testid={testId}>
      <figcaption>
        <span className="admin-chart-title">{title}</span>
        {note && <span className="muted small">{note}</span>}
      </figcaption>
      <div ref={box} className="admin-chart-canvas" role="img" aria-label={`${title}. ${summary}`} />
    </figure>
  );
}
