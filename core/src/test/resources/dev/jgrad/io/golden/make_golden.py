"""Regenerates the NumPy golden files next to this script (run from any directory).

The .npy/.npz files here were written by NumPy itself (np.save, np.savez, np.savez_compressed,
np.lib.format.write_array) so that the Java tests check jgrad against the reference
implementation rather than against its own reading of the spec. Values are recorded in
GoldenFilesTest. Requires only numpy.
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def save(name, array):
    np.save(path(name), array, allow_pickle=False)


def write_version(name, array, version):
    with open(path(name), "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


# Floats as stored, including signed zero, infinities, subnormals and NaN.
save("f4_2x3.npy", np.array([[0.0, -0.0, 1.5], [np.inf, -np.inf, 1e-45]], dtype="<f4"))
save("f8_3x2.npy", np.array([[1 / 3, -2.5], [1e300, 5e-324], [np.nan, 0.0]], dtype="<f8"))
save("f8_scalar.npy", np.array(3.25, dtype="<f8"))
save("f4_empty_0x3.npy", np.zeros((0, 3), dtype="<f4"))
save("f8_1x2x3x4.npy", np.arange(24, dtype="<f8").reshape(1, 2, 3, 4) / 8)
# Byte orders and memory orders.
save("f4_big_endian_2x2.npy", np.array([[1.0, -2.0], [0.1, 3e38]], dtype=">f4"))
save("f8_fortran_2x3x4.npy", np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4)))
save("f8_big_endian_fortran_3x2.npy",
     np.asfortranarray(np.array([[1, 2], [3, 4], [5, 6]], dtype=">f8")))
# Integer and bool types, read exactly (widened to INT32/INT64 where jgrad has no such type).
save("f2_6.npy", np.array([0.0, 1.0, -2.5, 65504.0, 2.0 ** -24, np.inf], dtype="<f2"))
save("b1_4.npy", np.array([True, False, False, True]))
save("i1_3.npy", np.array([-128, 0, 127], dtype="i1"))
save("u1_3.npy", np.array([0, 1, 255], dtype="u1"))
save("i2_3.npy", np.array([-32768, 0, 32767], dtype="<i2"))
save("u2_2.npy", np.array([0, 65535], dtype="<u2"))
save("i4_2x2.npy", np.array([[-2 ** 31, 0], [1, 2 ** 31 - 1]], dtype="<i4"))
save("u4_2.npy", np.array([0, 2 ** 32 - 1], dtype="<u4"))
save("i8_big_endian_3.npy", np.array([-2 ** 53, 0, 2 ** 53], dtype=">i8"))
save("u8_2.npy", np.array([2 ** 63 - 1, 7], dtype="<u8"))
save("i8_extremes_4.npy", np.array([1, 2 ** 53 + 1, -2 ** 63, 2 ** 63 - 1], dtype="<i8"))
save("i4_fortran_2x3.npy", np.asfortranarray(np.array([[1, -2, 3], [-4, 5, -6]], dtype="<i4")))
save("b1_fortran_2x3.npy", np.asfortranarray(np.array([[True, False, False],
                                                       [True, True, False]])))
# Refused: beyond INT64.
save("u8_beyond_int64_2.npy", np.array([7, 2 ** 63], dtype="<u8"))
# Format versions 2.0 and 3.0 (np.save picks 1.0 for these).
write_version("f4_v2_2.npy", np.array([1.0, 2.0], dtype="<f4"), (2, 0))
write_version("f8_v3_2.npy", np.array([-1.0, 0.5], dtype="<f8"), (3, 0))
# Refused.
np.save(path("object_2.npy"), np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
save("structured_2.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
save("complex_2.npy", np.array([1 + 2j, 3j], dtype="<c16"))
save("unicode_2.npy", np.array(["ab", "c"], dtype="<U2"))
# Written by np.save from the exact arrays jgrad writes in its golden-byte tests.
save("save_f4_2x3.npy", np.array([[1, 2, 3], [4, 5, 6]], dtype="<f4") / 4)
save("save_f8_scalar.npy", np.array(-0.75, dtype="<f8"))
save("save_f4_empty_0.npy", np.zeros((0,), dtype="<f4"))
save("save_f8_2x1x3.npy", np.arange(6, dtype="<f8").reshape(2, 1, 3) - 2.5)
save("save_f4_long_axis.npy", np.zeros((123456789, 0), dtype="<f4"))
save("save_i4_2x3.npy", np.array([[-2 ** 31, -1, 0], [1, 7, 2 ** 31 - 1]], dtype="<i4"))
save("save_i8_3.npy", np.array([-2 ** 63, 2 ** 53 + 1, 2 ** 63 - 1], dtype="<i8"))
save("save_i8_scalar.npy", np.array(-5, dtype="<i8"))
save("save_b1_2x2.npy", np.array([[True, False], [False, True]]))
# Views: jgrad writes a transposed or stepped view in C order, as np.save writes the contiguous
# copy (np.save of the transposed array itself would write fortran_order True).
save("save_i4_transposed_3x2.npy",
     np.ascontiguousarray(np.array([[1, 2, 3], [4, 5, 6]], dtype="<i4").T))
save("save_f8_transposed_3x2.npy",
     np.ascontiguousarray((np.arange(6, dtype="<f8").reshape(2, 3) / 4).T))
save("save_i8_step_4.npy", np.ascontiguousarray(np.arange(10, dtype="<i8")[::3]))

# Archives.
a = np.array([[1, 2, 3], [4, 5, 6]], dtype="<f4")
b = np.array(0.5, dtype="<f8")
np.savez(path("savez_ab.npz"), a=a, b=b)
np.savez_compressed(path("savez_compressed_abz.npz"), a=a, b=b, z=np.zeros(100000, dtype="<f8"))
np.savez(path("savez_positional.npz"), np.array([1.0, 2.0], dtype="<f4"),
         np.array([[3.0]], dtype="<f8"))
np.savez(path("savez_int_bool.npz"), i=np.array([1, -2], dtype="<i8"),
         m=np.array([True, False]))
np.savez(path("savez_object.npz"), ok=a, bad=np.array([None, 1], dtype=object))
np.savez(path("savez_dtypes.npz"), f4=a, f8=b, i4=np.array([[-2 ** 31], [2 ** 31 - 1]], dtype="<i4"),
         i8=np.array([-2 ** 63, 0, 2 ** 63 - 1], dtype="<i8"), b1=np.array([False, True, True]))
