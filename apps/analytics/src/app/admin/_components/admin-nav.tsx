"use client";

import { usePathname } from "next/navigation";

/** The console's pages, in the order an operator sets up embedding (the README follows it). */
const SECTIONS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/sso", label: "SSO and embedding" },
  { href: "/admin/people", label: "People and groups" },
  { href: "/admin/data-sources", label: "Data sources" },
  { href: "/admin/permissions", label: "Data permissions" },
  { href: "/admin/content", label: "Content and embedding" },
  { href: "/admin/audit", label: "Audit" },
];

export function AdminNav() {
  const pathname = usePathname();
  return (
    <ul style={{ listStyle: "none", margin: 0, padding: 0, display: "grid", gap: 2 }}>
      {SECTIONS.map((section) => {
        const current = pathname === section.href;
        return (
          <li key={section.href}>
            <a
              href={section.href}
              aria-current={current ? "page" : undefined}
              style={{
                display: "block",
                padding: "6px 10px",
                borderRadius: 6,
                textDecoration: "none",
                color: current ? "#fff" : "#1e293b",
                background: current ? "#1d4ed8" : "transparent",
              }}
            >
              {section.label}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
