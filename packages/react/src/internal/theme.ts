import type { CSSProperties } from "react";
import type { Theme } from "../types";

/** Every rule the SDK ships starts with this class: nothing styles the host page. */
export const ROOT_CLASS = "embed-sdk-root";
export const CHART_COLOR_SLOTS = 12;

const PALETTE = [
  "#509ee3",
  "#88bf4d",
  "#a989c5",
  "#ef8c8c",
  "#f9d45c",
  "#f2a86f",
  "#98d9d9",
  "#7172ad",
  "#e87ab4",
  "#6cc3a0",
  "#c7a06b",
  "#8a9ba8",
];

const DEFAULTS = {
  light: {
    brand: "#509ee3",
    background: "transparent",
    surface: "#ffffff",
    text: "#2e353b",
    textSecondary: "#5f6670",
    border: "#dfe3e8",
    error: "#b3261e",
    hover: "rgba(80, 158, 227, 0.08)",
  },
  dark: {
    brand: "#6fb3f0",
    background: "transparent",
    surface: "#1f2328",
    text: "#e8eaed",
    textSecondary: "#a7adb5",
    border: "#3a4047",
    error: "#ff8a80",
    hover: "rgba(111, 179, 240, 0.14)",
  },
} as const;

/** A component's theme over the provider's: colours merge key by key, the rest replaces. */
export function mergeThemes(base: Theme | undefined, override: Theme | undefined): Theme {
  if (!base) return override ?? {};
  if (!override) return base;
  return { ...base, ...override, colors: { ...base.colors, ...override.colors } };
}

/**
 * The theme as CSS custom properties, set inline on the SDK's root element only. Values are
 * passed through as given (so `var(--brand)` from the host works) and, being property values
 * set through the DOM, cannot inject rules.
 */
export function themeVariables(theme: Theme): CSSProperties {
  const mode = theme.mode ?? "light";
  const colors = { ...DEFAULTS[mode], ...definedOnly(theme.colors ?? {}) };
  const chartColors = theme.chartColors?.length ? theme.chartColors : PALETTE;
  const variables: Record<string, string> = {
    "--embed-color-brand": colors.brand,
    "--embed-color-background": colors.background,
    "--embed-color-surface": colors.surface,
    "--embed-color-text": colors.text,
    "--embed-color-text-secondary": colors.textSecondary,
    "--embed-color-border": colors.border,
    "--embed-color-error": colors.error,
    "--embed-color-hover": colors.hover,
    "--embed-font-family":
      theme.fontFamily ??
      'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif',
    "--embed-font-size": theme.fontSize ?? "14px",
    "--embed-radius": theme.radius ?? "8px",
    "--embed-spacing": theme.spacing ?? "12px",
  };
  for (let i = 0; i < CHART_COLOR_SLOTS; i++) {
    variables[`--embed-chart-${i}`] = chartColors[i % chartColors.length] as string;
  }
  return variables as CSSProperties;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined && entry !== ""),
  ) as Partial<T>;
}

const R = `.${ROOT_CLASS}`;

function seriesRules(): string {
  let css = "";
  for (let i = 0; i < CHART_COLOR_SLOTS; i++) {
    const s = `${R} .embed-series-${i}`;
    css += `${s} .ct-line,${s} .ct-point,${s} .ct-bar,${s} .ct-slice-donut{stroke:var(--embed-chart-${i})}`;
    css += `${s} .ct-area,${s} .ct-slice-pie{fill:var(--embed-chart-${i})}`;
    css += `${R} .embed-swatch-${i}{background:var(--embed-chart-${i})}`;
  }
  return css;
}

/**
 * The SDK's whole stylesheet. Every selector is scoped under the root class, so it styles only
 * SDK elements; the host's own CSS may still target the documented `embed-*` classes and
 * `data-embed-state` attributes to restyle them.
 */
export const SCOPED_CSS = [
  `${R}{font-family:var(--embed-font-family);font-size:var(--embed-font-size);line-height:1.4;color:var(--embed-color-text);background:var(--embed-color-background);box-sizing:border-box;text-align:left}`,
  `${R} *,${R} *::before,${R} *::after{box-sizing:border-box}`,
  `${R} button,${R} input,${R} select{font:inherit;color:inherit}`,
  `${R} .embed-title{font-size:1.4em;font-weight:600;margin:0 0 var(--embed-spacing)}`,
  `${R} .embed-description{margin:0 0 var(--embed-spacing);color:var(--embed-color-text-secondary)}`,
  `${R} .embed-params{display:flex;flex-wrap:wrap;align-items:flex-end;gap:var(--embed-spacing);margin:0 0 var(--embed-spacing)}`,
  `${R} .embed-param{display:flex;flex-direction:column;gap:4px;font-size:.85em;color:var(--embed-color-text-secondary)}`,
  `${R} .embed-param-range{display:flex;gap:4px;align-items:center}`,
  `${R} .embed-input{min-height:32px;padding:4px 8px;border:1px solid var(--embed-color-border);border-radius:var(--embed-radius);background:var(--embed-color-surface);color:var(--embed-color-text)}`,
  `${R} .embed-button{min-height:28px;padding:2px 10px;border:1px solid var(--embed-color-border);border-radius:var(--embed-radius);background:var(--embed-color-surface);color:var(--embed-color-text);cursor:pointer}`,
  `${R} .embed-button:disabled{opacity:.5;cursor:default}`,
  `${R} .embed-link{padding:0;border:0;background:none;color:var(--embed-color-brand);cursor:pointer;text-align:left}`,
  `${R} .embed-grid{container-type:inline-size}`,
  `${R} .embed-grid-inner{display:grid;grid-template-columns:repeat(24,minmax(0,1fr));grid-auto-rows:40px;gap:var(--embed-spacing)}`,
  `${R} .embed-card{grid-column:var(--embed-x)/span var(--embed-w);grid-row:var(--embed-y)/span var(--embed-h);display:flex;flex-direction:column;min-width:0;min-height:0;overflow:hidden;padding:var(--embed-spacing);background:var(--embed-color-surface);border:1px solid var(--embed-color-border);border-radius:var(--embed-radius)}`,
  // Narrow screens: one column in grid order, each card keeping its height.
  `@container (max-width:640px){${R} .embed-grid-inner{grid-template-columns:minmax(0,1fr);grid-auto-rows:auto}${R} .embed-card{grid-column:1/-1;grid-row:auto;height:calc(var(--embed-h)*40px)}}`,
  `${R} .embed-card-header{display:flex;align-items:center;justify-content:space-between;gap:8px;margin:0 0 8px}`,
  `${R} .embed-card-title{margin:0;font-size:1em;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}`,
  `${R} .embed-card-body{position:relative;flex:1;min-height:0;display:flex;flex-direction:column}`,
  `${R} .embed-question{display:flex;flex-direction:column;padding:var(--embed-spacing);background:var(--embed-color-surface);border:1px solid var(--embed-color-border);border-radius:var(--embed-radius)}`,
  `${R} .embed-scalar{display:flex;flex-direction:column;justify-content:center;height:100%}`,
  `${R} .embed-scalar-value{font-size:2.2em;font-weight:700;font-variant-numeric:tabular-nums}`,
  `${R} .embed-table-wrap{flex:1;min-height:0;overflow:auto}`,
  `${R} .embed-table{width:100%;border-collapse:collapse;font-size:.9em}`,
  `${R} .embed-table th,${R} .embed-table td{padding:4px 8px;border-bottom:1px solid var(--embed-color-border);text-align:left;white-space:nowrap}`,
  `${R} .embed-table th{position:sticky;top:0;background:var(--embed-color-surface);font-weight:600}`,
  `${R} .embed-table .embed-num{text-align:right;font-variant-numeric:tabular-nums}`,
  `${R} .embed-sort{padding:0;border:0;background:none;font-weight:600;cursor:pointer}`,
  `${R} .embed-clickable{cursor:pointer}`,
  `${R} .embed-clickable:hover,${R} .embed-clickable:focus{background:var(--embed-color-hover);outline:none}`,
  `${R} .embed-pager{display:flex;align-items:center;justify-content:flex-end;gap:8px;padding-top:4px;font-size:.85em;color:var(--embed-color-text-secondary)}`,
  `${R} .embed-visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}`,
  `${R} .embed-state{display:flex;flex-direction:column;align-items:center;justify-content:center;gap:6px;min-height:64px;height:100%;padding:var(--embed-spacing);text-align:center;color:var(--embed-color-text-secondary)}`,
  `${R} .embed-state[data-embed-state=error]{color:var(--embed-color-error)}`,
  `${R} .embed-state code{font-size:.85em}`,
  `${R} .embed-chart{position:relative;flex:1;min-height:0;display:flex;flex-direction:column}`,
  `${R} .embed-chart-canvas{flex:1;min-height:0}`,
  `${R} .embed-chart-canvas svg{display:block;overflow:visible}`,
  `${R} .ct-label{display:flex;color:var(--embed-color-text-secondary);fill:var(--embed-color-text-secondary);font-size:.75em;line-height:1}`,
  `${R} .ct-label.ct-horizontal.ct-end{align-items:flex-start;justify-content:flex-start;text-align:left}`,
  `${R} .ct-label.ct-vertical.ct-start{align-items:flex-end;justify-content:flex-end;text-align:right}`,
  `${R} .ct-chart-bar .ct-label.ct-horizontal.ct-end{justify-content:center;text-align:center}`,
  `${R} .ct-grid{stroke:var(--embed-color-border);stroke-width:1px;stroke-dasharray:2px}`,
  `${R} .ct-line{fill:none;stroke-width:2px}`,
  `${R} .ct-point{stroke-width:7px;stroke-linecap:round}`,
  `${R} .ct-bar{fill:none}`,
  `${R} .ct-area{stroke:none;fill-opacity:.18}`,
  `${R} .ct-slice-pie{stroke:var(--embed-color-surface);stroke-width:1px}`,
  `${R} .ct-chart-pie .ct-label,${R} .ct-chart-donut .ct-label{fill:#fff;font-size:.85em;font-weight:600}`,
  `${R} .ct-slice-donut{fill:none}`,
  `${R} .embed-interactive .ct-bar,${R} .embed-interactive .ct-point,${R} .embed-interactive .ct-slice-pie,${R} .embed-interactive .ct-slice-donut{cursor:pointer}`,
  `${R} .embed-legend{display:flex;flex-wrap:wrap;gap:2px 12px;margin:4px 0 0;padding:0;list-style:none;font-size:.8em;color:var(--embed-color-text-secondary)}`,
  `${R} .embed-swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px;vertical-align:middle}`,
  seriesRules(),
  `${R} .embed-list{margin:0;padding:0;list-style:none}`,
  `${R} .embed-list li{border-bottom:1px solid var(--embed-color-border)}`,
  `${R} .embed-list button{display:flex;flex-direction:column;width:100%;padding:8px 4px;border:0;background:none;text-align:left;cursor:pointer}`,
  `${R} .embed-list button:hover,${R} .embed-list button:focus{background:var(--embed-color-hover)}`,
  `${R} .embed-item-meta{font-size:.8em;color:var(--embed-color-text-secondary)}`,
  `${R} .embed-breadcrumbs{display:flex;flex-wrap:wrap;gap:4px;margin:0 0 8px;padding:0;list-style:none;font-size:.9em}`,
  `${R} .embed-drill{display:flex;flex-direction:column;gap:8px;min-height:320px}`,
  `${R} .embed-note{font-size:.8em;color:var(--embed-color-text-secondary)}`,
  `${R} .embed-frame{display:block;width:100%;border:0}`,
].join("");
