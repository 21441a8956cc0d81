import unittest

import pyarrow as pa

from backfill_studio.executor import BatchFailed, Executor
from backfill_studio.loader import validate

SCHEMA = pa.schema([("s", pa.string()), ("n", pa.int64())])
BATCH = pa.record_batch([pa.array(["a", None, "ccc", "dd"]), pa.array([1, 2, 3, 4])], schema=SCHEMA)


def run(source):
    return Executor(validate(source, SCHEMA)).run(BATCH)


class ExecutorTest(unittest.TestCase):
    def test_scalar_none_is_null(self):
        r = run("from geneva import udf\n@udf\ndef f(s: str) -> int:\n    return None if s is None else len(s)\n")
        self.assertEqual(r.values.to_pylist(), [1, None, 3, 2])

    def test_fail_policy_raises_with_row(self):
        with self.assertRaises(BatchFailed) as ctx:
            run("from geneva import udf\n@udf\ndef f(n: int) -> int:\n    if n == 3:\n        raise KeyError('x')\n    return n\n")
        self.assertEqual((ctx.exception.error.index, ctx.exception.error.error_type), (2, "KeyError"))
        self.assertIn("raise KeyError", ctx.exception.error.traceback)

    def test_skip_records_each_row(self):
        r = run("from geneva import udf, skip_on_error\n@udf(on_error=skip_on_error())\ndef f(n: int) -> int:\n    if n % 2:\n        raise ValueError(n)\n    return n\n")
        self.assertEqual(r.values.to_pylist(), [None, 2, None, 4])
        self.assertEqual([e.index for e in r.errors], [0, 2])

    def test_matchers_first_match_wins(self):
        src = ("from geneva import udf, Skip, Fail\n@udf(on_error=[Skip(ValueError, match='^skip'), Fail(ValueError)])\n"
               "def f(n: int) -> int:\n    if n == 1:\n        raise ValueError('skip me')\n    if n == 4:\n        raise ValueError('boom')\n    return n\n")
        with self.assertRaises(BatchFailed) as ctx:
            run(src)
        self.assertEqual(ctx.exception.error.message, "boom")

    def test_wrong_return_type_is_a_row_error(self):
        r = run("from geneva import udf, skip_on_error\n@udf(on_error=skip_on_error())\ndef f(n: int) -> int:\n    return 'x' if n == 2 else n\n")
        self.assertEqual(r.values.to_pylist(), [1, None, 3, 4])
        self.assertEqual(r.errors[0].error_type, "TypeError")

    def test_batched_length_and_type_checked(self):
        with self.assertRaises(BatchFailed) as ctx:
            run("import pyarrow as pa\nfrom geneva import udf\n@udf(data_type=pa.int64())\ndef f(n: pa.Array) -> pa.Array:\n    return n[:2]\n")
        self.assertIn("2 values for 4 input rows", ctx.exception.error.message)
        r = run("import pyarrow as pa\nfrom geneva import udf\n@udf(data_type=pa.float64())\ndef f(n: pa.Array) -> pa.Array:\n    return n\n")
        self.assertEqual(r.values.type, pa.float64())  # safely cast to the declared type

    def test_struct_output_from_dict(self):
        r = run("import pyarrow as pa\nfrom geneva import udf\n@udf(data_type=pa.struct([('a', pa.int64()), ('b', pa.string())]))\n"
                "def f(n: int):\n    return {'a': n * 2, 'b': str(n)}\n")
        self.assertEqual(r.values.to_pylist()[1], {"a": 4, "b": "2"})

    def test_stateful_setup_runs_once(self):
        src = ("from geneva import udf\nCALLS = []\n@udf\nclass C:\n    K = 10\n    def setup(self):\n        CALLS.append(1)\n        self.k = C.K\n"
               "    def __call__(self, n: int) -> int:\n        return n + self.k + len(CALLS) * 100\n")
        ex = Executor(validate(src, SCHEMA))
        ex.run(BATCH)
        self.assertEqual(ex.run(BATCH).values.to_pylist(), [111, 112, 113, 114])


if __name__ == "__main__":
    unittest.main()
