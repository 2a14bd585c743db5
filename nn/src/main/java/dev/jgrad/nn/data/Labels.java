package dev.jgrad.nn.data;

import dev.jgrad.Tensor;

/**
 * Class labels: INT64 (or INT32) tensors of class indices. The one place they are checked and
 * read back as Java ints, so every caller words a bad label the same way, and the one place Java
 * arrays become label tensors.
 */
public final class Labels {
  private Labels() {}

  /**
   * A 1-d INT64 label tensor {@code [labels.length]}.
   *
   * @param labels the class indices
   * @return the tensor
   */
  public static Tensor of(int... labels) {
    long[] v = new long[labels.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = labels[i];
    }
    return Tensor.of(v);
  }

  /**
   * The values of {@code labels} as ints, each checked to be in {@code [0, classes)}.
   *
   * @param op the op named in messages, e.g. {@code cross_entropy}
   * @param what what a value is, e.g. {@code label} or {@code prediction}
   * @param labels an INT64 or INT32 tensor of class indices
   * @param classes the number of classes, or -1 if unknown (then only {@code >= 0} is checked)
   * @return the labels in row-major order
   * @throws IllegalArgumentException for a non-integer dtype, or naming the first bad value and
   *     its row (flat position): {@code op: label 7 at row 3 is out of range for 3 classes},
   *     {@code op: label -1 at row 0 is negative}
   */
  public static int[] toInts(String op, String what, Tensor labels, int classes) {
    if (!labels.dtype().isInteger()) {
      throw new IllegalArgumentException(String.format("%s: %ss must be an int64 or int32 tensor "
          + "of class indices, got %s (convert with to(DType.INT64))", op, what, labels.dtype()));
    }
    long[] v = labels.toLongArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (classes >= 0 && !(v[i] >= 0 && v[i] < classes)) {
        throw new IllegalArgumentException(String.format("%s: %s %s at row %s is out of range "
            + "for %s classes", op, what, v[i], i, classes));
      }
      if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(String.format(
            v[i] < 0 ? "%s: %s %s at row %s is negative" : "%s: %s %s at row %s is too large",
            op, what, v[i], i));
      }
      out[i] = (int) v[i];
    }
    return out;
  }

  /**
   * The values of {@code values} as ints, each checked to be an integer of either sign that fits
   * an int: discrete values of any dtype that need not be class indices, such as the ±1 targets
   * of a perceptron, compared by {@link dev.jgrad.nn.metrics.Metrics#accuracy}.
   *
   * @param op the op named in messages, e.g. {@code accuracy}
   * @param what what a value is, e.g. {@code prediction}
   * @param values the values, any shape and dtype (read in row-major order)
   * @return the values, flat
   * @throws IllegalArgumentException naming the first bad value and its row (flat position):
   *     {@code op: prediction 0.5 at row 3 is not an integer},
   *     {@code op: prediction -3000000000 at row 0 is outside the int range}
   */
  public static int[] integers(String op, String what, Tensor values) {
    if (values.dtype().isInteger() || values.dtype() == dev.jgrad.DType.BOOL) {
      long[] v = values.toLongArray();
      int[] out = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        if (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(String.format(
              "%s: %s %s at row %s is outside the int range", op, what, v[i], i));
        }
        out[i] = (int) v[i];
      }
      return out;
    }
    double[] v = values.toDoubleArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (!(Double.isFinite(v[i]) && v[i] == Math.rint(v[i]))) {
        throw new IllegalArgumentException(
            String.format("%s: %s %s at row %s is not an integer", op, what, v[i], i));
      }
      if (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(String.format(
            "%s: %s %s at row %s is outside the int range", op, what, (long) v[i], i));
      }
      out[i] = (int) v[i];
    }
    return out;
  }

  /**
   * As {@link #toInts(String, String, Tensor, int)}, except that values equal to {@code ignored}
   * (e.g. a padding label of -100, which may lie outside {@code [0, classes)}) pass unchecked and
   * are returned as they are.
   *
   * @param op the op named in messages
   * @param what what a value is
   * @param labels the labels
   * @param classes the number of classes, or -1 if unknown
   * @param ignored the value to let through
   * @return the values as ints
   * @throws IllegalArgumentException as {@link #toInts(String, String, Tensor, int)} for the
   *     other values
   */
  public static int[] toInts(String op, String what, Tensor labels, int classes, int ignored) {
    if (!labels.dtype().isInteger()) {
      return toInts(op, what, labels, classes); // the dtype error, worded once
    }
    long[] v = labels.toLongArray();
    boolean[] skip = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] == ignored) {
        skip[i] = true;
        v[i] = 0; // a valid stand-in, so the check below sees only the other values
      }
    }
    int[] out = toInts(op, what, Tensor.of(v), classes);
    for (int i = 0; i < v.length; i++) {
      if (skip[i]) {
        out[i] = ignored;
      }
    }
    return out;
  }
}
