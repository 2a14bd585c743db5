package dev.jgrad.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntBinaryOperator;

/**
 * The shared worker pool for large kernels. Thread count: {@code -Djgrad.threads=N}, or
 * {@link #setThreads}, default the available processors. Work is split into contiguous ranges,
 * one per thread, the caller taking the first; small problems stay on the caller's thread.
 */
public final class Parallel {
  private Parallel() {}

  private static volatile int threads = initialThreads();
  /**
   * Workers, at least {@code threads - 1} of them. Never shut down: a product that read the
   * previous pool keeps submitting to it safely; a pool that is replaced (only ever by a larger
   * one) lets its idle threads end after the pool's keep-alive time.
   */
  private static volatile ForkJoinPool pool;

  /** The pool's threads, so a kernel running on one of them runs nested work inline. */
  private static final class Worker extends ForkJoinWorkerThread {
    Worker(ForkJoinPool p) {
      super(p);
      setDaemon(true);
      setName("jgrad-" + getPoolIndex());
    }
  }

  private static int initialThreads() {
    String p = System.getProperty("jgrad.threads");
    int n;
    try {
      n = p == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(p.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("jgrad.threads must be an integer >= 1, got '" + p + "'");
    }
    if (n < 1) {
      throw new IllegalArgumentException("jgrad.threads must be >= 1, got " + p);
    }
    return n;
  }

  /** Current thread count (>= 1). */
  public static int threads() {
    return threads;
  }

  /**
   * Sets the thread count used by kernel calls that start after this returns. Safe at any time:
   * calls already running finish with the split they started with.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads: must be >= 1, got " + n);
    }
    threads = n;
  }

  private static ForkJoinPool pool(int workers) {
    ForkJoinPool p = pool;
    if (p == null || p.getParallelism() < workers) {
      synchronized (Parallel.class) {
        p = pool;
        if (p == null || p.getParallelism() < workers) {
          p = new ForkJoinPool(workers, Worker::new, null, false);
          pool = p;
        }
      }
    }
    return p;
  }

  /**
   * Runs {@code body(start, end)} over a split of {@code [0, n)} into at most
   * {@link #threads()} ranges whose boundaries are multiples of {@code grain}; returns when all
   * are done. Exceptions propagate.
   */
  public static void forRange(int n, int grain, IntBinaryOperator body) {
    int t = threads;  // read once: a concurrent setThreads must not change this call's split
    int chunks = Math.min(t, (n + grain - 1) / grain);
    if (chunks <= 1 || Thread.currentThread() instanceof Worker) {
      body.applyAsInt(0, n);
      return;
    }
    int per = ((n + chunks - 1) / chunks + grain - 1) / grain * grain;
    ForkJoinPool p = pool(chunks - 1);
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks];
    for (int c = 1; c < chunks; c++) {
      int s = c * per;
      int e = Math.min(n, s + per);
      if (s >= e) {
        break;
      }
      tasks[c] = p.submit(() -> body.applyAsInt(s, e));
    }
    body.applyAsInt(0, Math.min(n, per));
    for (ForkJoinTask<?> task : tasks) {
      if (task != null) {
        task.join();
      }
    }
  }
}
