import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getCurrentViewer } from "~/server/sessions/current-viewer";
import { getSettings } from "~/server/settings/settings";
import { EmbedBridge } from "./_components/embed-bridge";
import { SignOutButton } from "./_components/sign-out-button";
import "./globals.css";

export const metadata: Metadata = {
  title: "Embed Analytics",
  description: "The analytics server behind your embedded dashboards.",
};

// Every page depends on the session and the settings: nothing here is static.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ authorizedOrigins }, viewer] = await Promise.all([
    getSettings(),
    // The top bar only; a session that cannot be read shows the sign-in link, never an error page.
    getCurrentViewer().catch(() => null),
  ]);
  return (
    <html lang="en">
      <body>
        <header className="app-chrome">
          <a className="brand" href="/">
            Embed Analytics
          </a>
          <a href="/dashboard/1">Dashboards</a>
          {viewer?.user.isAdmin ? <a href="/admin">Admin console</a> : null}
          {viewer ? (
            <span className="chrome-account">
              <span data-testid="signed-in-as">{viewer.user.email}</span>
              <SignOutButton />
            </span>
          ) : (
            <a href="/login">Admin sign-in</a>
          )}
        </header>
        <EmbedBridge authorizedOrigins={authorizedOrigins} />
        {children}
      </body>
    </html>
  );
}
