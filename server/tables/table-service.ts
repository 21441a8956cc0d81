// Table reads through @lancedb/lancedb (Node). Schema changes and UDF work go
// through the Python data plane; reads of rows and metadata are done here.
import * as lancedb from "@lancedb/lancedb";
import { badRequest, notFound } from "../errors";
import { rowToJson } from "./arrow-json";
import { checkWhere } from "./where-guard";

export const UDF_KEY = "backfill_studio.udf";

export interface UdfInfo {
  name: string;
  version: string;
  inputColumns: string[];
  dataType: string;
  source: string;
  kind?: string;
  onError?: string;
  checkpointSize?: number | null;
  numCpus?: number;
  numGpus?: number;
  memory?: number | null;
}

export interface ColumnInfo {
  name: string;
  type: string;
  nullable: boolean;
  udf?: UdfInfo;
  filled?: number;
}

export interface TableSummary {
  name: string;
  numRows: number;
  /** How many columns are defined by a UDF. */
  udfColumns: number;
}

export interface TableInfo {
  name: string;
  numRows: number;
  version: number;
  columns: ColumnInfo[];
}

const MAX_ROWS = 1000;

export class TableService {
  private conn: Promise<lancedb.Connection> | null = null;

  constructor(private readonly dbUri: string) {}

  private db(): Promise<lancedb.Connection> {
    if (!this.conn) this.conn = lancedb.connect(this.dbUri);
    return this.conn;
  }

  async names(): Promise<string[]> {
    return (await (await this.db()).tableNames()).sort();
  }

  async open(name: string): Promise<lancedb.Table> {
    if (typeof name !== "string" || !(await this.names()).includes(name)) throw notFound(`table '${name}' not found`);
    return (await this.db()).openTable(name);
  }

  async list(): Promise<TableSummary[]> {
    const out = [];
    for (const name of await this.names()) {
      const t = await (await this.db()).openTable(name);
      const [numRows, schema] = await Promise.all([t.countRows(), t.schema()]);
      out.push({ name, numRows, udfColumns: schema.fields.filter((f) => parseUdf(f.metadata)).length });
    }
    return out;
  }

  async udfOf(table: string, column: string): Promise<UdfInfo | undefined> {
    const t = await this.open(table);
    const field = (await t.schema()).fields.find((f) => f.name === column);
    if (!field) throw notFound(`column '${column}' not found in table '${table}'`);
    return parseUdf(field.metadata);
  }

  async describe(name: string): Promise<TableInfo> {
    const t = await this.open(name);
    const [schema, numRows, version] = await Promise.all([t.schema(), t.countRows(), t.version()]);
    const columns: ColumnInfo[] = [];
    for (const f of schema.fields) {
      const col: ColumnInfo = { name: f.name, type: String(f.type), nullable: f.nullable };
      const udf = parseUdf(f.metadata);
      if (udf) {
        col.udf = udf;
        const nonNull = numRows ? await t.countRows(`${quoteIdent(f.name)} IS NOT NULL`) : 0;
        col.filled = numRows ? nonNull / numRows : 0;
      }
      columns.push(col);
    }
    return { name, numRows, version, columns };
  }

  async rows(
    name: string,
    opts: { limit?: number; offset?: number; where?: string; columns?: string[]; count?: boolean },
  ): Promise<{ rows: Record<string, unknown>[]; total?: number }> {
    const t = await this.open(name);
    const limit = opts.limit ?? 50;
    const offset = opts.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ROWS) throw badRequest(`limit must be an integer between 1 and ${MAX_ROWS}`);
    if (!Number.isInteger(offset) || offset < 0) throw badRequest("offset must be a non-negative integer");
    const names = (await t.schema()).fields.map((f) => f.name);
    if (opts.columns) {
      const unknown = opts.columns.filter((c) => !names.includes(c) && c !== "_rowid" && c !== "_rowaddr");
      if (unknown.length) throw badRequest(`unknown column(s): ${unknown.join(", ")} (table columns: ${names.join(", ")})`);
    }
    const where = opts.where?.trim() ? opts.where : undefined;
    if (where) checkWhere(where);
    let q = t.query().limit(limit).offset(offset).withRowId();
    if (where) q = q.where(where);
    if (opts.columns) q = q.select(opts.columns.filter((c) => c !== "_rowid"));
    let rows: Record<string, unknown>[];
    try {
      rows = (await q.toArray()) as Record<string, unknown>[];
    } catch (e) {
      throw badRequest(`invalid query: ${cleanLanceError(e)}`);
    }
    const out: { rows: Record<string, unknown>[]; total?: number } = { rows: rows.map(rowToJson) };
    if (opts.count) out.total = await countMatching(t, where);
    return out;
  }
}

/** Rows matching `where` (all rows without one). countRows() cannot push some
 *  filters down (a `_rowid` filter on a default table), so fall back to a scan. */
async function countMatching(t: lancedb.Table, where: string | undefined): Promise<number> {
  try {
    return await t.countRows(where);
  } catch {
    let q = t.query().select(["_rowid"]).withRowId();
    if (where) q = q.where(where);
    let n = 0;
    for await (const batch of q) n += batch.numRows;
    return n;
  }
}

export function parseUdf(metadata: Map<string, string> | undefined): UdfInfo | undefined {
  const raw = metadata?.get(UDF_KEY);
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw);
    return {
      name: s.name, version: s.version, inputColumns: s.inputColumns, dataType: s.dataType, source: s.source,
      kind: s.kind, onError: s.onError, checkpointSize: s.checkpointSize, numCpus: s.numCpus, numGpus: s.numGpus, memory: s.memory,
    };
  } catch {
    return undefined;
  }
}

export function quoteIdent(name: string): string {
  return "`" + name.replace(/`/g, "``") + "`";
}

/** Lance's message without source paths, wrappers and repeated causes. */
export function cleanLanceError(e: unknown): string {
  const msg = (e instanceof Error ? e.message : String(e)).replace(/,\s*\/\S+\.rs:\d+:\d+/g, "");
  const first = msg.split(/\s*Caused by:/)[0];
  return first.replace(/^.*?lance error:\s*/, "").replace(/^Invalid user input:\s*/, "").trim();
}
