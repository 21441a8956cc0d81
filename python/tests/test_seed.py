"""The demo images: the numpy png() writes exactly the bytes of the plain
per-pixel loop it replaced (kept here as the reference)."""

import random
import struct
import unittest
import zlib

from backfill_studio.seed import png


def png_reference(width: int, height: int, seed: int) -> bytes:
    rnd = random.Random(seed)
    c1 = [rnd.randrange(256) for _ in range(3)]
    c2 = [rnd.randrange(256) for _ in range(3)]
    cx, cy, r = rnd.randrange(width), rnd.randrange(height), rnd.randrange(4, width // 2)
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            t = (x + y) / (width + height - 2)
            px = [int(a + (b - a) * t) for a, b in zip(c1, c2)]
            if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
                px = [255 - v for v in px]
            raw.extend(px)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")


class PngTest(unittest.TestCase):
    def test_same_bytes_as_the_reference_loop(self):
        for width, height in [(24, 24), (10, 5), (64, 32), (12, 40)]:
            for seed in range(0, 10_000, 211):
                self.assertEqual(png(width, height, seed), png_reference(width, height, seed), (width, height, seed))

    def test_a_valid_png(self):
        data = png(24, 24, 7)
        self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(struct.unpack(">II", data[16:24]), (24, 24))
        idat_len = struct.unpack(">I", data[33:37])[0]
        self.assertEqual(data[37:41], b"IDAT")
        self.assertEqual(len(zlib.decompress(data[41:41 + idat_len])), 24 * (1 + 24 * 3))


if __name__ == "__main__":
    unittest.main()
