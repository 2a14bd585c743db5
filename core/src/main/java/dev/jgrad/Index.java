package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One entry of a basic (NumPy-style) index for {@link Tensor#index(Index...)} and
 * {@link Tensor#indexSet(Tensor, Index...)}: an integer that selects one position and drops its
 * axis, a range that keeps the axis, a new size-1 axis, or an ellipsis standing for as many
 * whole axes as needed. With {@code import static dev.jgrad.Index.*} the Python index
 * {@code x[1, 0:2, ..., None]} reads {@code x.index(at(1), range(0, 2), ellipsis(), newAxis())}:
 *
 * <pre>{@code
 * Tensor x = Tensor.arange(DType.FLOAT64, 24).reshape(2, 3, 4);
 * x.index(at(1));                          // x[1]         shape [3, 4]
 * x.index(all(), range(0, 2));             // x[:, 0:2]    shape [2, 2, 4]
 * x.index(ellipsis(), at(-1));             // x[..., -1]   shape [2, 3]
 * x.index(at(0), from(1), range(0, END, 2)); // x[0, 1:, ::2] shape [2, 2]
 * x.index(newAxis(), at(0));               // x[None, 0]   shape [1, 3, 4]
 * }</pre>
 *
 * <p>Entries are immutable; their {@link #toString()} is the Python spelling, used in error
 * messages.
 */
public final class Index {
  /** An open end for {@link #range(int, int, int)}: {@code range(1, END, 2)} is {@code 1::2}. */
  public static final int END = Integer.MAX_VALUE;

  enum Kind {
    AT, RANGE, NEW_AXIS, ELLIPSIS
  }

  private static final Index ALL = new Index(Kind.RANGE, 0, END, 1);
  private static final Index NEW_AXIS = new Index(Kind.NEW_AXIS, 0, 0, 0);
  private static final Index ELLIPSIS = new Index(Kind.ELLIPSIS, 0, 0, 0);

  final Kind kind;
  /** The position for AT; the first index for RANGE. */
  final int start;
  /** The excluded bound for RANGE ({@link #END} for none). */
  final int end;
  /** The step for RANGE (positive). */
  final int step;

  private Index(Kind kind, int start, int end, int step) {
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.step = step;
  }

  /**
   * Position {@code i} of its axis, dropping the axis ({@code x[i]}).
   *
   * @param i the position; negative counts from the end ({@code -1} is the last)
   * @return the entry
   */
  public static Index at(int i) {
    return new Index(Kind.AT, i, 0, 0);
  }

  /**
   * The whole axis ({@code x[:]}).
   *
   * @return the entry
   */
  public static Index all() {
    return ALL;
  }

  /**
   * Positions {@code start, start + 1, ..., end - 1} of its axis ({@code x[start:end]}); negative
   * bounds count from the end and both are clamped to the axis, as in Python.
   *
   * @param start the first position
   * @param end the bound, excluded ({@link #END} for the end of the axis)
   * @return the entry
   */
  public static Index range(int start, int end) {
    return new Index(Kind.RANGE, start, end, 1);
  }

  /**
   * Positions {@code start, start + step, ...} below {@code end} ({@code x[start:end:step]});
   * bounds as in {@link #range(int, int)}.
   *
   * @param start the first position
   * @param end the bound, excluded ({@link #END} for the end of the axis)
   * @param step the stride, positive (reverse an axis with {@link Tensor#flip(int...)})
   * @return the entry
   * @throws IllegalArgumentException if step is not positive
   */
  public static Index range(int start, int end, int step) {
    checkArgument(step > 0, "index: step must be positive, got %s in %s:%s:%s (views never "
        + "reverse; use flip to reverse an axis)", step, start, end == END ? "" : end, step);
    return new Index(Kind.RANGE, start, end, step);
  }

  /**
   * Positions from {@code start} to the end of its axis ({@code x[start:]}).
   *
   * @param start the first position; negative counts from the end
   * @return the entry
   */
  public static Index from(int start) {
    return new Index(Kind.RANGE, start, END, 1);
  }

  /**
   * A new axis of size 1 at this place of the result ({@code x[None]}); consumes no input axis.
   *
   * @return the entry
   */
  public static Index newAxis() {
    return NEW_AXIS;
  }

  /**
   * As many whole axes as the other entries leave unindexed ({@code x[...]}); at most one per
   * index.
   *
   * @return the entry
   */
  public static Index ellipsis() {
    return ELLIPSIS;
  }

  /** The Python spelling: {@code 1}, {@code :}, {@code 0:2}, {@code 1::2}, {@code None}, .... */
  @Override
  public String toString() {
    switch (kind) {
      case AT:
        return Integer.toString(start);
      case NEW_AXIS:
        return "None";
      case ELLIPSIS:
        return "...";
      default:
        String s = (start == 0 ? "" : Integer.toString(start)) + ":"
            + (end == END ? "" : Integer.toString(end));
        return step == 1 ? s : s + ":" + step;
    }
  }
}
