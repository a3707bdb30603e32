import { act, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FullAppEmbed } from "../index";
import { createFakeServer, INSTANCE } from "./support/fake-server";
import { renderWithProvider } from "./support/render";

afterEach(() => {
  vi.unstubAllGlobals();
});

function post(data: unknown, origin: string, source: MessageEventSource | null) {
  act(() => {
    window.dispatchEvent(new MessageEvent("message", { data, origin, source }));
  });
}

describe("FullAppEmbed", () => {
  it("opens the app on the path through the SSO redirect flow", () => {
    renderWithProvider(<FullAppEmbed path="/dashboard/1?tab=2" />, createFakeServer().withAuth());
    const frame = screen.getByTitle("Analytics") as HTMLIFrameElement;
    const src = new URL(frame.src);
    expect(`${src.origin}${src.pathname}`).toBe(`${INSTANCE}/auth/sso`);
    expect(src.searchParams.get("return_to")).toBe("/dashboard/1?tab=2");
    expect(src.searchParams.has("jwt")).toBe(false);
  });

  it("never sends return_to off the app (absolute or protocol-relative paths)", () => {
    renderWithProvider(<FullAppEmbed path="//evil.example/x" />, createFakeServer().withAuth());
    const frame = screen.getByTitle("Analytics") as HTMLIFrameElement;
    expect(new URL(frame.src).searchParams.get("return_to")).toBe("/");
  });

  it("resizes and navigates from the app's messages, and only from the app's origin and frame", () => {
    const onNavigate = vi.fn();
    renderWithProvider(<FullAppEmbed onNavigate={onNavigate} />, createFakeServer().withAuth());
    const frame = screen.getByTitle("Analytics") as HTMLIFrameElement;
    const source = frame.contentWindow;
    expect(frame.style.height).toBe("600px");

    post({ type: "embed-analytics:resize", height: 1234 }, "https://evil.example", source);
    post({ type: "embed-analytics:resize", height: 1234 }, INSTANCE, window);
    expect(frame.style.height).toBe("600px");

    post({ type: "embed-analytics:resize", height: 1234 }, INSTANCE, source);
    expect(frame.style.height).toBe("1234px");

    post({ type: "embed-analytics:navigate", path: "/question/3" }, INSTANCE, source);
    post({ type: "embed-analytics:navigate", path: "https://evil.example" }, INSTANCE, source);
    post({ type: "embed-analytics:navigate", path: "/x" }, "https://evil.example", source);
    expect(onNavigate.mock.calls).toEqual([["/question/3"], ["/"]]);
  });
});
