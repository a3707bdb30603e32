import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getSettings } from "~/server/settings/settings";
import { EmbedBridge } from "./_components/embed-bridge";
import "./globals.css";

export const metadata: Metadata = {
  title: "Embed Analytics",
  description: "The analytics server behind your embedded dashboards.",
};

// Every page depends on the session and the settings: nothing here is static.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { authorizedOrigins } = await getSettings();
  return (
    <html lang="en">
      <body>
        <header className="app-chrome">
          <a className="brand" href="/">
            Embed Analytics
          </a>
          <a href="/dashboard/1">Dashboards</a>
          <a href="/login">Admin sign-in</a>
        </header>
        <EmbedBridge authorizedOrigins={authorizedOrigins} />
        {children}
      </body>
    </html>
  );
}
