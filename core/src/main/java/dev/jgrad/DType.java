package dev.jgrad;

/**
 * Element type of a {@link Tensor}. A {@code float[]} makes a {@link #FLOAT32} tensor, a
 * {@code double[]} a {@link #FLOAT64} one. A binary op on mixed dtypes promotes to the wider type
 * ({@link #promote}); a plain Java number argument ({@code x.mul(4)}) never changes a tensor's dtype.
 */
public enum DType {
  /** IEEE 754 binary32, stored in a {@code float[]}. */
  FLOAT32("float32", 4),
  /** IEEE 754 binary64, stored in a {@code double[]}. */
  FLOAT64("float64", 8);

  private final String label;
  private final int byteSize;

  DType(String label, int byteSize) {
    this.label = label;
    this.byteSize = byteSize;
  }

  /** Bytes per element: 4 or 8. */
  public int byteSize() {
    return byteSize;
  }

  /** The wider of two dtypes: FLOAT64 if either is FLOAT64, else FLOAT32. */
  public static DType promote(DType a, DType b) {
    return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
  }

  /** The NumPy name, {@code float32} or {@code float64}. */
  @Override
  public String toString() {
    return label;
  }
}
