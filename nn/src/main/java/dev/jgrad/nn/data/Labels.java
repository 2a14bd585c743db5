package dev.jgrad.nn.data;

import dev.jgrad.Tensor;

/**
 * Class labels stored as integral values in a tensor: the one place they are checked and read
 * back as Java ints, so every caller words a bad label the same way.
 */
public final class Labels {
  private Labels() {}

  /**
   * The values of {@code labels} as ints, each checked to be an integer in {@code [0, classes)}.
   *
   * @param op the op named in messages, e.g. {@code cross_entropy}
   * @param what what a value is, e.g. {@code label} or {@code prediction}
   * @param classes the number of classes, or -1 if unknown (then only {@code >= 0} is checked)
   * @throws IllegalArgumentException naming the first bad value and its row (flat position):
   *     {@code op: label 0.5 at row 3 is not an integer},
   *     {@code op: label 7 at row 3 is out of range for 3 classes},
   *     {@code op: label -1 at row 0 is negative}
   */
  public static int[] toInts(String op, String what, Tensor labels, int classes) {
    double[] v = labels.toDoubleArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (!(Double.isFinite(v[i]) && v[i] == Math.rint(v[i]))) {
        throw new IllegalArgumentException(
            String.format("%s: %s %s at row %s is not an integer", op, what, v[i], i));
      }
      if (classes >= 0 && !(v[i] >= 0 && v[i] < classes)) {
        throw new IllegalArgumentException(String.format(
            "%s: %s %s at row %s is out of range for %s classes", op, what, (long) v[i], i,
            classes));
      }
      if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(String.format(
            v[i] < 0 ? "%s: %s %s at row %s is negative" : "%s: %s %s at row %s is too large",
            op, what, (long) v[i], i));
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
    double[] v = labels.toDoubleArray();
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
