package dev.jgrad.io;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Element types found in files, and their conversion to and from jgrad's float arrays. */
final class Elements {
  private Elements() {}

  /** Bytes decoded per read: bounded memory whatever the tensor size; a multiple of 8. */
  static final int CHUNK = 1 << 16;

  /**
   * A stored element type. Floats keep their type (F16, BF16 and FP8 widen exactly to FLOAT32);
   * integers and booleans become FLOAT32 when float32 holds every value exactly (8 and 16-bit),
   * FLOAT64 otherwise (32 and 64-bit; 64-bit values beyond 2^53 may lack an exact float64).
   */
  enum Type {
    F64(8, DType.FLOAT64),
    F32(4, DType.FLOAT32),
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    F8_E4M3(1, DType.FLOAT32),
    F8_E5M2(1, DType.FLOAT32),
    I64(8, DType.FLOAT64),
    U64(8, DType.FLOAT64),
    I32(4, DType.FLOAT64),
    U32(4, DType.FLOAT64),
    I16(2, DType.FLOAT32),
    U16(2, DType.FLOAT32),
    I8(1, DType.FLOAT32),
    U8(1, DType.FLOAT32),
    BOOL(1, DType.FLOAT32);

    final int size;
    final DType target;

    Type(int size, DType target) {
      this.size = size;
      this.target = target;
    }

    /** True if values are read as stored, without any conversion worth a note. */
    boolean isNative() {
      return this == F64 || this == F32;
    }
  }

  /** Decoded values and how many 64-bit integers were rounded. */
  static final class Decoded {
    final Object array;
    final long rounded;

    Decoded(Object array, long rounded) {
      this.array = array;
      this.rounded = rounded;
    }
  }

  /**
   * Reads {@code count} elements at {@code pos} into a new float[] or double[] (per
   * {@link Type#target}). The caller has checked that the range lies within the source, so the
   * allocation is justified by bytes present.
   *
   * @param what names the tensor in messages, e.g. {@code tensor "w"}
   * @throws TensorFileException for a BOOL byte other than 0 or 1, or a 64-bit integer without an
   *     exact float64 value unless {@link ReadOptions#roundLargeIntegers()}
   */
  static Decoded decode(Source src, long pos, Type type, ByteOrder order, int count, String what,
      ReadOptions options) throws IOException {
    float[] f = type.target == DType.FLOAT32 ? new float[count] : null;
    double[] d = f == null ? new double[count] : null;
    byte[] buf = new byte[(int) Math.min(CHUNK, (long) count * type.size)];
    long rounded = 0;
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
          for (int i = 0; i < n; i++) f[done + i] = buf[i];
          break;
        case U8:
          for (int i = 0; i < n; i++) f[done + i] = buf[i] & 0xFF;
          break;
        case BOOL:
          for (int i = 0; i < n; i++) {
            int b = buf[i] & 0xFF;
            if (b > 1) {
              throw src.error(what + ": BOOL element " + (done + i) + " has byte value " + b
                  + " (must be 0 or 1)");
            }
            f[done + i] = b;
          }
          break;
        case I16:
          for (int i = 0; i < n; i++) f[done + i] = bb.getShort(2 * i);
          break;
        case U16:
          for (int i = 0; i < n; i++) f[done + i] = bb.getShort(2 * i) & 0xFFFF;
          break;
        case I32:
          for (int i = 0; i < n; i++) d[done + i] = bb.getInt(4 * i);
          break;
        case U32:
          for (int i = 0; i < n; i++) d[done + i] = bb.getInt(4 * i) & 0xFFFFFFFFL;
          break;
        case I64:
        case U64:
          for (int i = 0; i < n; i++) {
            long v = bb.getLong(8 * i);
            boolean unsigned = type == Type.U64;
            double x = unsigned ? unsignedToDouble(v) : v;
            if (!exact(v, unsigned)) {
              if (!options.roundLargeIntegers()) {
                throw src.error(what + ": " + type + " element " + (done + i) + " = "
                    + (unsigned ? Long.toUnsignedString(v) : Long.toString(v))
                    + " has no exact float64 value (jgrad tensors are FLOAT32/FLOAT64); "
                    + "ReadOptions.withRoundLargeIntegers(true) rounds such values");
              }
              rounded++;
            }
            d[done + i] = x;
          }
          break;
        default:
          throw new AssertionError(type);
      }
      done += n;
    }
    return new Decoded(f != null ? f : d, rounded);
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

  /** The unsigned value of v, correctly rounded to double. */
  static double unsignedToDouble(long v) {
    if (v >= 0) {
      return v;
    }
    // Halve keeping the sticky bit so that the one rounding is correct, then double.
    return ((double) ((v >>> 1) | (v & 1))) * 2.0;
  }

  /** True if the (signed or unsigned) 64-bit integer has an exact double value. */
  static boolean exact(long v, boolean unsigned) {
    if (unsigned && v < 0) {
      // In [2^63, 2^64): the double spacing there is 2^11.
      return (v & 0x7FF) == 0;
    }
    double x = v;
    // (long) x saturates at Long.MAX_VALUE, so 2^63 must be excluded explicitly.
    return x != 0x1p63 && (long) x == v;
  }

  /** Reorders elements stored in Fortran (column-major) order into row-major order. */
  static Object fortranToC(Object src, int[] shape) {
    int rank = shape.length;
    int n = src instanceof float[] ? ((float[]) src).length : ((double[]) src).length;
    if (rank < 2 || n == 0) {
      return src;
    }
    int[] cStrides = new int[rank];
    int acc = 1;
    for (int i = rank - 1; i >= 0; i--) {
      cStrides[i] = acc;
      acc *= shape[i];
    }
    Object dst = src instanceof float[] ? new float[n] : new double[n];
    int[] index = new int[rank];
    int c = 0; // row-major offset of the current Fortran-order element
    for (int p = 0; p < n; p++) {
      if (dst instanceof float[]) {
        ((float[]) dst)[c] = ((float[]) src)[p];
      } else {
        ((double[]) dst)[c] = ((double[]) src)[p];
      }
      // Advance the index with axis 0 fastest (Fortran order), updating the C offset.
      for (int a = 0; a < rank; a++) {
        if (++index[a] < shape[a]) {
          c += cStrides[a];
          break;
        }
        c -= (index[a] - 1) * cStrides[a];
        index[a] = 0;
      }
    }
    return dst;
  }

  /** Writes a tensor's elements as little-endian F32 or F64 (its own dtype), in chunks. */
  static void encode(Tensor t, OutputStream out) throws IOException {
    ByteBuffer bb = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    if (t.dtype() == DType.FLOAT32) {
      float[] v = t.toFloatArray();
      for (int i = 0; i < v.length; ) {
        int n = Math.min(v.length - i, CHUNK / 4);
        bb.clear();
        bb.asFloatBuffer().put(v, i, n);
        out.write(bb.array(), 0, n * 4);
        i += n;
      }
    } else {
      double[] v = t.toDoubleArray();
      for (int i = 0; i < v.length; ) {
        int n = Math.min(v.length - i, CHUNK / 8);
        bb.clear();
        bb.asDoubleBuffer().put(v, i, n);
        out.write(bb.array(), 0, n * 8);
        i += n;
      }
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
   * public factory that adopts one.) The shape has been validated; should core still refuse it,
   * that is reported as a problem of the file rather than escaping as another exception type.
   */
  static Tensor tensor(Object array, int[] shape, Source src, String what)
      throws TensorFileException {
    try {
      return array instanceof float[] ? Tensor.of((float[]) array, shape)
          : Tensor.of((double[]) array, shape);
    } catch (IllegalArgumentException e) {
      throw src.error(what + ": jgrad cannot represent shape " + java.util.Arrays.toString(shape)
          + ": " + e.getMessage(), e);
    }
  }
}
