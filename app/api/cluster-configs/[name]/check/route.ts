import { badRequest } from "@/server/errors";
import { handle, json, readJson, type Params } from "@/server/http/respond";
import { services } from "@/server/instance";
import { parseWorkerGroup } from "@/server/backfills/backfill-request";

export const dynamic = "force-dynamic";

const num = (v: unknown, name: string) => {
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw badRequest(`${name} must be a number ≥ 0`);
  return v;
};

/**
 * Can this configuration run a UDF's workers? Body: {table, column} (the column's UDF) or
 * {numCpus?, numGpus?, memory?}; optional workerGroup (labels or a custom resource) and version.
 * Always 200: {ok, message, groups: [{group, fits, reasons, offers, labels}]}.
 */
export function POST(req: Request, { params }: Params<{ name: string }>) {
  return handle(async () => {
    const name = (await params).name;
    const b = await readJson(req, "/api/cluster-configs/{name}/check");
    const s = services();
    let needs;
    if (b.table !== undefined || b.column !== undefined) {
      if (typeof b.table !== "string" || typeof b.column !== "string") throw badRequest("table and column must both be given (strings)");
      const udf = await s.tables.udfOf(b.table, b.column);
      if (!udf) throw badRequest(`column '${b.column}' has no UDF`);
      needs = { numCpus: udf.numCpus, numGpus: udf.numGpus, memory: udf.memory };
    } else needs = { numCpus: num(b.numCpus, "numCpus"), numGpus: num(b.numGpus, "numGpus"), memory: num(b.memory, "memory") };
    const version = b.version === undefined || b.version === null ? undefined : Number(b.version);
    if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw badRequest("version must be a version number");
    return json(s.configs.fit(name, needs, parseWorkerGroup(b.workerGroup), version));
  });
}
