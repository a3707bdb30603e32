import type { Theme } from "@embed/react";

/** Parcelpoint's colours, as in the site header (site-header.module.css). */
export const BRAND = {
  navy: "#0b1f33",
  navyLight: "#334e68",
  amber: "#f59e0b",
  /** Amber dark enough for links and buttons on white. */
  amberText: "#b45309",
  ink: "#0f172a",
  muted: "#64748b",
  border: "#e2e8f0",
} as const;

/** The SDK's theme: Parcelpoint's navy and amber instead of the SDK's default blue. */
export const ANALYTICS_THEME: Theme = {
  colors: {
    brand: BRAND.amberText,
    text: BRAND.ink,
    textSecondary: BRAND.muted,
    border: BRAND.border,
  },
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  radius: "10px",
  chartColors: [BRAND.amber, BRAND.navy, BRAND.navyLight, "#fbbf24", "#94a3b8", "#16324f"],
};
