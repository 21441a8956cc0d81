"use client";
// The designer's inputs. Each carries its config path (`workerGroups[1].memory`)
// as data-testid and shows that path's errors and warnings under it.
import type { ReactNode } from "react";
import { inputClass } from "@/components/ui/primitives";
import type { Row, TolerationRow } from "./config-form";

export interface Issues {
  errors: (path: string) => string[];
  warnings: (path: string) => string[];
  /** Whether any error's path starts with this prefix (to open a collapsed section). */
  hasUnder?: (prefix: string) => boolean;
}

export function FieldMessages({ path, issues }: { path: string; issues: Issues }) {
  const errs = issues.errors(path);
  const warns = issues.warnings(path);
  if (!errs.length && !warns.length) return null;
  return (
    <span className="block space-y-0.5 text-xs">
      {errs.map((m) => (
        <span key={m} data-testid={`error-${path}`} className="block text-red-400">
          {m}
        </span>
      ))}
      {!errs.length &&
        warns.map((m) => (
          <span key={m} data-testid={`warning-${path}`} className="block text-amber-400/90">
            {m}
          </span>
        ))}
    </span>
  );
}

const invalid = "border-red-700 focus:border-red-500";

export function TextField(props: {
  label: string;
  path: string;
  value: string;
  onChange: (v: string) => void;
  issues: Issues;
  placeholder?: string;
  hint?: ReactNode;
  className?: string;
  mono?: boolean;
}) {
  const bad = props.issues.errors(props.path).length > 0;
  return (
    <label className={`block space-y-1 text-sm ${props.className ?? ""}`}>
      <span className="text-xs font-medium text-neutral-400">{props.label}</span>
      <input
        data-testid={`field-${props.path}`}
        aria-invalid={bad}
        className={`${inputClass} ${props.mono ? "font-mono" : ""} ${bad ? invalid : ""}`}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(e) => props.onChange(e.target.value)}
        spellCheck={false}
      />
      <FieldMessages path={props.path} issues={props.issues} />
      {props.hint && !bad && <span className="block text-xs text-neutral-500">{props.hint}</span>}
    </label>
  );
}

/** Key/value rows (node selector, labels, custom resources, env): errors land on the row of their key. */
export function KvEditor(props: {
  title: string;
  path: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  issues: Issues;
  keyPlaceholder: string;
  valuePlaceholder: string;
  hint?: ReactNode;
}) {
  const set = (i: number, patch: Partial<Row>) => props.onChange(props.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-1.5" data-testid={`kv-${props.path}`}>
      <div className="flex items-center justify-between">
        <span className="text-xs font-medium text-neutral-400">{props.title}</span>
        <button type="button" className="text-xs text-sky-400 hover:underline" onClick={() => props.onChange([...props.rows, { key: "", value: "" }])}>
          + add
        </button>
      </div>
      {props.rows.length === 0 && <div className="text-xs text-neutral-600">none</div>}
      {props.rows.map((r, i) => {
        const paths = [`${props.path}.${r.key.trim()}`, `${props.path}#${i}`];
        const rowIssues: Issues = {
          errors: () => paths.flatMap((p) => props.issues.errors(p)),
          warnings: () => paths.flatMap((p) => props.issues.warnings(p)),
        };
        const bad = rowIssues.errors("").length > 0;
        return (
          <div key={i} className="space-y-0.5">
            <div className="flex gap-1.5">
              <input data-testid={`field-${props.path}#${i}.key`} aria-label={`${props.title} key`} className={`${inputClass} font-mono ${bad ? invalid : ""}`} value={r.key} placeholder={props.keyPlaceholder} onChange={(e) => set(i, { key: e.target.value })} spellCheck={false} />
              <input data-testid={`field-${props.path}#${i}.value`} aria-label={`${props.title} value`} className={`${inputClass} font-mono ${bad ? invalid : ""}`} value={r.value} placeholder={props.valuePlaceholder} onChange={(e) => set(i, { value: e.target.value })} spellCheck={false} />
              <button type="button" aria-label="remove" className="rounded px-2 text-neutral-500 hover:bg-neutral-800 hover:text-neutral-200" onClick={() => props.onChange(props.rows.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
            <FieldMessages path={paths[0]} issues={rowIssues} />
          </div>
        );
      })}
      {props.hint && <div className="text-xs text-neutral-500">{props.hint}</div>}
    </div>
  );
}

const EFFECTS = ["", "NoSchedule", "PreferNoSchedule", "NoExecute"];

export function TolerationsEditor({ path, rows, onChange, issues }: { path: string; rows: TolerationRow[]; onChange: (r: TolerationRow[]) => void; issues: Issues }) {
  const set = (i: number, patch: Partial<TolerationRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const sel = "rounded-md border border-neutral-700 bg-neutral-950 px-1.5 py-1.5 text-sm text-neutral-100 focus:border-sky-600 focus:outline-none";
  return (
    <div className="space-y-1.5" data-testid={`tolerations-${path}`}>
      <div className="flex items-center justify-between">
        <span className="text-xs font-medium text-neutral-400">Tolerations</span>
        <button type="button" className="text-xs text-sky-400 hover:underline" onClick={() => onChange([...rows, { key: "", operator: "Equal", value: "", effect: "NoSchedule", tolerationSeconds: "" }])}>
          + add
        </button>
      </div>
      {rows.length === 0 && <div className="text-xs text-neutral-600">none</div>}
      {rows.map((t, i) => {
        const p = `${path}[${i}]`;
        const fields = ["", ".key", ".operator", ".value", ".effect", ".tolerationSeconds"].map((s) => p + s);
        const rowIssues: Issues = { errors: () => fields.flatMap((f) => issues.errors(f)), warnings: () => [] };
        return (
          <div key={i} className="space-y-0.5">
            <div className="flex gap-1.5">
              <input aria-label="toleration key" data-testid={`field-${p}.key`} className={`${inputClass} font-mono`} value={t.key} placeholder="key" onChange={(e) => set(i, { key: e.target.value })} spellCheck={false} />
              <select aria-label="operator" className={sel} value={t.operator} onChange={(e) => set(i, { operator: e.target.value as TolerationRow["operator"], ...(e.target.value === "Exists" ? { value: "" } : {}) })}>
                <option value="Equal">=</option>
                <option value="Exists">exists</option>
              </select>
              <input aria-label="toleration value" className={`${inputClass} font-mono`} value={t.value} placeholder={t.operator === "Exists" ? "(any)" : "value"} disabled={t.operator === "Exists"} onChange={(e) => set(i, { value: e.target.value })} spellCheck={false} />
              <select aria-label="effect" className={sel} value={t.effect} onChange={(e) => set(i, { effect: e.target.value })}>
                {EFFECTS.map((e) => (
                  <option key={e} value={e}>
                    {e || "any effect"}
                  </option>
                ))}
              </select>
              {t.effect === "NoExecute" && (
                <input aria-label="toleration seconds" className={`${inputClass} w-20`} value={t.tolerationSeconds} placeholder="secs" onChange={(e) => set(i, { tolerationSeconds: e.target.value })} />
              )}
              <button type="button" aria-label="remove toleration" className="rounded px-2 text-neutral-500 hover:bg-neutral-800 hover:text-neutral-200" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
            <FieldMessages path={p} issues={rowIssues} />
          </div>
        );
      })}
    </div>
  );
}
