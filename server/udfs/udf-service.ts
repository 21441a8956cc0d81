// UDF validation, preview and column changes: all run in the Python data plane
// (they execute user code) in the preview sandbox: limited time, memory,
// processes and output (server/python/sandbox-pool.ts).
import { badRequest } from "../errors";
import type { SandboxPool } from "../python/sandbox-pool";
import type { TableService, UdfInfo } from "../tables/table-service";
import { checkWhere } from "../tables/where-guard";

// This pool runs user code (module body, setup, the UDF itself); planning and
// commits use another, so a hanging UDF never blocks a dry run or a launch.
export class UdfService {
  constructor(
    private readonly pool: SandboxPool,
    private readonly tables: TableService,
    private readonly dbUri: string,
  ) {}

  private source(body: Record<string, unknown>): string {
    if (typeof body.source !== "string" || !body.source.trim()) throw badRequest("source is required (Python text with one @udf)");
    return body.source;
  }

  async validate(body: Record<string, unknown>, signal?: AbortSignal) {
    const table = typeof body.table === "string" ? body.table : undefined;
    if (table) await this.tables.open(table);
    return this.pool.request("validate", { dbUri: this.dbUri, table, source: this.source(body), column: body.column }, this.pool.limits.validateTimeoutMs, signal);
  }

  async preview(body: Record<string, unknown>, signal?: AbortSignal) {
    if (typeof body.table !== "string") throw badRequest("table is required");
    await this.tables.open(body.table);
    const limit = body.limit ?? 20;
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest("limit must be an integer between 1 and 1000");
    if (body.where !== undefined && body.where !== null && typeof body.where !== "string") throw badRequest("where must be a string");
    if (typeof body.where === "string" && body.where.trim()) checkWhere(body.where);
    const sample = body.sample ?? "first";
    if (sample !== "first" && sample !== "random") throw badRequest("sample must be 'first' or 'random'");
    return this.pool.request("preview", {
      dbUri: this.dbUri, table: body.table, source: this.source(body), limit, where: body.where || null, sample,
      column: typeof body.column === "string" ? body.column : null,
    }, this.pool.limits.timeoutMs, signal);
  }

  async addColumn(table: string, body: Record<string, unknown>): Promise<{ udf: UdfInfo }> {
    await this.tables.open(table);
    if (typeof body.name !== "string" || !body.name) throw badRequest("name is required (the new column's name)");
    return this.pool.request("addColumn", { dbUri: this.dbUri, table, name: body.name, source: this.source(body) }, this.pool.limits.validateTimeoutMs);
  }

  async replaceUdf(table: string, column: string, body: Record<string, unknown>): Promise<{ udf: UdfInfo }> {
    // 404s for an unknown table or column. A plain data column has no UDF to
    // replace: attaching one would let the next backfill overwrite its data.
    if (!(await this.tables.udfOf(table, column))) throw badRequest(`column '${column}' has no UDF: only UDF columns can have their UDF replaced`);
    return this.pool.request("replaceUdf", { dbUri: this.dbUri, table, column, source: this.source(body) }, this.pool.limits.validateTimeoutMs);
  }
}
