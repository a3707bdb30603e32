"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

/**
 * When the app runs in a host's iframe (full-app embedding): hides the app's own chrome and tells
 * the parent page about readiness, navigation and height with `postMessage` — only when the
 * parent's origin is an authorized one, never with `"*"`.
 */
export function EmbedBridge({ authorizedOrigins }: { authorizedOrigins: string[] }) {
  const pathname = usePathname();

  useEffect(() => {
    if (window.self === window.top) return;
    document.documentElement.dataset.embedded = "true";
    const parentOrigin =
      window.location.ancestorOrigins?.[0] ??
      (document.referrer ? new URL(document.referrer).origin : "");
    if (!authorizedOrigins.includes(parentOrigin)) return;
    const post = (message: Record<string, unknown>) =>
      window.parent.postMessage(message, parentOrigin);
    post({ type: "embed-analytics:ready" });
    post({
      type: "embed-analytics:navigate",
      path: `${pathname}${window.location.search}`,
    });
    const report = () =>
      post({ type: "embed-analytics:resize", height: document.documentElement.scrollHeight });
    report();
    const observer = new ResizeObserver(report);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [authorizedOrigins, pathname]);

  return null;
}
