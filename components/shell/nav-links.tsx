"use client";
// The header's section links, with the current section highlighted.
import Link from "next/link";
import { usePathname } from "next/navigation";

const sections = [
  { href: "/", label: "Tables", match: (p: string) => p === "/" || p.startsWith("/tables") },
  { href: "/jobs", label: "Jobs", match: (p: string) => p.startsWith("/jobs") },
  { href: "/clusters", label: "Clusters", match: (p: string) => p === "/clusters" || p.startsWith("/clusters/") },
  { href: "/cluster-configs", label: "Cluster designs", match: (p: string) => p.startsWith("/cluster-configs") },
];

export function NavLinks() {
  const path = usePathname() ?? "/";
  return (
    <nav aria-label="main" className="flex gap-1 text-sm">
      {sections.map((s) => {
        const active = s.match(path);
        return (
          <Link
            key={s.href}
            href={s.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-2.5 py-1 ${active ? "bg-neutral-800 text-neutral-100" : "text-neutral-400 hover:text-neutral-100"}`}
          >
            {s.label}
          </Link>
        );
      })}
    </nav>
  );
}
