import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "~/components/site-header";

export const metadata: Metadata = {
  title: "Parcelpoint — customer portal",
  description: "A sample SaaS host that embeds Embed Analytics.",
};

// Every page shows who is logged in, so every page is rendered per request.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body
        style={{
          margin: 0,
          fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
          color: "#0f172a",
          background: "#f1f5f9",
        }}
      >
        <SiteHeader />
        {children}
      </body>
    </html>
  );
}
