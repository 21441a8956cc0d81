// Breadcrumbs and title of the UDF pages.
import Link from "next/link";
import type { ReactNode } from "react";
import { enc } from "@/components/api-client";

export function UdfPageHeader({ table, crumb, title, children }: { table: string; crumb: string; title: ReactNode; children?: ReactNode }) {
  return (
    <header className="space-y-1">
      <nav aria-label="Breadcrumb" className="flex items-center gap-1.5 text-sm text-neutral-500">
        <Link href="/" className="hover:text-neutral-200">Tables</Link>
        <span>/</span>
        <Link href={`/tables/${enc(table)}`} className="hover:text-neutral-200">{table}</Link>
        <span>/</span>
        <span className="text-neutral-400">{crumb}</span>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {children}
      </div>
    </header>
  );
}
