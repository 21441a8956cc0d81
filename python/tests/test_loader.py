import unittest

import pyarrow as pa

from backfill_studio.loader import UdfError, load_udf, source_version, validate

SCHEMA = pa.schema([("s", pa.string()), ("x", pa.float64()), ("n", pa.int32()), ("b", pa.binary())])


def err(source, schema=SCHEMA, column=None) -> UdfError:
    try:
        validate(source, schema, column)
    except UdfError as e:
        return e
    raise AssertionError("expected a UdfError")


class LoaderTest(unittest.TestCase):
    def test_scalar_with_geneva_import_and_annotation_mapping(self):
        u = validate("from geneva import udf\n@udf\ndef f(s: str) -> float:\n    return 1.0\n", SCHEMA)
        self.assertEqual((u.kind, u.input_columns, u.data_type), ("scalar", ["s"], pa.float32()))  # Geneva: float -> float32

    def test_kinds(self):
        arr = validate("import pyarrow as pa\nfrom geneva import udf\n@udf(data_type=pa.int64())\ndef f(n: pa.Array) -> pa.Array:\n    return n\n", SCHEMA)
        self.assertEqual(arr.kind, "array")
        rb = validate("import pyarrow as pa\nfrom geneva import udf\n@udf(data_type=pa.int64())\ndef f(batch: pa.RecordBatch) -> pa.Array:\n    return batch['n']\n", SCHEMA, "out")
        self.assertEqual((rb.kind, rb.input_columns), ("record_batch", ["s", "x", "n", "b"]))
        st = validate("from geneva import udf\n@udf\nclass M:\n    def setup(self):\n        pass\n    def __call__(self, n: int) -> int:\n        return n\n", SCHEMA)
        self.assertTrue(st.stateful)
        self.assertEqual(st.data_type, pa.int64())

    def test_input_columns_override(self):
        u = validate("from geneva import udf\n@udf(input_columns=['s'])\ndef f(text: str) -> int:\n    return 1\n", SCHEMA)
        self.assertEqual(u.input_columns, ["s"])

    def test_syntax_error_has_line_and_column(self):
        e = err("from geneva import udf\n\n@udf\ndef f(s: str) -> int:\n    return len(s\n")
        self.assertEqual(e.kind, "syntax")
        self.assertEqual(e.line, 5)
        self.assertIsNotNone(e.column)

    def test_no_and_several_udfs(self):
        self.assertEqual(err("def f(s):\n    return 1\n").kind, "no_udf")
        two = "from geneva import udf\n@udf\ndef a(s: str) -> int:\n    return 1\n@udf\ndef b(s: str) -> int:\n    return 2\n"
        e = err(two)
        self.assertEqual(e.kind, "several_udfs")
        self.assertIn("a, b", e.message)

    def test_unknown_input_column_named(self):
        e = err("from geneva import udf\n@udf\ndef f(desc: str) -> int:\n    return 1\n")
        self.assertEqual(e.kind, "input_column")
        self.assertIn("'desc'", e.message)
        self.assertEqual((e.line, e.column), (3, 7))  # the parameter, where the editor puts its marker

    def test_missing_data_type(self):
        self.assertEqual(err("import pyarrow as pa\nfrom geneva import udf\n@udf\ndef f(n: pa.Array) -> pa.Array:\n    return n\n").kind, "data_type")
        self.assertEqual(err("from geneva import udf\n@udf\ndef f(s):\n    return 1\n").kind, "data_type")

    def test_input_type_mismatch(self):
        e = err("from geneva import udf\n@udf\ndef f(s: int) -> int:\n    return s\n")
        self.assertEqual(e.kind, "input_type")
        self.assertIn("'s'", e.message)
        validate("from geneva import udf\n@udf\ndef f(n: float) -> float:\n    return n\n", SCHEMA)  # int feeds float

    def test_own_output_as_input(self):
        self.assertEqual(err("from geneva import udf\n@udf\ndef f(s: str) -> int:\n    return 1\n", column="s").kind, "input_column")

    def test_version_ignores_comments_and_formatting(self):
        a = "from geneva import udf\n@udf\ndef f(s: str) -> int:\n    return len(s)\n"
        b = "from geneva import udf  # hi\n\n@udf\ndef f(s:str)->int:\n    # a comment\n    return len( s )\n"
        self.assertEqual(source_version(a), source_version(b))
        self.assertNotEqual(source_version(a), source_version(a.replace("len(s)", "len(s) + 1")))
        self.assertEqual(load_udf(a.replace("@udf", "@udf(version='v7')")).version, "v7")

    def test_bad_udf_argument(self):
        e = err("from geneva import udf\n@udf(colour=1)\ndef f(s: str) -> int:\n    return 1\n")
        self.assertEqual(e.kind, "load")
        self.assertIn("colour", e.message)
        self.assertEqual(e.line, 2)


if __name__ == "__main__":
    unittest.main()
