// Small styled building blocks (the design system of this app).
import type { ButtonHTMLAttributes, ReactNode } from "react";

const variants = {
  primary: "bg-sky-600 text-white hover:bg-sky-500 disabled:bg-sky-900 disabled:text-sky-300/60",
  secondary: "border border-neutral-700 bg-neutral-900 text-neutral-200 hover:bg-neutral-800 disabled:text-neutral-600",
  danger: "bg-red-700 text-white hover:bg-red-600 disabled:bg-red-950 disabled:text-red-300/50",
  ghost: "text-neutral-300 hover:bg-neutral-800",
};

export function Button({ variant = "secondary", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof variants }) {
  return (
    <button
      {...props}
      className={`inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium transition-colors disabled:cursor-not-allowed ${variants[variant]} ${className}`}
    />
  );
}

export function Card({ title, actions, children, className = "" }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg border border-neutral-800 bg-neutral-900/50 ${className}`}>
      {(title || actions) && (
        <header className="flex items-center justify-between gap-2 border-b border-neutral-800 px-4 py-2">
          <h2 className="text-sm font-semibold text-neutral-200">{title}</h2>
          <div className="flex items-center gap-2">{actions}</div>
        </header>
      )}
      <div className="p-4">{children}</div>
    </section>
  );
}

const tones = {
  neutral: "bg-neutral-800 text-neutral-300",
  blue: "bg-sky-950 text-sky-300 ring-1 ring-sky-800",
  green: "bg-emerald-950 text-emerald-300 ring-1 ring-emerald-800",
  red: "bg-red-950 text-red-300 ring-1 ring-red-800",
  amber: "bg-amber-950 text-amber-300 ring-1 ring-amber-800",
  violet: "bg-violet-950 text-violet-300 ring-1 ring-violet-800",
};

export function Badge({ tone = "neutral", children, title }: { tone?: keyof typeof tones; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}

export function ProgressBar({ value, tone = "blue", label }: { value: number; tone?: "blue" | "green" | "red"; label?: string }) {
  const pct = Math.max(0, Math.min(1, Number.isFinite(value) ? value : 0)) * 100;
  const color = tone === "green" ? "bg-emerald-500" : tone === "red" ? "bg-red-500" : "bg-sky-500";
  return (
    <div role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100} aria-label={label} className="h-2 w-full overflow-hidden rounded bg-neutral-800">
      <div className={`h-full ${color} transition-[width] duration-300`} style={{ width: `${pct}%` }} />
    </div>
  );
}

export function Field({ label, hint, error, children }: { label: string; hint?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <label className="block space-y-1 text-sm">
      <span className="font-medium text-neutral-300">{label}</span>
      {children}
      {error ? <span className="block text-xs text-red-400">{error}</span> : hint ? <span className="block text-xs text-neutral-500">{hint}</span> : null}
    </label>
  );
}

export const inputClass =
  "w-full rounded-md border border-neutral-700 bg-neutral-950 px-2.5 py-1.5 text-sm text-neutral-100 placeholder:text-neutral-600 focus:border-sky-600 focus:outline-none";
