import type { CSSProperties, ReactNode } from "react";
import type { Theme } from "../types";
import { ROOT_CLASS, SCOPED_CSS, themeVariables } from "./theme";

export interface EmbedRootProps {
  theme: Theme;
  className?: string | undefined;
  style?: CSSProperties | undefined;
  children?: ReactNode;
  "data-testid"?: string;
  "aria-busy"?: boolean;
}

/**
 * The element every SDK component renders first: the theme's CSS variables inline on it, and
 * the SDK's stylesheet, every rule scoped under its class, inside it (no global CSS).
 */
export function EmbedRoot({ theme, className, style, children, ...rest }: EmbedRootProps) {
  return (
    <div
      {...rest}
      className={className ? `${ROOT_CLASS} ${className}` : ROOT_CLASS}
      data-embed-mode={theme.mode ?? "light"}
      style={{ ...themeVariables(theme), ...style }}
    >
      <style>{SCOPED_CSS}</style>
      {children}
    </div>
  );
}
