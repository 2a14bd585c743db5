package dev.jgrad;

import dev.jgrad.kernels.Parallel;
import dev.jgrad.kernels.Simd;

/**
 * Kernel settings and facts: the thread count for large kernels (GEMM) and whether the SIMD
 * kernels are in use.
 *
 * <p>Threads default to the available processors; set them with {@code -Djgrad.threads=N} or
 * {@link #setThreads}. The SIMD (Vector API) kernels are used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; otherwise plain-Java kernels give the same results
 * (within float tolerance), more slowly, and the library logs that once at INFO level.
 */
public final class Backend {
  private Backend() {}

  /** Threads used by large kernels (>= 1). */
  public static int threads() {
    return Parallel.threads();
  }

  /**
   * Sets the threads used by later kernel calls.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static void setThreads(int n) {
    Parallel.setThreads(n);
  }

  /** True when the Vector API kernels are in use. */
  public static boolean isVectorized() {
    return Simd.AVAILABLE;
  }
}
