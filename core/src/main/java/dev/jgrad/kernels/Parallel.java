package dev.jgrad.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntBinaryOperator;

/**
 * The shared workers for large kernels. Thread count: {@code -Djgrad.threads=N}, or
 * {@link #setThreads}, default the available processors. Work is split into contiguous ranges,
 * one per thread, the caller taking the first; small problems stay on the caller's thread.
 *
 * <p>A training step is a chain of products of a few hundred microseconds each, so the cost of
 * handing out work matters as much as the split: a worker that finished a range waits busily
 * for the next one for {@value #SPIN_NANOS} ns before it parks (as OpenMP runtimes do), and the
 * caller waits busily for the others' ranges the same way. While one thread's call uses the
 * workers, a call from another thread (or a nested call) runs on its caller's thread alone.
 */
public final class Parallel {
  private Parallel() {}

  private static volatile int threads = initialThreads();
  /** How long a worker, or a caller, waits busily before parking. */
  private static final long SPIN_NANOS = 1_000_000;
  /** Held by the one call that is using the workers. */
  private static final AtomicBoolean BUSY = new AtomicBoolean();
  /** Started lazily, never stopped (daemons, parked when idle); grows with the thread count. */
  private static final List<Worker> WORKERS = new ArrayList<>();

  /** One range of one call. */
  private static final class Job {
    final IntBinaryOperator body;
    final int start;
    final int end;
    volatile boolean done;
    Throwable error;

    Job(IntBinaryOperator body, int start, int end) {
      this.body = body;
      this.start = start;
      this.end = end;
    }

    void run() {
      try {
        body.applyAsInt(start, end);
      } catch (Throwable t) {
        error = t;
      } finally {
        done = true;
      }
    }

    /** Busy-waits, then sleeps in short naps, until the job is done. */
    void await() {
      long deadline = System.nanoTime() + SPIN_NANOS;
      while (!done) {
        if (System.nanoTime() < deadline) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(20_000);
        }
      }
    }
  }

  private static final class Worker extends Thread {
    private volatile Job job;
    private volatile boolean sleeping;

    Worker(int index) {
      super("jgrad-" + index);
      setDaemon(true);
    }

    void submit(Job j) {
      job = j;
      if (sleeping) { // job and sleeping are volatile: one side always sees the other's write
        LockSupport.unpark(this);
      }
    }

    @Override
    public void run() {
      while (true) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        Job j;
        while ((j = job) == null && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        if (j == null) {
          sleeping = true;
          while ((j = job) == null) {
            LockSupport.park(this);
          }
          sleeping = false;
        }
        job = null; // before done: the caller may hand out the next job as soon as it sees done
        j.run();
      }
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

  /**
   * Runs {@code body(start, end)} over a split of {@code [0, n)} into at most
   * {@link #threads()} ranges whose boundaries are multiples of {@code grain}; returns when all
   * are done. The first exception a range throws propagates (after every range has ended).
   */
  public static void forRange(int n, int grain, IntBinaryOperator body) {
    int t = threads;  // read once: a concurrent setThreads must not change this call's split
    int chunks = Math.min(t, (n + grain - 1) / grain);
    if (chunks <= 1 || Thread.currentThread() instanceof Worker || !BUSY.compareAndSet(false,
        true)) {
      body.applyAsInt(0, n);
      return;
    }
    try {
      int per = ((n + chunks - 1) / chunks + grain - 1) / grain * grain;
      while (WORKERS.size() < chunks - 1) { // only the BUSY holder touches WORKERS
        Worker w = new Worker(WORKERS.size() + 1);
        w.start();
        WORKERS.add(w);
      }
      Job[] jobs = new Job[chunks];
      for (int c = 1; c < chunks; c++) {
        int s = c * per;
        int e = Math.min(n, s + per);
        if (s < e) {
          jobs[c] = new Job(body, s, e);
          WORKERS.get(c - 1).submit(jobs[c]);
        }
      }
      jobs[0] = new Job(body, 0, Math.min(n, per));
      jobs[0].run();
      Throwable error = null;
      for (Job j : jobs) {
        if (j != null) {
          j.await();
          error = error == null ? j.error : error;
        }
      }
      if (error instanceof RuntimeException) {
        throw (RuntimeException) error;
      } else if (error instanceof Error) {
        throw (Error) error;
      } else if (error != null) {
        throw new IllegalStateException(error);
      }
    } finally {
      BUSY.set(false);
    }
  }
}
