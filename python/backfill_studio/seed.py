"""Demo data for a fresh database: ~10k rows in several fragments with text,
numbers and small generated PNG images, plus one UDF column that is defined
but not yet backfilled, so a new user can try everything at once."""

from __future__ import annotations

import os
import random
import struct
import zlib

import lance
import numpy as np
import pyarrow as pa

from .columns import add_column

DEMO_TABLE = "gallery"
ROWS = 10_000
ROWS_PER_FRAGMENT = 2_000

WORDS = ("amber azure bold calm coral crisp dawn dusk ember fern frost gold haze ivory jade "
         "lush mist moss navy ochre pearl quiet rust sage slate storm teal umber vivid wild").split()
CATEGORIES = ["landscape", "portrait", "abstract", "street", "macro", "architecture"]

DEMO_UDF = '''from geneva import udf


@udf
def word_count(description: str) -> int:
    """Number of words in the description."""
    return len(description.split())
'''


def png(width: int, height: int, seed: int) -> bytes:
    """A tiny RGB PNG (gradient plus a disc), written without Pillow.

    The pixels are computed with numpy (the per-pixel Python loop made seeding
    10k rows take 20-40 s on a busy machine); the arithmetic is the same, so
    the bytes are identical to the loop's."""
    rnd = random.Random(seed)
    c1 = [rnd.randrange(256) for _ in range(3)]
    c2 = [rnd.randrange(256) for _ in range(3)]
    cx, cy, r = rnd.randrange(width), rnd.randrange(height), rnd.randrange(4, width // 2)
    ys, xs = np.mgrid[0:height, 0:width]
    t = (xs + ys) / (width + height - 2)  # float64, as Python's / gives
    a, b = np.array(c1, np.float64), np.array(c2, np.float64)
    px = (a + (b - a) * t[..., None]).astype(np.int64)  # int() truncation; values are >= 0
    disc = (xs - cx) ** 2 + (ys - cy) ** 2 <= r * r
    px[disc] = 255 - px[disc]
    rows = np.zeros((height, 1 + width * 3), np.uint8)  # filter byte 0 (none) per scanline
    rows[:, 1:] = px.reshape(height, width * 3)
    raw = rows.tobytes()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def demo_table(rows: int = ROWS) -> pa.Table:
    rnd = random.Random(42)
    ids, titles, descs, cats, prices, ratings, images = [], [], [], [], [], [], []
    for i in range(rows):
        ids.append(i)
        titles.append(f"{rnd.choice(WORDS).title()} {rnd.choice(WORDS)} #{i}")
        descs.append(" ".join(rnd.choice(WORDS) for _ in range(rnd.randrange(3, 40))))
        cats.append(rnd.choice(CATEGORIES))
        prices.append(round(rnd.uniform(2, 500), 2))
        ratings.append(rnd.randrange(1, 6))
        images.append(png(24, 24, i))
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "title": pa.array(titles, pa.string()),
        "description": pa.array(descs, pa.string()),
        "category": pa.array(cats, pa.string()),
        "price": pa.array(prices, pa.float64()),
        "rating": pa.array(ratings, pa.int32()),
        "image": pa.array(images, pa.binary()),
    })


def has_tables(db_uri: str) -> bool:
    return os.path.isdir(db_uri) and any(n.endswith(".lance") for n in os.listdir(db_uri))


def seed(db_uri: str, force: bool = False) -> dict:
    if has_tables(db_uri) and not force:
        return {"seeded": False}
    os.makedirs(db_uri, exist_ok=True)
    uri = os.path.join(db_uri, f"{DEMO_TABLE}.lance")
    ds = lance.write_dataset(demo_table(), uri, mode="overwrite", max_rows_per_file=ROWS_PER_FRAGMENT)
    add_column(ds, "word_count", DEMO_UDF)
    return {"seeded": True, "table": DEMO_TABLE, "rows": ROWS}
