import { type CSSProperties, useEffect, useRef, useState } from "react";
import { useEmbedContext } from "./internal/embed-context";
import { EmbedRoot } from "./internal/embed-root";
import { mergeThemes } from "./internal/theme";
import type { Theme } from "./types";

/** The messages the analytics app posts to its parent window (and the only ones accepted). */
export type FullAppMessage =
  | { type: "embed-analytics:resize"; height: number }
  | { type: "embed-analytics:navigate"; path: string };

/** Props of `FullAppEmbed`. */
export interface FullAppEmbedProps {
  /** The analytics app's path to open, e.g. `"/dashboard/1"`. Default `"/"`. */
  path?: string;
  /** Called when the user navigates inside the app (from its `navigate` message). */
  onNavigate?: (path: string) => void;
  /** Height before the app reports its own (auto-height). Default `600`. */
  initialHeight?: number;
  /** The iframe's accessible title. Default `"Analytics"`. */
  title?: string;
  theme?: Theme;
  className?: string;
  style?: CSSProperties;
}

/** A relative app path only: `//evil.example` or `https://…` would leave the analytics origin. */
export function toAppPath(path: string): string {
  return path.startsWith("/") && !path.startsWith("//") && !path.includes("\\") ? path : "/";
}

/**
 * The whole analytics app in an iframe, signed in through the SSO redirect flow
 * (`/auth/sso?return_to=…`), growing to its content's height. Only messages from the
 * `instanceUrl`'s origin, sent by this iframe, are read.
 * @example
 * <FullAppEmbed path="/dashboard/1" onNavigate={(path) => console.log(path)} />
 */
export function FullAppEmbed({
  path = "/",
  onNavigate,
  initialHeight = 600,
  title = "Analytics",
  theme,
  className,
  style,
}: FullAppEmbedProps) {
  const context = useEmbedContext("FullAppEmbed");
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(initialHeight);
  const onNavigateRef = useRef(onNavigate);
  onNavigateRef.current = onNavigate;
  const src = `${context.instanceUrl}/auth/sso?${new URLSearchParams({ return_to: toAppPath(path) })}`;

  useEffect(() => {
    let origin: string;
    try {
      origin = new URL(context.instanceUrl).origin;
    } catch {
      return;
    }
    const onMessage = (event: MessageEvent) => {
      // Anyone can postMessage to this window: trust only the analytics origin AND this frame.
      if (event.origin !== origin || event.source !== frame.current?.contentWindow) return;
      const message = event.data as Partial<FullAppMessage> | null;
      if (!message || typeof message !== "object") return;
      if (message.type === "embed-analytics:resize" && typeof message.height === "number") {
        if (Number.isFinite(message.height))
          setHeight(Math.min(100_000, Math.max(100, message.height)));
      } else if (message.type === "embed-analytics:navigate" && typeof message.path === "string") {
        onNavigateRef.current?.(toAppPath(message.path));
      }
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [context.instanceUrl]);

  return (
    <EmbedRoot theme={mergeThemes(context.theme, theme)} className={className} style={style}>
      <iframe
        ref={frame}
        className="embed-frame"
        title={title}
        src={src}
        style={{ height }}
        allow="clipboard-write; fullscreen"
        referrerPolicy="strict-origin-when-cross-origin"
      />
    </EmbedRoot>
  );
}
