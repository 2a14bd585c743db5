package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;

/** Conversions between integer class labels and one-hot rows. */
public final class OneHot {
  private OneHot() {}

  /**
   * One-hot rows: {@code Y[i, c] = 1} if {@code labels[i] == c}, else 0; {@code [n] → [n, C]} in
   * the labels' dtype.
   *
   * @throws IllegalArgumentException if labels are not 1-d or a label is not an integer in
   *     {@code [0, numClasses)}, e.g. {@code one_hot: label 3 at row 5 is out of range for 3
   *     classes}
   */
  public static Tensor encode(Tensor labels, int numClasses) {
    return encode(labels, numClasses, DType.FLOAT32);
  }

  /**
   * One-hot rows {@code [n, numClasses]} of the given floating-point dtype for INT64/INT32
   * labels {@code [n]}.
   *
   * @param labels class indices
   * @param numClasses the number of classes
   * @param dtype the dtype of the rows
   * @return the one-hot rows
   * @throws IllegalArgumentException as {@link #encode(Tensor, int)}
   */
  public static Tensor encode(Tensor labels, int numClasses, DType dtype) {
    checkArgument(labels.rank() == 1, "one_hot: labels must be [n], got shape %s",
        labels.shape());
    checkArgument(numClasses > 0, "one_hot: number of classes must be positive, got %s",
        numClasses);
    return encode(Labels.toInts("one_hot", "label", labels, numClasses), numClasses, dtype);
  }

  /** One-hot rows for Java int labels; see {@link #encode(Tensor, int)}. */
  public static Tensor encode(int[] labels, int numClasses, DType dtype) {
    checkArgument(numClasses > 0, "one_hot: number of classes must be positive, got %s",
        numClasses);
    double[] out = new double[labels.length * numClasses];
    for (int i = 0; i < labels.length; i++) {
      if (!(labels[i] >= 0 && labels[i] < numClasses)) {
        throw new IllegalArgumentException(String.format("one_hot: label %s at row %s is out "
          + "of range for %s classes", labels[i], i, numClasses));
      }
      out[i * numClasses + labels[i]] = 1;
    }
    return Tensor.of(out, labels.length, numClasses).to(dtype);
  }

  /**
   * The class of each row: the column of its largest value (first on ties), {@code [n, C] →
   * [n]}.
   *
   * @throws IllegalArgumentException if the input is not 2-d
   */
  public static Tensor decode(Tensor oneHot) {
    checkArgument(oneHot.rank() == 2, "one_hot: expected [n, classes], got shape %s",
        oneHot.shape());
    return oneHot.argmax(1);
  }
}
