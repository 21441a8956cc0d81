import type { Metadata } from "next";
import Link from "next/link";
import Providers from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Backfill Studio",
  description: "Define, run and watch LanceDB UDF backfills",
};

const nav = [
  { href: "/", label: "Tables" },
  { href: "/jobs", label: "Jobs" },
];

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-neutral-950 text-neutral-100 antialiased">
        <header className="border-b border-neutral-800 bg-neutral-900/80">
          <div className="mx-auto flex h-12 max-w-7xl items-center gap-6 px-4">
            <Link href="/" className="font-semibold tracking-tight">
              Backfill Studio
            </Link>
            <nav className="flex gap-4 text-sm text-neutral-400">
              {nav.map((n) => (
                <Link key={n.href} href={n.href} className="hover:text-neutral-100">
                  {n.label}
                </Link>
              ))}
            </nav>
          </div>
        </header>
        <Providers>
          <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
