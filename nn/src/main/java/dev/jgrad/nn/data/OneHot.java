package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;

/** Conversions between integer class labels and one-hot rows. */
public final class OneHot {
  private OneHot() {}

  /**
   * One-hot rows: {@code Y[i, c] = 1} if {@code labels[i] == c}, else 0; {@code [n] → [n, C]} as
   * FLOAT32 (same as {@code encode(labels, numClasses, DType.FLOAT32)}).
   *
   * @param labels class indices {@code [n]}, an INT64 or INT32 tensor with values in
   *     {@code [0, numClasses)}; only read
   * @param numClasses the number of classes {@code C}, {@code >= 1}
   * @return a new FLOAT32 tensor {@code [n, C]} with exactly one 1 per row, at column
   *     {@code labels[i]}
   * @throws IllegalArgumentException if labels are not 1-d or not of an integer dtype,
   *     {@code numClasses < 1}, or a label is outside {@code [0, numClasses)}, e.g.
   *     {@code one_hot: label 3 at row 5 is out of range for 3 classes}
   */
  public static Tensor encode(Tensor labels, int numClasses) {
    return encode(labels, numClasses, DType.FLOAT32);
  }

  /**
   * One-hot rows {@code [n, numClasses]} of the given floating-point dtype for INT64/INT32
   * labels {@code [n]}.
   *
   * @param labels class indices {@code [n]}, an INT64 or INT32 tensor with values in
   *     {@code [0, numClasses)}; only read
   * @param numClasses the number of classes {@code C}, {@code >= 1}
   * @param dtype the dtype of the rows
   * @return a new tensor {@code [n, C]} of {@code dtype}: {@code Y[i, c] = 1} if
   *     {@code labels[i] == c}, else 0
   * @throws IllegalArgumentException as {@link #encode(Tensor, int)}
   */
  public static Tensor encode(Tensor labels, int numClasses, DType dtype) {
    checkArgument(labels.rank() == 1, "one_hot: labels must be [n], got shape %s",
        labels.shape());
    checkArgument(numClasses > 0, "one_hot: number of classes must be positive, got %s",
        numClasses);
    return encode(Labels.toInts("one_hot", "label", labels, numClasses), numClasses, dtype);
  }

  /**
   * One-hot rows for Java int labels: {@code Y[i, c] = 1} if {@code labels[i] == c}, else 0;
   * {@code int[n] → [n, C]}; see {@link #encode(Tensor, int)}.
   *
   * @param labels class indices, each in {@code [0, numClasses)}; only read
   * @param numClasses the number of classes {@code C}, {@code >= 1}
   * @param dtype the dtype of the rows
   * @return a new tensor {@code [labels.length, C]} of {@code dtype} with exactly one 1 per row
   * @throws IllegalArgumentException if {@code numClasses < 1} or a label is outside
   *     {@code [0, numClasses)}, naming the first such label and its row
   */
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
   * [n]}: {@code labels[i] = argmax_c oneHot[i, c]}. Not differentiable. Inverts
   * {@link #encode(Tensor, int)}, and also turns scores or probabilities into predicted classes.
   *
   * @param oneHot rows {@code [n, C]} of any dtype: one-hot rows, scores or probabilities (NaN
   *     counts as the largest value); only read
   * @return a new INT64 tensor {@code [n]} of column indices in {@code [0, C)}
   * @throws IllegalArgumentException if the input is not 2-d, or (from {@code argmax}) has no
   *     columns
   */
  public static Tensor decode(Tensor oneHot) {
    checkArgument(oneHot.rank() == 2, "one_hot: expected [n, classes], got shape %s",
        oneHot.shape());
    return oneHot.argmax(1);
  }
}
