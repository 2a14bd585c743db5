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
 *
 * <p>Products that stream operands of several megabytes are limited by memory; on Linux the JVM
 * flag {@code -XX:+UseTransparentHugePages} (with transparent huge pages set to {@code madvise}
 * or {@code always}) lets the hardware prefetchers run past 4 KB page boundaries and made such
 * products up to 1.7× faster on the project's machine. A library cannot set it for its JVM.
 */
public final class Backend {
  private Backend() {}

  /**
   * Threads used by large kernels (>= 1).
   *
   * @return the process-wide thread count that kernel calls starting now split their work into
   *     (at most): the last {@link #setThreads} value, else {@code -Djgrad.threads}, else the
   *     available processors
   */
  public static int threads() {
    return Parallel.threads();
  }

  /**
   * Sets the threads used by later kernel calls. The setting is process-wide (all threads) and
   * safe at any time: calls already running finish with the split they started with.
   *
   * @param n the number of threads a large kernel may split its work into, {@code >= 1} (1 runs
   *     every kernel on the calling thread)
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static void setThreads(int n) {
    Parallel.setThreads(n);
  }

  /**
   * True when the Vector API kernels are in use.
   *
   * @return true if the JVM runs with {@code jdk.incubator.vector}, {@code -Djgrad.simd=false} is
   *     not set and the SIMD kernels passed their start-up check; false if the plain-Java kernels
   *     are used. Decided once, when the kernels are first loaded, for the life of the JVM
   */
  public static boolean isVectorized() {
    return Simd.AVAILABLE;
  }
}
