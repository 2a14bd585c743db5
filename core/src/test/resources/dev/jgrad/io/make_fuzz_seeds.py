"""Regenerates the fuzz seed corpora next to this script (run from any directory).

Each <Name>FuzzTestInputs/fuzz/ directory holds inputs that Jazzer replays in every normal test
run (regression mode) and starts from when fuzzing: valid files exercising every feature, and
crafted bad files, one per kind of rejection. Inputs that fuzzing once found (bad_found_*) are
kept as regression tests; Jazzer writes new findings there as crash-<sha1>. Files written by NumPy come from golden/ (see
golden/make_golden.py); the rest are built here byte by byte. Requires only numpy.
"""
import io
import json
import os
import shutil
import struct
import zipfile
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden")


def corpus(name):
    """The corpus directory, emptied of generated seeds. Inputs that fuzzing found (crash-*,
    renamed bad_found_* when kept) are regression tests and stay."""
    d = os.path.join(HERE, name + "FuzzTestInputs", "fuzz")
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if not f.startswith(("crash-", "bad_found_")):
            os.remove(os.path.join(d, f))
    return d


def put(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ------------------------------------------------------------------ safetensors

def st(header, data, pad=True):
    h = header if isinstance(header, bytes) else json.dumps(header, separators=(",", ":")).encode()
    if pad:
        h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + data


d = corpus("SafeTensors")
f32 = np.arange(6, dtype="<f4")
put(d, "valid_f32.safetensors", st({"attn.0": {"dtype": "F32", "shape": [1, 2, 3],
                                               "data_offsets": [0, 24]}}, f32.tobytes()))
parts = [("F64", [2], np.array([np.pi, -0.0], "<f8").tobytes()),
         ("I64", [2], np.array([-2 ** 53, 7], "<i8").tobytes()),
         ("U64", [1], np.array([2 ** 63 - 1], "<u8").tobytes()),
         ("F32", [], np.array(1.5, "<f4").tobytes()),
         ("I32", [2], np.array([-1, 2 ** 31 - 1], "<i4").tobytes()),
         ("U32", [1], np.array([2 ** 32 - 1], "<u4").tobytes()),
         ("F16", [3], np.array([1, -2, np.inf], "<f2").tobytes()),
         ("BF16", [2], bytes([0x80, 0x3F, 0xA0, 0xC0])),
         ("I16", [1], np.array([-5], "<i2").tobytes()),
         ("U16", [1], np.array([65535], "<u2").tobytes()),
         ("F8_E4M3", [2], bytes([0x38, 0x7E])),
         ("F8_E5M2", [2], bytes([0x3C, 0x7C])),
         ("I8", [2, 1], bytes([0x80, 0x7F])),
         ("U8", [3], bytes([0, 1, 255])),
         ("BOOL", [2], bytes([1, 0])),
         ("F32", [0, 4], b"")]
header, data = {"__metadata__": {"format": "pt", "k": "v\u00e9"}}, b""
for i, (dt, shape, raw) in enumerate(parts):
    header["t%d" % i] = {"dtype": dt, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
    data += raw
put(d, "valid_all_dtypes.safetensors", st(header, data))
put(d, "valid_empty.safetensors", st({}, b""))
put(d, "valid_whitespace_padded.safetensors", struct.pack("<Q", 6) + b"{}\r \t\n")
put(d, "valid_out_of_order.safetensors", st({"b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]},
                                             "a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}},
                                            f32[:2].tobytes()))
put(d, "bad_overlap.safetensors", st({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                                      "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}},
                                     f32[:3].tobytes()))
put(d, "bad_gap.safetensors", st({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}},
                                 f32[:2].tobytes()))
put(d, "bad_trailing.safetensors", st({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}},
                                      f32[:2].tobytes()))
put(d, "bad_header_length.safetensors", b"<\0\0\0\0\xff\xff\xff{}")
put(d, "bad_json.safetensors", st(b'{"a":{"dtype":"F32",}}', b""))
put(d, "bad_duplicate.safetensors", st(b'{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},'
                                       b'"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}',
                                       f32[:2].tobytes()))
put(d, "bad_overflow.safetensors", st(b'{"a":{"dtype":"I32","shape":[2,9223372036854775807],'
                                      b'"data_offsets":[0,16]}}', bytes(16)))
put(d, "bad_claims_16gb.safetensors", st({"t": {"dtype": "F64", "shape": [268435455],
                                                "data_offsets": [0, 2147483640]}}, bytes(16)))
put(d, "bad_bool.safetensors", st({"a": {"dtype": "BOOL", "shape": [1], "data_offsets": [0, 1]}},
                                  bytes([2])))
put(d, "bad_u64_beyond_int64.safetensors", st({"a": {"dtype": "U64", "shape": [2],
                                                     "data_offsets": [0, 16]}},
                                              np.array([1, 2 ** 63], "<u8").tobytes()))
# Every dtype jgrad writes, as jgrad writes them: 8-byte types first, then 4-byte, then BOOL.
exact = [("F64", [1], np.array([0.5], "<f8").tobytes()),
         ("I64", [2], np.array([-2 ** 63, 2 ** 63 - 1], "<i8").tobytes()),
         ("F32", [1], np.array([2.5], "<f4").tobytes()),
         ("I32", [2, 1], np.array([-2 ** 31, 2 ** 31 - 1], "<i4").tobytes()),
         ("BOOL", [3], bytes([0, 1, 1]))]
header, data = {}, b""
for i, (dt, shape, raw) in enumerate(exact):
    header[dt.lower()] = {"dtype": dt, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
    data += raw
put(d, "valid_exact_dtypes.safetensors", st(header, data))
put(d, "bad_metadata.safetensors", st({"__metadata__": {"epoch": 3}}, b""))
# Numbers that are integral but not integer literals, and exponents no reader should convert.
put(d, "bad_shape_exponent.safetensors", st(b'{"t":{"dtype":"F32","shape":[1e0],'
                                            b'"data_offsets":[0,4]}}', bytes(4)))
put(d, "bad_shape_fraction.safetensors", st(b'{"t":{"dtype":"F32","shape":[1.0],'
                                            b'"data_offsets":[0,4]}}', bytes(4)))
put(d, "bad_offset_exponent.safetensors", st(b'{"t":{"dtype":"F32","shape":[1],'
                                             b'"data_offsets":[0,4e0]}}', bytes(4)))
put(d, "bad_shape_huge_exponent.safetensors", st(b'{"t":{"dtype":"F32","shape":[100e2147483647],'
                                                 b'"data_offsets":[0,4]}}', bytes(4)))
put(d, "bad_shape_exponent_beyond_int.safetensors", st(b'{"t":{"dtype":"F32","shape":'
                                                       b'[1e2147483648],"data_offsets":[0,4]}}',
                                                       bytes(4)))

# ------------------------------------------------------------------ npy

d = corpus("Npy")
for name in ["f4_2x3.npy", "f8_3x2.npy", "f8_scalar.npy", "f4_empty_0x3.npy",
             "f8_fortran_2x3x4.npy", "f4_big_endian_2x2.npy", "f8_big_endian_fortran_3x2.npy",
             "f2_6.npy", "b1_4.npy", "i1_3.npy", "u2_2.npy", "i4_2x2.npy", "i8_big_endian_3.npy",
             "u8_2.npy", "i8_extremes_4.npy", "i4_fortran_2x3.npy", "b1_fortran_2x3.npy",
             "f4_v2_2.npy", "f8_v3_2.npy", "object_2.npy", "structured_2.npy", "complex_2.npy"]:
    shutil.copy(os.path.join(GOLDEN, name), os.path.join(d, name))


def npy1(header, data):
    h = header.encode("latin1")
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) + h + data


put(d, "valid_python2_long.npy",
    npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 1L), }\n", f32[:2].tobytes()))
put(d, "valid_double_quotes.npy",
    npy1('{"shape": (2,), "fortran_order": True, "descr": ">u2"}', b"\0\1\0\2"))
put(d, "bad_truncated.npy",
    npy1("{'descr': '<f8', 'fortran_order': False, 'shape': (46340, 46340), }", bytes(16)))
put(d, "bad_trailing.npy",
    npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", bytes(5)))
put(d, "bad_shape_int.npy", npy1("{'descr': '<f4', 'fortran_order': False, 'shape': (2), }",
                                 bytes(8)))
put(d, "bad_header_length.npy", b"\x93NUMPY\x02\x00\xf0\xff\xff\xff{")
shutil.copy(os.path.join(GOLDEN, "u8_beyond_int64_2.npy"), os.path.join(d, "bad_u8_beyond_int64.npy"))
put(d, "bad_bool.npy", npy1("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }",
                            bytes([1, 2])))

# ------------------------------------------------------------------ npz

d = corpus("Npz")
for name in ["savez_ab.npz", "savez_compressed_abz.npz", "savez_int_bool.npz",
             "savez_object.npz", "savez_positional.npz", "savez_dtypes.npz"]:
    shutil.copy(os.path.join(GOLDEN, name), os.path.join(d, name))


class Unseekable(io.RawIOBase):
    """Makes zipfile write data descriptors (flag bit 3), as streaming writers do."""

    def __init__(self):
        self.buf = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buf += b
        return len(b)


def npy_bytes(a):
    f = io.BytesIO()
    np.save(f, a, allow_pickle=False)
    return f.getvalue()


def fixed_time(name):
    """A deflated entry with a fixed timestamp, so that the seed is the same on every run."""
    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


out = Unseekable()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(fixed_time("w.npy"), npy_bytes(np.arange(4, dtype="<f4")))
    with z.open(fixed_time("b.npy"), "w") as f:
        f.write(npy_bytes(np.array([True, False])))
put(d, "valid_data_descriptors.npz", bytes(out.buf))


def zip64(entries):
    """A ZIP64 archive (sizes and offsets in the ZIP64 extra field and end record)."""
    body, cd = b"", b""
    for name, content in entries:
        n = name.encode()
        lho = len(body)
        crc = zlib.crc32(content)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0x21, crc, len(content),
                            len(content), len(n), 0) + n + content
        extra = struct.pack("<HHQQQ", 1, 24, len(content), len(content), lho)
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0x21, crc,
                          0xFFFFFFFF, 0xFFFFFFFF, len(n), len(extra), 0, 0, 0, 0,
                          0xFFFFFFFF) + n + extra
    record = len(body) + len(cd)
    end = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(entries), len(entries),
                      len(cd), len(body))
    end += struct.pack("<IIQI", 0x07064B50, 0, record, 1)
    end += struct.pack("<IHHHHIIH", 0x06054B50, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                       0xFFFFFFFF, 0)
    return body + cd + end


put(d, "valid_zip64.npz", zip64([("a.npy", npy_bytes(np.eye(2))),
                                 ("s.npy", npy_bytes(np.array(1.5, "<f4")))]))
put(d, "valid_not_npy_entry.npz", zip64([("readme.txt", b"hello"),
                                         ("x.npy", npy_bytes(np.zeros(3, "<i2")))]))
ab = open(os.path.join(GOLDEN, "savez_ab.npz"), "rb").read()
put(d, "bad_trailing.npz", ab + b"\0")
put(d, "bad_prefix.npz", b"MZ" + ab)
bomb = bytearray(zip64([("z.npy", npy_bytes(np.zeros(4)))]))
struct.pack_into("<Q", bomb, bomb.index(b"\x01\x00\x18\x00") + 4, 4_000_000_000)
put(d, "bad_declared_4gb.npz", bytes(bomb))

# ------------------------------------------------------------------ json

d = corpus("Json")
docs = {
    "object.json": '{"s": "x\\u00e9\\n", "i": -12, "d": 2.50, "e": 1e3, "t": true, "f": false, '
                   '"n": null, "a": [1, [], {}]}',
    "numbers.json": "[0, -0, -0.0, 1E+400, 9223372036854775807, 9223372036854775808, 1.5e-7]",
    "unicode.json": '["\\uD83D\\uDE00", "\u20ac", "\\"\\\\\\/\\b\\f\\n\\r\\t"]',
    "nested.json": "[" * 100 + "]" * 100,
    "header.json": '{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,3],'
                   '"data_offsets":[0,24]}}',
    "scalar.json": ' "only a string" ',
    "bad_trailing_comma.json": "[1,2,]",
    "bad_duplicate.json": '{"a":1,"a":2}',
    "bad_lone_surrogate.json": '"\\uD800"',
    "bad_leading_zero.json": "012",
    "bad_too_deep.json": "[" * 200 + "]" * 200,
    "bad_control.json": '"a\tb"',
    "valid_exponent_cap.json": "[1e1000, -1E-1000, 123456789012345678901234567890, 1e+0001000]",
    "bad_exponent_overflow.json": '{"in": 100e2147483647}',
    "bad_exponent_beyond_int.json": '{"in": 1e2147483648}',
    "bad_exponent_1e99999999.json": '{"in": 1e99999999}',
    "bad_exponent_1e999999999.json": '{"in": 1e999999999}',
    "bad_exponent_1001.json": "1e1001",
    "bad_exponent_negative.json": "0e-1001",
    "bad_exponent_scientific.json": "[10e1000]",
    "valid_long_number_written_back.json": "9" * 998 + "e3",
}
for name, text in docs.items():
    put(d, name, text.encode("utf-8"))
put(d, "bad_utf8.json", b'"\xc0\xaf"')
put(d, "bad_bom.json", b"\xef\xbb\xbf{}")
