package dev.jgrad.io;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Element types found in files, and their conversion to and from jgrad's dtypes. */
final class Elements {
  private Elements() {}

  /** Bytes decoded per read: bounded memory whatever the tensor size; a multiple of 8. */
  static final int CHUNK = 1 << 16;

  /**
   * A stored element type and the jgrad dtype it is read into, always exactly: F32, F64, I32,
   * I64 and BOOL as stored; F16, BF16 and FP8 widen to FLOAT32; 8 and 16-bit integers widen to
   * INT32, U32 to INT64; U64 is read into INT64 when the value fits (below 2^63) and refused
   * otherwise.
   */
  enum Type {
    F64(8, DType.FLOAT64),
    F32(4, DType.FLOAT32),
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    F8_E4M3(1, DType.FLOAT32),
    F8_E5M2(1, DType.FLOAT32),
    I64(8, DType.INT64),
    U64(8, DType.INT64),
    I32(4, DType.INT32),
    U32(4, DType.INT64),
    I16(2, DType.INT32),
    U16(2, DType.INT32),
    I8(1, DType.INT32),
    U8(1, DType.INT32),
    BOOL(1, DType.BOOL);

    final int size;
    final DType target;

    Type(int size, DType target) {
      this.size = size;
      this.target = target;
    }

    /** True if values are read as stored (the type is its dtype's own file type). */
    boolean isNative() {
      return this == of(target);
    }

    /** The file type a dtype is written as: F32, F64, I32, I64 or BOOL. */
    static Type of(DType dtype) {
      switch (dtype) {
        case FLOAT32: return F32;
        case FLOAT64: return F64;
        case INT32: return I32;
        case INT64: return I64;
        case BOOL: return BOOL;
        default: throw new AssertionError(dtype);
      }
    }
  }

  /**
   * Reads {@code count} elements at {@code pos} into a new array of {@link Type#target}'s Java
   * type ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]} or
   * {@code boolean[]}). The caller has checked that the range lies within the source, so the
   * allocation is justified by bytes present.
   *
   * @param what names the tensor in messages, e.g. {@code tensor "w"}
   * @throws TensorFileException for a BOOL byte other than 0 or 1, or a U64 value from 2^63 on
   *     (beyond INT64), naming the first such element
   */
  static Object decode(Source src, long pos, Type type, ByteOrder order, int count, String what)
      throws IOException {
    float[] f = type.target == DType.FLOAT32 ? new float[count] : null;
    double[] d = type.target == DType.FLOAT64 ? new double[count] : null;
    int[] i32 = type.target == DType.INT32 ? new int[count] : null;
    long[] i64 = type.target == DType.INT64 ? new long[count] : null;
    boolean[] b = type.target == DType.BOOL ? new boolean[count] : null;
    byte[] buf = new byte[(int) Math.min(CHUNK, (long) count * type.size)];
    int done = 0;
    while (done < count) {
      int n = Math.min(count - done, buf.length / type.size);
      src.read(pos + (long) done * type.size, buf, 0, n * type.size);
      ByteBuffer bb = ByteBuffer.wrap(buf, 0, n * type.size).order(order);
      switch (type) {
        case F32:
          bb.asFloatBuffer().get(f, done, n);
          break;
        case F64:
          bb.asDoubleBuffer().get(d, done, n);
          break;
        case F16:
          for (int i = 0; i < n; i++) f[done + i] = halfToFloat(bb.getShort(2 * i));
          break;
        case BF16:
          for (int i = 0; i < n; i++) {
            f[done + i] = Float.intBitsToFloat((bb.getShort(2 * i) & 0xFFFF) << 16);
          }
          break;
        case F8_E4M3:
          for (int i = 0; i < n; i++) f[done + i] = e4m3ToFloat(buf[i]);
          break;
        case F8_E5M2:
          // E5M2 is the top byte of an IEEE binary16.
          for (int i = 0; i < n; i++) f[done + i] = halfToFloat((short) (buf[i] << 8));
          break;
        case I8:
          for (int i = 0; i < n; i++) i32[done + i] = buf[i];
          break;
        case U8:
          for (int i = 0; i < n; i++) i32[done + i] = buf[i] & 0xFF;
          break;
        case BOOL:
          for (int i = 0; i < n; i++) {
            int v = buf[i] & 0xFF;
            if (v > 1) {
              throw src.error(what + ": BOOL element " + (done + i) + " has byte value " + v
                  + " (must be 0 or 1)");
            }
            b[done + i] = v == 1;
          }
          break;
        case I16:
          for (int i = 0; i < n; i++) i32[done + i] = bb.getShort(2 * i);
          break;
        case U16:
          for (int i = 0; i < n; i++) i32[done + i] = bb.getShort(2 * i) & 0xFFFF;
          break;
        case I32:
          bb.asIntBuffer().get(i32, done, n);
          break;
        case U32:
          for (int i = 0; i < n; i++) i64[done + i] = bb.getInt(4 * i) & 0xFFFFFFFFL;
          break;
        case I64:
          bb.asLongBuffer().get(i64, done, n);
          break;
        case U64:
          for (int i = 0; i < n; i++) {
            long v = bb.getLong(8 * i);
            if (v < 0) {
              throw src.error(what + ": U64 element " + (done + i) + " = "
                  + Long.toUnsignedString(v) + " does not fit INT64 (at most 2^63-1 = "
                  + Long.MAX_VALUE + "), jgrad's widest integer dtype");
            }
            i64[done + i] = v;
          }
          break;
        default:
          throw new AssertionError(type);
      }
      done += n;
    }
    return f != null ? f : d != null ? d : i32 != null ? i32 : i64 != null ? i64 : b;
  }

  /** IEEE 754 binary16 to float; exact, keeping signed zeros, subnormals, infinities, NaNs. */
  static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal (or zero): mant × 2^-24, exact in float
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /**
   * OCP FP8 E4M3 ("e4m3fn", PyTorch's float8_e4m3fn, safetensors F8_E4M3) to float: bias 7, no
   * infinities, S.1111.111 is NaN.
   */
  static float e4m3ToFloat(byte b) {
    int bits = b & 0xFF;
    boolean negative = (bits & 0x80) != 0;
    int exp = (bits >>> 3) & 0xF;
    int mant = bits & 0x7;
    float v;
    if (exp == 0xF && mant == 0x7) {
      v = Float.NaN;
    } else if (exp == 0) {
      v = mant * 0x1p-9f;
    } else {
      v = Float.intBitsToFloat(((exp + 120) << 23) | (mant << 20));
    }
    return negative ? -v : v;
  }

  /**
   * Writes a tensor's elements in row-major order (views included) as its own file type
   * ({@link Type#of}), little-endian, in chunks.
   */
  static void encode(Tensor t, OutputStream out) throws IOException {
    ByteBuffer bb = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    int size = t.dtype().byteSize();
    Object values = values(t);
    int count = t.numel();
    for (int i = 0; i < count; ) {
      int n = Math.min(count - i, CHUNK / size);
      bb.clear();
      switch (t.dtype()) {
        case FLOAT32:
          bb.asFloatBuffer().put((float[]) values, i, n);
          break;
        case FLOAT64:
          bb.asDoubleBuffer().put((double[]) values, i, n);
          break;
        case INT32:
          bb.asIntBuffer().put((int[]) values, i, n);
          break;
        case INT64:
          bb.asLongBuffer().put((long[]) values, i, n);
          break;
        case BOOL:
          boolean[] v = (boolean[]) values;
          for (int k = 0; k < n; k++) {
            bb.put(k, v[i + k] ? (byte) 1 : (byte) 0);
          }
          break;
        default:
          throw new AssertionError(t.dtype());
      }
      out.write(bb.array(), 0, n * size);
      i += n;
    }
  }

  /** A row-major copy of the elements in the tensor's own Java type. */
  private static Object values(Tensor t) {
    switch (t.dtype()) {
      case FLOAT32: return t.toFloatArray();
      case FLOAT64: return t.toDoubleArray();
      case INT32: return t.toIntArray();
      case INT64: return t.toLongArray();
      case BOOL: return t.toBooleanArray();
      default: throw new AssertionError(t.dtype());
    }
  }

  /**
   * Why jgrad's {@code Shape} cannot represent this shape, or null if it can: it requires every
   * running product of the dimensions to fit in an int, even before a 0 (so [65536, 65536, 0]
   * is refused although it has no elements).
   */
  static String shapeProblem(int[] shape) {
    if (java.util.Arrays.stream(shape).noneMatch(d -> d == 0)) {
      return null; // non-empty shapes are bounded by the element-count checks
    }
    long n = 1;
    for (int d : shape) {
      n *= d; // n <= 2^31 and d < 2^31: no overflow
      if (n > Integer.MAX_VALUE) {
        return "the product of its dimensions before the 0 exceeds 2^31-1, which jgrad's Shape "
            + "does not allow";
      }
    }
    return null;
  }

  /**
   * Wraps decoded values as a tensor of the given shape. (Tensor.of copies the array: core has no
   * public factory that adopts one.) Values stored in Fortran (column-major) order are those of
   * the reversed shape in row-major order, so the tensor is that array with its axes reversed,
   * made contiguous. The shape has been validated; should core still refuse it, that is reported
   * as a problem of the file rather than escaping as another exception type.
   */
  static Tensor tensor(Object array, int[] shape, boolean fortran, Source src, String what)
      throws TensorFileException {
    try {
      int n = java.lang.reflect.Array.getLength(array);
      if (!fortran || shape.length < 2 || n == 0) {
        return of(array, shape);
      }
      // n > 0 bounds every partial product of the reversed shape, so Shape accepts it.
      int rank = shape.length;
      int[] reversed = new int[rank];
      int[] axes = new int[rank];
      for (int i = 0; i < rank; i++) {
        reversed[i] = shape[rank - 1 - i];
        axes[i] = rank - 1 - i;
      }
      return of(array, reversed).permute(axes).contiguous();
    } catch (IllegalArgumentException e) {
      throw src.error(what + ": jgrad cannot represent shape " + java.util.Arrays.toString(shape)
          + ": " + e.getMessage(), e);
    }
  }

  private static Tensor of(Object array, int[] shape) {
    if (array instanceof float[]) {
      return Tensor.of((float[]) array, shape);
    } else if (array instanceof double[]) {
      return Tensor.of((double[]) array, shape);
    } else if (array instanceof int[]) {
      return Tensor.of((int[]) array, shape);
    } else if (array instanceof long[]) {
      return Tensor.of((long[]) array, shape);
    }
    return Tensor.of((boolean[]) array, shape);
  }
}
