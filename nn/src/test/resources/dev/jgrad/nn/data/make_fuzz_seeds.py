"""Regenerates the fuzz seed corpora of the data readers next to this script (run from any
directory; needs only the Python standard library).

IdxFuzzTestInputs/fuzz/ and CsvFuzzTestInputs/fuzz/ hold inputs that Jazzer replays in every
normal test run (regression mode) and starts from when fuzzing: valid_* files that must be read,
and crafted bad_* files, one per kind of rejection, that must be refused with a DataFileException
(DataSeedCorpusTest checks both). Inputs that fuzzing found (crash-*, renamed bad_found_* or
valid_found_* when kept) are regression tests and are left alone.
"""
import gzip
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def corpus(name):
    d = os.path.join(HERE, name + "FuzzTestInputs", "fuzz")
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if not f.startswith(("crash-", "bad_found_", "valid_found_")):
            os.remove(os.path.join(d, f))
    return d


def put(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def gz(data):
    # mtime=0: the same bytes on every run.
    return gzip.compress(data, mtime=0)


# ------------------------------------------------------------------ IDX

def idx(type_code, dims, payload):
    return bytes([0, 0, type_code, len(dims)]) + b"".join(struct.pack(">i", d) for d in dims) + payload


d = corpus("Idx")
put(d, "valid_u8_images.idx", idx(0x08, [2, 2, 3], bytes(range(0, 240, 20))))
put(d, "valid_u8_labels.idx", idx(0x08, [4], bytes([9, 0, 3, 7])))
put(d, "valid_i8.idx", idx(0x09, [3], struct.pack(">3b", -128, 0, 127)))
put(d, "valid_i16.idx", idx(0x0B, [2], struct.pack(">2h", -300, 32767)))
put(d, "valid_i32.idx", idx(0x0C, [2, 1], struct.pack(">2i", -2 ** 31, 2 ** 31 - 1)))
put(d, "valid_f32.idx", idx(0x0D, [2], struct.pack(">2f", 1.5, float("-inf"))))
put(d, "valid_f64.idx", idx(0x0E, [1], struct.pack(">d", 3.141592653589793)))
put(d, "valid_empty.idx", idx(0x0C, [0, 65536, 65536], b""))
put(d, "valid_u8_images.idx.gz", gz(idx(0x08, [2, 2, 3], bytes(range(12)))))
put(d, "valid_two_gzip_members.idx.gz", gz(idx(0x08, [4], b"")[:6]) + gz(idx(0x08, [4], bytes(4))[6:]))
put(d, "bad_magic.idx", bytes([1, 2, 8, 1, 0, 0, 0, 0]))
put(d, "bad_type.idx", bytes([0, 0, 7, 1, 0, 0, 0, 0]))
put(d, "bad_short_magic.idx", bytes([0, 0]))
put(d, "bad_rank_0.idx", bytes([0, 0, 8, 0]))
put(d, "bad_rank_65.idx", bytes([0, 0, 8, 65]) + bytes(4 * 65))
put(d, "bad_short_sizes.idx", bytes([0, 0, 8, 3, 0, 0, 0, 1]))
put(d, "bad_negative_size.idx", idx(0x08, [-1], b""))
put(d, "bad_truncated.idx", idx(0x08, [2, 3], bytes(3)))
put(d, "bad_trailing.idx", idx(0x08, [2], bytes(3)))
# 8 bytes claiming 2^30 bytes of data: the reader used to allocate 1 GiB before reading.
put(d, "bad_claims_1gib.idx", idx(0x08, [1 << 30], b""))
put(d, "bad_claims_1gib.idx.gz", gz(idx(0x08, [1 << 30], b"")))
put(d, "bad_claims_8gib.idx", idx(0x0E, [1 << 30], bytes(8)))
put(d, "bad_too_many_values.idx", idx(0x0E, [65536, 65536], b""))
put(d, "bad_empty_after_huge.idx", idx(0x08, [65536, 65536, 0], b""))
ok = gz(idx(0x08, [1000], bytes(1000)))
put(d, "bad_gzip_truncated.idx.gz", ok[: len(ok) // 2])
put(d, "bad_gzip_truncated_trailer.idx.gz", ok[:-3])
put(d, "bad_gzip_truncated_header.idx.gz", ok[:5])
put(d, "bad_gzip_crc.idx.gz", ok[:-8] + bytes([ok[-8] ^ 1]) + ok[-7:])
put(d, "bad_gzip_method.idx.gz", ok[:2] + bytes([7]) + ok[3:])
put(d, "bad_gzip_trailing_data.idx.gz", gz(idx(0x08, [2], bytes(3))))

# ------------------------------------------------------------------ CSV
# CsvFuzzTest reads every input with Csv.reader() and with
# Csv.reader().skipLines(1).delimiter('\t').dtype(FLOAT32): a valid_* seed is accepted by at least
# one of them, a bad_* seed by neither.

d = corpus("Csv")
docs = {
    "valid_header_and_label.tsv": "a\tb\tlabel\n1.5\t 2 \t0\n\n-3\t4e2\t1\n",
    "valid_every_number_form.csv": "+2,-0.5,.5,5.,1E-7,4e+2,  3\t,-0\n1,2,3,4,5,6,7,8\n",
    "valid_crlf_cr_no_final_break.csv": "\ufeff1,2\r\n3,4\r5,6\n\n7,8",
    "valid_extremes.csv": "1.7976931348623157e308,4.9e-324,1e-99999\n-1e300,0.1,123456789012345678901234567890\n",
    "valid_tab_blank_lines.tsv": "1\t2\n\t\n \t \n3\t4\n",
    "bad_not_a_number.csv": "1,2\n1,abc\n",
    "bad_java_syntax.csv": "1f,2d\n",
    "bad_hex.csv": "0x1p3\n",
    "bad_nan.csv": "nan,1\n",
    "bad_inf.csv": "1,-Infinity\n",
    "bad_overflow.csv": "1e999\n",
    "bad_overflow_exponent.csv": "1e99999999999999999999999\n",
    "bad_ragged.csv": "1,2,3\n4,5\n",
    "bad_empty_field.csv": "1,,2\n",
    "bad_trailing_delimiter.csv": "1,2,\n",
    "bad_quoted.csv": "\"1.5\",2\n",
    "bad_long_field.csv": "1" * 5000 + ",1\n",
    "bad_empty.csv": "",
    "bad_blank_only.csv": " \n\t\n\r\n",
    "bad_control_char.csv": "1\x7f2\n",
}
for name, text in docs.items():
    put(d, name, text.encode("utf-8"))
put(d, "bad_invalid_utf8.csv", b"1,\xff\n")
put(d, "valid_gzip.csv.gz", gz(b"1,2,1\n3,4,0\n"))
good = gz(b"1,2,1\n3,4,0\n" * 50)
put(d, "bad_gzip_truncated.csv.gz", good[: len(good) // 2])
put(d, "bad_gzip_truncated_trailer.csv.gz", good[:-3])
