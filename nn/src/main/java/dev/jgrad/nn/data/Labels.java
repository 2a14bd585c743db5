package dev.jgrad.nn.data;

import dev.jgrad.Tensor;

/**
 * Class labels stored as integral values in a tensor: the one place they are checked and read
 * back as Java ints, so every caller words a bad label the same way (and so that reading them
 * from integer tensors, when core has them, is one change here).
 */
public final class Labels {
  private Labels() {}

  /**
   * The values of {@code labels} as ints, each checked to be an integer in {@code [0, classes)}.
   *
   * @param op the op named in messages, e.g. {@code cross_entropy}
   * @param what what a value is, e.g. {@code label} or {@code prediction}
   * @param labels the labels, any shape (read in row-major order)
   * @param classes the number of classes, or -1 if unknown (then only {@code >= 0} is checked)
   * @return the labels, flat
   * @throws IllegalArgumentException naming the first bad value and its row (flat position):
   *     {@code op: label 0.5 at row 3 is not an integer},
   *     {@code op: label 7 at row 3 is out of range for 3 classes},
   *     {@code op: label -1 at row 0 is negative}
   */
  public static int[] toInts(String op, String what, Tensor labels, int classes) {
    return read(op, what, labels, classes, false);
  }

  /**
   * The values of {@code values} as ints, each checked to be an integer of either sign that fits
   * an int: discrete values that need not be class indices, such as the ±1 targets of a
   * perceptron, compared by {@link dev.jgrad.nn.metrics.Metrics#accuracy}.
   *
   * @param op the op named in messages, e.g. {@code accuracy}
   * @param what what a value is, e.g. {@code prediction}
   * @param values the values, any shape (read in row-major order)
   * @return the values, flat
   * @throws IllegalArgumentException naming the first bad value and its row (flat position):
   *     {@code op: prediction 0.5 at row 3 is not an integer},
   *     {@code op: prediction -3000000000 at row 0 is outside the int range}
   */
  public static int[] integers(String op, String what, Tensor values) {
    return read(op, what, values, -1, true);
  }

  private static int[] read(String op, String what, Tensor labels, int classes, boolean signed) {
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
      if (signed && (v[i] < Integer.MIN_VALUE || v[i] > Integer.MAX_VALUE)) {
        throw new IllegalArgumentException(String.format(
            "%s: %s %s at row %s is outside the int range", op, what, (long) v[i], i));
      }
      if (!signed && (v[i] < 0 || v[i] > Integer.MAX_VALUE)) {
        throw new IllegalArgumentException(String.format(
            v[i] < 0 ? "%s: %s %s at row %s is negative" : "%s: %s %s at row %s is too large",
            op, what, (long) v[i], i));
      }
      out[i] = (int) v[i];
    }
    return out;
  }
}
