package dev.jgrad;

/**
 * The flat array behind one or more tensors (a base and its views) and its in-place modification
 * count. Exactly one array field is set, matching {@link #dtype}. A view shares its base's
 * storage, so an in-place change through any of them bumps the one version every graph node
 * recorded, and backward refuses the stale values wherever they were saved.
 */
final class Storage {
  /**
   * Largest element count of one tensor: Java arrays top out a few elements below 2^31 on
   * HotSpot, so say so up front instead of failing with "Requested array size exceeds VM limit".
   */
  static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  final DType dtype;
  final float[] f;
  final double[] d;
  final int[] i;
  final long[] l;
  final boolean[] b;
  /**
   * In-place modification count; written only by in-place updates (see Tensor#set). Not
   * volatile: an update racing with a backward pass on another thread is a data race anyway.
   */
  int version;

  private Storage(DType dtype, float[] f, double[] d, int[] i, long[] l, boolean[] b) {
    this.dtype = dtype;
    this.f = f;
    this.d = d;
    this.i = i;
    this.l = l;
    this.b = b;
  }

  static Storage of(float[] a) {
    return new Storage(DType.FLOAT32, a, null, null, null, null);
  }

  static Storage of(double[] a) {
    return new Storage(DType.FLOAT64, null, a, null, null, null);
  }

  static Storage of(int[] a) {
    return new Storage(DType.INT32, null, null, a, null, null);
  }

  static Storage of(long[] a) {
    return new Storage(DType.INT64, null, null, null, a, null);
  }

  static Storage of(boolean[] a) {
    return new Storage(DType.BOOL, null, null, null, null, a);
  }

  /** Wraps an array of any of the five element types (not copied). */
  static Storage wrap(Object array) {
    if (array instanceof float[]) {
      return of((float[]) array);
    } else if (array instanceof double[]) {
      return of((double[]) array);
    } else if (array instanceof int[]) {
      return of((int[]) array);
    } else if (array instanceof long[]) {
      return of((long[]) array);
    }
    return of((boolean[]) array);
  }

  /**
   * A zeroed (false) storage of n elements.
   *
   * @param op the op name for the error message
   * @throws IllegalArgumentException if n exceeds {@link #MAX_ELEMENTS}
   */
  static Storage allocate(String op, DType dtype, long n) {
    if (n > MAX_ELEMENTS) {
      throw new IllegalArgumentException(String.format("%s: %s elements requested; a jgrad tensor "
          + "holds at most %s (the Java array limit)", op, n, MAX_ELEMENTS));
    }
    return wrap(newArray(dtype, (int) n));
  }

  static Object newArray(DType dtype, int n) {
    switch (dtype) {
      case FLOAT32: return new float[n];
      case FLOAT64: return new double[n];
      case INT32: return new int[n];
      case INT64: return new long[n];
      default: return new boolean[n];
    }
  }

  /** The array: {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]} or {@code boolean[]}. */
  Object array() {
    switch (dtype) {
      case FLOAT32: return f;
      case FLOAT64: return d;
      case INT32: return i;
      case INT64: return l;
      default: return b;
    }
  }

  int length() {
    switch (dtype) {
      case FLOAT32: return f.length;
      case FLOAT64: return d.length;
      case INT32: return i.length;
      case INT64: return l.length;
      default: return b.length;
    }
  }

  /** Element k as a double (exact for floats, int32 and int64 up to 2^53; bool as 0/1). */
  double getDouble(int k) {
    switch (dtype) {
      case FLOAT32: return f[k];
      case FLOAT64: return d[k];
      case INT32: return i[k];
      case INT64: return l[k];
      default: return b[k] ? 1 : 0;
    }
  }

  /** Element k as a long (floats truncated toward zero; bool as 0/1). */
  long getLong(int k) {
    switch (dtype) {
      case FLOAT32: return (long) f[k];
      case FLOAT64: return (long) d[k];
      case INT32: return i[k];
      case INT64: return l[k];
      default: return b[k] ? 1 : 0;
    }
  }

  /** Stores a double, converted to this dtype (C casts; bool is {@code v != 0}). */
  void setDouble(int k, double v) {
    switch (dtype) {
      case FLOAT32: f[k] = (float) v; break;
      case FLOAT64: d[k] = v; break;
      case INT32: i[k] = (int) (long) v; break;
      case INT64: l[k] = (long) v; break;
      default: b[k] = v != 0;
    }
  }

  /** Stores a long, converted to this dtype. */
  void setLong(int k, long v) {
    switch (dtype) {
      case FLOAT32: f[k] = v; break;
      case FLOAT64: d[k] = v; break;
      case INT32: i[k] = (int) v; break;
      case INT64: l[k] = v; break;
      default: b[k] = v != 0;
    }
  }
}
