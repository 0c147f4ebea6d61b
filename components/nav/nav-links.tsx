"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const sections = [
  { href: "/", label: "Overview", match: (p: string) => p === "/" },
  { href: "/machines", label: "Machines", match: (p: string) => p.startsWith("/machines") },
  { href: "/baselines", label: "Baselines", match: (p: string) => p.startsWith("/baselines") },
  { href: "/reports", label: "Reports", match: (p: string) => p.startsWith("/reports") },
  { href: "/compare", label: "Compare", match: (p: string) => p.startsWith("/compare") },
  { href: "/anomalies", label: "Anomalies", match: (p: string) => p.startsWith("/anomalies") },
  { href: "/jobs", label: "Jobs", match: (p: string) => p.startsWith("/jobs") },
  { href: "/data", label: "Data", match: (p: string) => p.startsWith("/data") },
];

const adminSection = { href: "/admin", label: "Admin", match: (p: string) => p.startsWith("/admin") };

/** The sections; Admin only for admins (the page checks again). */
export function NavLinks({ admin = false }: { admin?: boolean }) {
  const pathname = usePathname();
  const shown = admin ? [...sections, adminSection] : sections;
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap items-center gap-1 text-sm">
        {shown.map((s) => {
          const current = s.match(pathname);
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={current ? "page" : undefined}
                className={`rounded px-3 py-1.5 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 ${current ? "bg-sky-100 font-medium text-sky-900" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
