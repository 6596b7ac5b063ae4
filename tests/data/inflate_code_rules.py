"""Hand-made zlib streams at the edges of deflate's code rules, and what CPython's zlib
(`zlib.decompress`) makes of each, for the tables in src/zlib/inflate.rs (`zlib_code_rules`;
the "growth" lines at the end are `a_match_one_byte_past_the_first_sizing`).

    python3 tests/data/inflate_code_rules.py

Each stream is one final dynamic block (then come seven header cases) whose code-length, literal/length and distance codes
are chosen here: complete, incomplete (one code of one bit, or more), over-subscribed, empty.
zlib accepts an incomplete code only for a single one-bit literal/length or distance code,
and an empty distance code until a distance is needed; CPython is the judge of every case.
"""
import zlib

CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]


class Bits:
    def __init__(self):
        self.acc, self.n, self.out = 0, 0, bytearray()

    def put(self, value, n):
        self.acc |= value << self.n
        self.n += n
        while self.n >= 8:
            self.out.append(self.acc & 0xFF)
            self.acc >>= 8
            self.n -= 8

    def code(self, code, length):  # Huffman codes go most significant bit first
        self.put(int(format(code, f"0{length}b")[::-1], 2), length)

    def done(self):
        if self.n:
            self.out.append(self.acc & 0xFF)
        return bytes(self.out)


def canonical(lengths):
    """RFC 1951 3.2.2 codes for `lengths` (valid or not: the rule still names codes)."""
    bl_count = [0] * 16
    for l in lengths:
        if l:
            bl_count[l] += 1
    code, next_code = 0, [0] * 16
    for bits in range(1, 16):
        code = (code + bl_count[bits - 1]) << 1
        next_code[bits] = code
    codes = {}
    for sym, l in enumerate(lengths):
        if l:
            codes[sym] = (next_code[l], l)
            next_code[l] += 1
    return codes


def stream(cl, lit, dist, symbols, plain, nlen=None, ndist=None):
    """One final dynamic block: code-length code `cl` ({symbol: length}), lengths `lit` and
    `dist` ({symbol: length}, sent with `cl`'s codes for 0..15 only), then `symbols`
    (literal/length symbols, or (length symbol, extra, dist symbol) triples); Adler-32 of
    `plain`."""
    nlen = nlen or max(257, max(lit) + 1)
    ndist = ndist or max(1, max(dist, default=0) + 1)
    lengths = [lit.get(i, 0) for i in range(nlen)] + [dist.get(i, 0) for i in range(ndist)]
    cl_lengths = [cl.get(i, 0) for i in range(19)]
    ncode = max(4, max(i + 1 for i, s in enumerate(CL_ORDER) if cl_lengths[s] or i < 4))
    b = Bits()
    b.put(1, 1)  # BFINAL
    b.put(2, 2)  # dynamic
    b.put(nlen - 257, 5)
    b.put(ndist - 1, 5)
    b.put(ncode - 4, 4)
    for s in CL_ORDER[:ncode]:
        b.put(cl_lengths[s], 3)
    clc = canonical(cl_lengths)
    for l in lengths:
        b.code(*clc[l])
    litc = canonical([lit.get(i, 0) for i in range(nlen)])
    distc = canonical([dist.get(i, 0) for i in range(ndist)])
    for s in symbols:
        if isinstance(s, tuple):
            sym, dsym = s
            b.code(*litc[sym])
            b.code(*distc[dsym])
        else:
            b.code(*litc[s])
    b.code(*litc[256])
    body = b.done()
    return b"\x78\x9c" + body + zlib.adler32(plain).to_bytes(4, "big")


full_cl = {i: 4 for i in range(16)}  # a complete code-length code for 0..15
a = ord("a")
cases = [
    ("complete codes, one 1-bit distance code", full_cl, {a: 1, 256: 1}, {0: 1}, [a, a, a], b"aaa"),
    ("empty distance code, no distance used", full_cl, {a: 1, 256: 1}, {}, [a, a], b"aa"),
    ("empty distance code, a match needs one", full_cl, {a: 1, 256: 2, 257: 2}, {}, [a, 257], b"aaaa"),
    ("one 1-bit literal/length code (end of block only)", full_cl, {256: 1}, {0: 1}, [], b""),
    ("incomplete literal/length code", full_cl, {a: 1, 256: 2}, {0: 1}, [a], b"a"),
    ("over-subscribed literal/length code", full_cl, {a: 1, ord("b"): 1, 256: 1}, {0: 1}, [a], b"a"),
    ("incomplete distance code of two bits", full_cl, {a: 1, 256: 1}, {0: 2}, [a], b"a"),
    ("two 1-bit distance codes and a match", full_cl, {a: 1, 256: 2, 257: 2}, {0: 1, 1: 1}, [a, (257, 0)], b"aaaa"),
    ("incomplete code-length code", {i: 4 for i in range(15)}, {a: 1, 256: 1}, {0: 1}, [a], b"a"),
    ("code-length code of one 1-bit code", {1: 1}, {i: 1 for i in range(286)}, {0: 1}, [], b""),
    ("long codes: 15-bit literals", full_cl,
     {**{i: 15 for i in range(0, 2)}, **{i: 14 for i in range(2, 3)}, **{i: 13 for i in range(3, 4)},
      **{i: 12 for i in range(4, 5)}, **{i: 11 for i in range(5, 6)}, **{i: 10 for i in range(6, 7)},
      **{i: 9 for i in range(7, 8)}, **{i: 8 for i in range(8, 9)}, **{i: 7 for i in range(9, 10)},
      **{i: 6 for i in range(10, 11)}, **{i: 5 for i in range(11, 12)}, **{i: 4 for i in range(12, 13)},
      **{i: 3 for i in range(13, 14)}, **{i: 2 for i in range(14, 15)}, 256: 1},
     {0: 1}, [0, 1, 2, 7, 8, 14, 1, 0], bytes([0, 1, 2, 7, 8, 14, 1, 0])),
]
# HLIT and HDIST can announce 288 and 32 codes, more than deflate has (286 and 30).
counts = [
    ("286 literal/length and 30 distance codes", 286, 30),
    ("287 literal/length codes", 287, 1),
    ("288 literal/length codes", 288, 1),
    ("31 distance codes", 257, 31),
    ("32 distance codes", 257, 32),
]
for name, nlen, ndist in counts:
    cases.append((name, full_cl, {a: 1, 256: 1}, {0: 1}, [a], b"a", nlen, ndist))
for name, cl, lit, dist, symbols, plain, *n in cases:
    s = stream(cl, lit, dist, symbols, plain, *n)
    try:
        got = zlib.decompress(s)
        want = f'Some("{got.hex()}")'
    except zlib.error:
        want = "None"
    print(f'        // {name}\n        ("{s.hex()}", {want}),')

# The two header bytes (RFC 1950): method 8 only, window at most 2^15, no preset dictionary,
# and a check making CMF*256+FLG a multiple of 31; every other combination, with the check
# made right, and a wrong check.
body = zlib.compress(b"a")[2:]


def header(cmf, flg_top):
    flg = flg_top & 0xE0
    flg |= 31 - ((cmf << 8) | flg) % 31 if ((cmf << 8) | flg) % 31 else 0
    return bytes([cmf, flg])


heads = [
    ("window 2^15, default level", header(0x78, 0x80)),
    ("window 2^8", header(0x08, 0x00)),
    ("method 7", header(0x77, 0x80)),
    ("method 15", header(0x7F, 0x80)),
    ("window 2^16 (CINFO 8)", header(0x88, 0x80)),
    ("preset dictionary flag", header(0x78, 0xA0)),
    ("wrong check", bytes([0x78, 0x9D])),
]
for name, h in heads:
    s = h + body
    try:
        want = f'Some("{zlib.decompress(s).hex()}")'
    except zlib.error:
        want = "None"
    print(f'        // header: {name}\n        ("{s.hex()}", {want}),')

# Growth at the limit (src/zlib/inflate.rs, `the_output_never_holds_room_past_the_limit`):
# the output is first sized 4 * len(stream) + 64 bytes. One literal "a" (a stored block) is
# followed by a match of exactly that many bytes at distance 1, so the match needs one byte more
# than there is room; empty stored blocks pad the stream to the length that makes it so.
LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
            99, 115, 131, 163, 195, 227, 258]
LEN_EXTRA = [0] * 8 + [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4 + [0]


def stored(data):
    b = Bits()
    b.put(0, 3)  # not final, stored
    return b.done() + len(data).to_bytes(2, "little") + (len(data) ^ 0xFFFF).to_bytes(2, "little") + data


def fixed_match(length):
    i = max(k for k in range(29) if LEN_BASE[k] <= length)
    sym, extra = 257 + i, length - LEN_BASE[i]
    assert extra < (1 << LEN_EXTRA[i])
    b = Bits()
    b.put(1, 1)  # final
    b.put(1, 2)  # fixed codes
    if sym < 280:
        b.code(sym - 256, 7)  # 256-279: seven bits from 0000000
    else:
        b.code(0b1100_0000 + sym - 280, 8)  # 280-287: eight bits from 11000000
    b.put(extra, LEN_EXTRA[i])
    b.code(0, 5)  # distance code 0: distance 1
    b.code(0, 7)  # end of block
    return b.done()


for pads in range(7):
    n = 16 + 5 * pads
    length = 4 * n + 64
    plain = b"a" * (1 + length)
    s = b"\x78\x01" + stored(b"") * pads + stored(b"a") + fixed_match(length)
    s += zlib.adler32(plain).to_bytes(4, "big")
    assert len(s) == n, (len(s), n)
    assert zlib.decompress(s) == plain
    print(f"        // growth: {n} bytes, a literal then a match of {length}\n        (\"{s.hex()}\", {1 + length}),")
