import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = {
  title: "Embed Analytics",
  description: "The analytics server behind your embedded dashboards.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body
        style={{
          margin: 0,
          fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
          color: "#1f2937",
          background: "#f8fafc",
        }}
      >
        {children}
      </body>
    </html>
  );
}
