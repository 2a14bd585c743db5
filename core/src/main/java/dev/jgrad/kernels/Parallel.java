package dev.jgrad.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntBinaryOperator;

/**
 * The shared worker pool for large kernels. Thread count: {@code -Djgrad.threads=N}, or
 * {@link #setThreads}, default the available processors. Work is split into contiguous ranges,
 * one per thread, the caller taking the first; small problems stay on the caller's thread.
 */
public final class Parallel {
  private Parallel() {}

  private static volatile int threads = initialThreads();
  private static volatile ForkJoinPool pool;

  private static int initialThreads() {
    String p = System.getProperty("jgrad.threads");
    int n = p == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(p.trim());
    if (n < 1) {
      throw new IllegalArgumentException("jgrad.threads must be >= 1, got " + p);
    }
    return n;
  }

  /** Current thread count (>= 1). */
  public static int threads() {
    return threads;
  }

  /** Sets the thread count used by later kernel calls. */
  public static synchronized void setThreads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads: must be >= 1, got " + n);
    }
    if (n != threads) {
      threads = n;
      ForkJoinPool old = pool;
      pool = null;
      if (old != null) {
        old.shutdown();
      }
    }
  }

  private static ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (Parallel.class) {
        if (pool == null) {
          pool = new ForkJoinPool(threads, pl -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pl);
            t.setDaemon(true);
            t.setName("jgrad-" + t.getPoolIndex());
            return t;
          }, null, false);
        }
        p = pool;
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
    int t = threads;
    int chunks = Math.min(t, (n + grain - 1) / grain);
    Thread me = Thread.currentThread();
    boolean nested = me instanceof java.util.concurrent.ForkJoinWorkerThread
        && ((java.util.concurrent.ForkJoinWorkerThread) me).getPool() == pool;
    if (chunks <= 1 || nested) {
      body.applyAsInt(0, n);
      return;
    }
    int per = ((n + chunks - 1) / chunks + grain - 1) / grain * grain;
    ForkJoinPool p = pool();
    ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks];
    int started = 0;
    for (int c = 1; c < chunks; c++) {
      int s = c * per;
      int e = Math.min(n, s + per);
      if (s >= e) {
        break;
      }
      tasks[started++] = p.submit(() -> body.applyAsInt(s, e));
    }
    body.applyAsInt(0, Math.min(n, per));
    for (int i = 0; i < started; i++) {
      tasks[i].join();
    }
  }
}
