package dev.jgrad.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntBinaryOperator;

/**
 * The shared workers for large kernels. Thread count: {@code -Djgrad.threads=N}, or
 * {@link #setThreads}, default the available processors. Small problems stay on the caller's
 * thread; a large one is cut into one contiguous chunk per thread, of sizes as equal as the
 * grain allows, which the caller and the workers claim in order until none is left. (Two or
 * more chunks per thread rebalanced no better next to a busy process and cost up to 18% on
 * shapes whose every chunk repacks an operand.)
 *
 * <p>Claiming, not assigning, keeps a second thread from making a call much slower than one
 * thread: on a machine shared with other processes a worker may wait milliseconds for a core,
 * and a fixed half of the work waited with it (next to one busy process on two cores, a training
 * step's median went from 1.0 ms on one thread to 9 ms on two). A worker that is not running
 * claims nothing, so the others do its chunks, and a busy wait yields its core after 20
 * µs so the thread it waits for can run. Which thread runs a chunk never changes a
 * result: every kernel computes each output the same way in any chunk.
 *
 * <p>A training step is a chain of products of a few hundred microseconds each, so the cost of
 * handing out work matters as much as the split: a worker that finished waits busily for the
 * next call for {@value #SPIN_NANOS} ns before it parks (as OpenMP runtimes do), and the caller
 * waits busily for chunks still running the same way. While one thread's call uses the workers,
 * a call from another thread (or a nested call) runs on its caller's thread alone.
 */
public final class Parallel {
  private Parallel() {}

  private static volatile int threads = initialThreads();
  /** How long a worker, or a caller, waits busily before parking. */
  private static final long SPIN_NANOS = 1_000_000;
  /** How long a busy wait spins before it starts yielding the core. */
  private static final long SPIN_YIELD_NANOS = 20_000;
  /** Held by the one call that is using the workers. */
  private static final AtomicBoolean BUSY = new AtomicBoolean();
  /** Started lazily, never stopped (daemons, parked when idle); grows with the thread count. */
  private static final List<Worker> WORKERS = new ArrayList<>();

  /**
   * One call: [0, n) in {@code chunks} ranges of {@code units} grains as equal as can be (chunk c
   * starts at grain {@code c·units/chunks}), claimed in order by whoever is free.
   */
  private static final class Job {
    final IntBinaryOperator body;
    final int n;
    final int grain;
    final int units;
    final int chunks;
    final AtomicInteger next = new AtomicInteger();
    /** Chunks that have ended; its increment publishes the chunk's writes to the caller. */
    final AtomicInteger ended = new AtomicInteger();
    /** The exception of the lowest-numbered chunk that threw, so which one is reported is fixed. */
    private Throwable error;
    private int errorChunk = Integer.MAX_VALUE;

    Job(IntBinaryOperator body, int n, int grain, int units, int chunks) {
      this.body = body;
      this.n = n;
      this.grain = grain;
      this.units = units;
      this.chunks = chunks;
    }

    private int start(int c) {
      return c == chunks ? n : (int) ((long) c * units / chunks) * grain;
    }

    /** Runs chunks until none is left to claim. */
    void work() {
      for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
        try {
          body.applyAsInt(start(c), start(c + 1));
        } catch (Throwable t) {
          failed(c, t);
        } finally {
          ended.incrementAndGet();
        }
      }
    }

    private synchronized void failed(int c, Throwable t) {
      if (c < errorChunk) {
        errorChunk = c;
        error = t;
      }
    }

    /** Busy-waits, then sleeps in short naps, until every chunk has ended. */
    void await() {
      long start = System.nanoTime();
      while (ended.get() < chunks) {
        pause(start);
      }
    }

    synchronized Throwable error() {
      return error;
    }
  }

  private static final class Worker extends Thread {
    /** The call to help with; cleared by the worker only if it is still that call. */
    private final AtomicReference<Job> job = new AtomicReference<>();
    private volatile boolean sleeping;

    Worker(int index) {
      super("jgrad-" + index);
      setDaemon(true);
    }

    void submit(Job j) {
      job.set(j);
      if (sleeping) { // job and sleeping are volatile: one side always sees the other's write
        LockSupport.unpark(this);
      }
    }

    @Override
    public void run() {
      while (true) {
        long start = System.nanoTime();
        Job j;
        while ((j = job.get()) == null && System.nanoTime() - start < SPIN_NANOS) {
          pause(start);
        }
        if (j == null) {
          sleeping = true;
          while ((j = job.get()) == null) {
            LockSupport.park(this);
          }
          sleeping = false;
        }
        // A late worker may find its call already done by the others and a newer one submitted
        // meanwhile: clearing only its own keeps the newer one.
        job.compareAndSet(j, null);
        j.work();
      }
    }
  }

  /**
   * One step of a busy wait that began at {@code start}: a spin hint for the first
   * {@value #SPIN_YIELD_NANOS} ns, then a yield of the core (free when nothing else wants it; on
   * a busy machine it lets the thread being waited for run), then, after {@value #SPIN_NANOS} ns,
   * short naps.
   */
  private static void pause(long start) {
    long waited = System.nanoTime() - start;
    if (waited < SPIN_YIELD_NANOS) {
      Thread.onSpinWait();
    } else if (waited < SPIN_NANOS) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(20_000);
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
   * Runs {@code body(start, end)} over contiguous ranges that cover {@code [0, n)} exactly once,
   * with boundaries at multiples of {@code grain}; returns when all have ended. At most
   * {@link #threads()} threads run them, the caller among them; a thread may run several ranges.
   * Every range runs even when one throws; then the exception of the lowest range that threw
   * propagates.
   */
  public static void forRange(int n, int grain, IntBinaryOperator body) {
    int t = threads;  // read once: a concurrent setThreads must not change this call's split
    int units = (n + grain - 1) / grain;
    int helpers = Math.min(t, units) - 1;
    if (helpers <= 0 || Thread.currentThread() instanceof Worker || !BUSY.compareAndSet(false,
        true)) {
      body.applyAsInt(0, n);
      return;
    }
    try {
      int chunks = helpers + 1;
      Job job = new Job(body, n, grain, units, chunks);
      while (WORKERS.size() < helpers) { // only the BUSY holder touches WORKERS
        Worker w = new Worker(WORKERS.size() + 1);
        w.start();
        WORKERS.add(w);
      }
      for (int h = 0; h < helpers; h++) {
        WORKERS.get(h).submit(job);
      }
      job.work();
      job.await();
      Throwable error = job.error();
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
