// UDF sources used across tests, each with the independent computation (in
// TypeScript) of what it must produce for the makeTable() fixture.

/** Inputs of makeTable() row `id`, recomputed here independently. */
export const fixture = {
  s: (id: number) => "word ".repeat(id % 9) + `row-${id}`,
  x: (id: number) => (id % 1000) / 10,
  n: (id: number) => id % 7,
};

export const SCALAR_LEN = `from geneva import udf

@udf
def s_len(s: str) -> int:
    return len(s)
`;

export const BATCHED_DOUBLE = `import pyarrow as pa
import pyarrow.compute as pc
from geneva import udf

@udf(data_type=pa.float64())
def x_double(x: pa.Array) -> pa.Array:
    return pc.multiply(x, 2)
`;

export const RECORD_BATCH_SUM = `import pyarrow as pa
import pyarrow.compute as pc
from backfill_studio import udf

@udf(data_type=pa.int64(), input_columns=["id", "n"])
def id_plus_n(batch: pa.RecordBatch) -> pa.Array:
    return pc.add(batch["id"], pc.cast(batch["n"], pa.int64()))
`;

export const statefulOffset = (setupLog: string) => `import os
from geneva import udf

@udf(data_type=None)
class AddOffset:
    def __init__(self):
        self.offset = None

    def setup(self):
        # the "model load": must run once per worker process
        with open(${JSON.stringify(setupLog)}, "a") as f:
            f.write(f"{os.getpid()}\\n")
        self.offset = 1000

    def __call__(self, n: int) -> int:
        return n + self.offset
`;

export const STRUCT_OUT = `import pyarrow as pa
from geneva import udf

@udf(data_type=pa.struct([("length", pa.int64()), ("tail", pa.string())]))
def s_info(s: str):
    return {"length": len(s), "tail": s[-3:]}
`;
