package dev.jgrad.io;

/**
 * Caps for the readers of this package ({@link SafeTensors}, {@link Npy}, {@link Npz}).
 * Immutable; start from {@link #DEFAULT} and change what you need:
 *
 * <pre>{@code
 * ReadOptions opts = ReadOptions.DEFAULT.withMaxNpzTotalBytes(16L << 30);
 * }</pre>
 *
 * <p>Caps do not limit what a well-formed file may contain so much as what a file may make the
 * reader do: every allocation is also checked against the bytes actually present (for a deflated
 * {@code .npz} entry, against the most its compressed bytes can inflate to), so a short file
 * can never make a reader allocate much.
 */
public final class ReadOptions {
  /** The defaults listed on each accessor. */
  public static final ReadOptions DEFAULT =
      new ReadOptions(100_000_000L, 10_000, 65_536, 1L << 32, 1032);

  private final long maxSafetensorsHeaderBytes;
  private final int maxNpyHeaderBytes;
  private final int maxNpzEntries;
  private final long maxNpzTotalBytes;
  private final int maxNpzCompressionRatio;

  private ReadOptions(long maxSafetensorsHeaderBytes, int maxNpyHeaderBytes, int maxNpzEntries,
      long maxNpzTotalBytes, int maxNpzCompressionRatio) {
    this.maxSafetensorsHeaderBytes = positive("maxSafetensorsHeaderBytes",
        maxSafetensorsHeaderBytes);
    this.maxNpyHeaderBytes = (int) positive("maxNpyHeaderBytes", maxNpyHeaderBytes);
    this.maxNpzEntries = (int) positive("maxNpzEntries", maxNpzEntries);
    this.maxNpzTotalBytes = positive("maxNpzTotalBytes", maxNpzTotalBytes);
    this.maxNpzCompressionRatio = (int) positive("maxNpzCompressionRatio",
        maxNpzCompressionRatio);
  }

  private static long positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException("ReadOptions: " + name + " must be positive, got " + v);
    }
    return v;
  }

  /**
   * Largest safetensors JSON header accepted, in bytes. Default 100,000,000: the limit of the
   * reference implementation. A safetensors header of 100 MB describes millions of tensors; a
   * header length field beyond the file's size is rejected whatever this cap.
   *
   * @return the cap
   */
  public long maxSafetensorsHeaderBytes() {
    return maxSafetensorsHeaderBytes;
  }

  /**
   * Largest {@code .npy} header accepted, in bytes (also inside {@code .npz}). Default 10,000:
   * NumPy's own {@code max_header_size} default for {@code np.load}.
   *
   * @return the cap
   */
  public int maxNpyHeaderBytes() {
    return maxNpyHeaderBytes;
  }

  /**
   * Most entries an {@code .npz} archive may have. Default 65,536.
   *
   * @return the cap
   */
  public int maxNpzEntries() {
    return maxNpzEntries;
  }

  /**
   * Most bytes the {@code .npy} entries of an {@code .npz} archive may expand to in total,
   * stored and deflated alike (the zip-bomb cap). Default 4 GiB.
   *
   * @return the cap
   */
  public long maxNpzTotalBytes() {
    return maxNpzTotalBytes;
  }

  /**
   * Largest ratio of an {@code .npz} entry's uncompressed size to its compressed size. Default
   * 1032, the most DEFLATE can achieve at all (an array of zeros compresses to about 1:1000), so
   * the default rejects only entries whose declared size their data cannot produce; lower it to
   * refuse highly compressed entries outright.
   *
   * @return the cap
   */
  public int maxNpzCompressionRatio() {
    return maxNpzCompressionRatio;
  }

  /**
   * A copy with another safetensors header cap.
   *
   * @param value the new cap in bytes, {@code >= 1}
   * @return a copy with this cap
   * @throws IllegalArgumentException if not positive
   */
  public ReadOptions withMaxSafetensorsHeaderBytes(long value) {
    return new ReadOptions(value, maxNpyHeaderBytes, maxNpzEntries, maxNpzTotalBytes,
        maxNpzCompressionRatio);
  }

  /**
   * A copy with another {@code .npy} header cap.
   *
   * @param value the new cap in bytes, {@code >= 1}
   * @return a copy with this cap
   * @throws IllegalArgumentException if not positive
   */
  public ReadOptions withMaxNpyHeaderBytes(int value) {
    return new ReadOptions(maxSafetensorsHeaderBytes, value, maxNpzEntries, maxNpzTotalBytes,
        maxNpzCompressionRatio);
  }

  /**
   * A copy with another {@code .npz} entry count cap.
   *
   * @param value the new cap, {@code >= 1}
   * @return a copy with this cap
   * @throws IllegalArgumentException if not positive
   */
  public ReadOptions withMaxNpzEntries(int value) {
    return new ReadOptions(maxSafetensorsHeaderBytes, maxNpyHeaderBytes, value, maxNpzTotalBytes,
        maxNpzCompressionRatio);
  }

  /**
   * A copy with another cap on the total uncompressed size of an {@code .npz}.
   *
   * @param value the new cap in bytes, {@code >= 1}
   * @return a copy with this cap
   * @throws IllegalArgumentException if not positive
   */
  public ReadOptions withMaxNpzTotalBytes(long value) {
    return new ReadOptions(maxSafetensorsHeaderBytes, maxNpyHeaderBytes, maxNpzEntries, value,
        maxNpzCompressionRatio);
  }

  /**
   * A copy with another cap on the compression ratio of {@code .npz} entries.
   *
   * @param value the new cap, {@code >= 1}
   * @return a copy with this cap
   * @throws IllegalArgumentException if not positive
   */
  public ReadOptions withMaxNpzCompressionRatio(int value) {
    return new ReadOptions(maxSafetensorsHeaderBytes, maxNpyHeaderBytes, maxNpzEntries,
        maxNpzTotalBytes, value);
  }

  @Override
  public String toString() {
    return "ReadOptions[maxSafetensorsHeaderBytes=" + maxSafetensorsHeaderBytes
        + ", maxNpyHeaderBytes=" + maxNpyHeaderBytes + ", maxNpzEntries=" + maxNpzEntries
        + ", maxNpzTotalBytes=" + maxNpzTotalBytes + ", maxNpzCompressionRatio="
        + maxNpzCompressionRatio + "]";
  }
}
