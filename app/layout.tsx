import type { Metadata } from "next";
import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";
import { NavLinks } from "@/components/shell/nav-links";
import Providers from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Backfill Studio",
  description: "Define, run and watch LanceDB UDF backfills",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-neutral-950 text-neutral-100 antialiased">
        <Providers>
          <header className="border-b border-neutral-800 bg-neutral-900/80">
            <div className="mx-auto flex h-12 max-w-7xl items-center gap-6 px-4">
              <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
                <span aria-hidden className="grid h-6 w-6 place-items-center rounded bg-sky-600 font-mono text-xs text-white">ƒ</span>
                Backfill Studio
              </Link>
              <NavLinks />
              <UserMenu />
            </div>
          </header>
          <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
