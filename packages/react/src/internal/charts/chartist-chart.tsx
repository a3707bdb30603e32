import { BarChart, LineChart, PieChart } from "chartist";
import { type MouseEvent, useEffect, useRef } from "react";
import { CHART_COLOR_SLOTS } from "../theme";
import type { ChartSeries } from "./chart-model";

export type ChartKind = "bar" | "line" | "area" | "pie" | "donut";

export interface ChartistChartProps {
  kind: ChartKind;
  labels: string[];
  series: ChartSeries[];
  isStacked: boolean;
  formatNumber: (value: number) => string;
  onPointClick?: ((seriesIndex: number, index: number) => void) | undefined;
  /** Called after each draw (the bench measures time to the first one). */
  onDrawn?: (() => void) | undefined;
}

/** Chartist needs a browser: matchMedia and SVG. Elsewhere (SSR, jsdom) the table stands in. */
export function canDrawCharts(): boolean {
  return (
    typeof window !== "undefined" &&
    typeof window.matchMedia === "function" &&
    typeof document !== "undefined" &&
    typeof document.createElementNS === "function"
  );
}

// The subset of Chartist's draw event the SDK decorates.
interface DrawData {
  type: string;
  index: number;
  seriesIndex?: number;
  value?: unknown;
  element: {
    attr(attributes: Record<string, string>): unknown;
    elem(name: string): { text(text: string): unknown };
  };
  axisX?: { axisLength?: number };
}

/**
 * A Chartist chart (SVG) inside a sized box. Chartist redraws fully on update, so the chart is
 * re-created when its inputs change, and redrawn when its box is resized.
 */
export function ChartistChart({
  kind,
  labels,
  series,
  isStacked,
  formatNumber,
  onPointClick,
  onDrawn,
}: ChartistChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const onDrawnRef = useRef(onDrawn);
  onDrawnRef.current = onDrawn;
  const formatRef = useRef(formatNumber);
  formatRef.current = formatNumber;

  useEffect(() => {
    const element = ref.current;
    if (!element || !canDrawCharts()) return;
    const className = (i: number) => `embed-series-${i % CHART_COLOR_SLOTS}`;
    const width = element.clientWidth || 600;
    const describe = (seriesIndex: number, index: number) => {
      const entry = series[seriesIndex];
      const value = entry?.values[index];
      const shown = value === null || value === undefined ? "" : formatRef.current(value);
      return series.length > 1
        ? `${labels[index] ?? ""} · ${entry?.name ?? ""}: ${shown}`
        : `${labels[index] ?? ""}: ${shown}`;
    };

    let chart: BarChart | LineChart | PieChart;
    if (kind === "pie" || kind === "donut") {
      const values = series[0]?.values ?? [];
      const total = values.reduce<number>((sum, value) => sum + Math.max(0, value ?? 0), 0);
      chart = new PieChart(
        element,
        {
          labels,
          series: values.map((value, i) => ({
            value: Math.max(0, value ?? 0),
            className: className(i),
          })),
        },
        {
          donut: kind === "donut",
          donutWidth: "38%",
          showLabel: true,
          chartPadding: 8,
          labelInterpolationFnc: (_label: unknown, index: number) => {
            const share = total > 0 ? Math.max(0, values[index] ?? 0) / total : 0;
            return share >= 0.06 ? `${Math.round(share * 100)}%` : "";
          },
        },
      );
      chart.on("draw", (data: DrawData) => {
        if (data.type !== "slice") return;
        data.element.attr({ "data-embed-series": "0", "data-embed-index": String(data.index) });
        data.element.elem("title").text(describe(0, data.index));
      });
    } else {
      const maxLabels = Math.max(2, Math.floor(width / 64));
      const step = Math.max(1, Math.ceil(labels.length / maxLabels));
      const axisX = {
        showGrid: false,
        labelInterpolationFnc: (label: unknown, index: number) =>
          index % step === 0 ? String(label) : null,
      };
      // Counts get whole-number ticks (no "0.25 orders").
      const isWhole = series.every((entry) =>
        entry.values.every((value) => value === null || Number.isInteger(value)),
      );
      const axisY = {
        offset: 56,
        onlyInteger: isWhole,
        labelInterpolationFnc: (value: unknown) => formatRef.current(Number(value)),
      };
      const data = {
        labels,
        series: series.map((entry, i) => ({
          name: entry.name,
          data: entry.values,
          className: className(i),
        })),
      };
      if (kind === "bar") {
        const groups = isStacked ? 1 : Math.max(1, series.length);
        const slot = (width - 72) / Math.max(1, labels.length);
        const barWidth = Math.max(2, Math.min(48, (slot * 0.7) / groups));
        chart = new BarChart(element, data, {
          stackBars: isStacked,
          seriesBarDistance: barWidth + 1,
          chartPadding: { top: 12, right: 8, bottom: 0, left: 0 },
          axisX,
          axisY,
        });
        chart.on("draw", (event: DrawData) => {
          if (event.type !== "bar") return;
          event.element.attr({
            style: `stroke-width:${barWidth}px`,
            "data-embed-series": String(event.seriesIndex ?? 0),
            "data-embed-index": String(event.index),
          });
          event.element.elem("title").text(describe(event.seriesIndex ?? 0, event.index));
        });
      } else {
        chart = new LineChart(element, data, {
          fullWidth: true,
          showArea: kind === "area",
          showPoint: labels.length <= 120,
          lineSmooth: false,
          chartPadding: { top: 12, right: 16, bottom: 0, left: 0 },
          axisX,
          axisY,
        });
        chart.on("draw", (event: DrawData) => {
          if (event.type !== "point") return;
          event.element.attr({
            "data-embed-series": String(event.seriesIndex ?? 0),
            "data-embed-index": String(event.index),
          });
          event.element.elem("title").text(describe(event.seriesIndex ?? 0, event.index));
        });
      }
    }
    chart.on("created", () => onDrawnRef.current?.());

    let frame = 0;
    const observer =
      typeof ResizeObserver === "function"
        ? new ResizeObserver(() => {
            cancelAnimationFrame(frame);
            frame = requestAnimationFrame(() => chart.update());
          })
        : undefined;
    observer?.observe(element);
    return () => {
      observer?.disconnect();
      cancelAnimationFrame(frame);
      chart.detach();
      element.replaceChildren();
    };
  }, [kind, labels, series, isStacked]);

  const handleClick = onPointClick
    ? (event: MouseEvent<HTMLDivElement>) => {
        const target = (event.target as Element).closest?.("[data-embed-index]");
        if (!target) return;
        onPointClick(
          Number(target.getAttribute("data-embed-series") ?? 0),
          Number(target.getAttribute("data-embed-index")),
        );
      }
    : undefined;

  // The SVG is decoration for sighted users; the visually hidden table next to it is the data.
  return (
    <div
      ref={ref}
      className="embed-chart-canvas"
      aria-hidden="true"
      data-embed-chart={kind}
      onClick={handleClick}
    />
  );
}
