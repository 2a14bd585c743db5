package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.kernels.MatMul;
import dev.jgrad.kernels.Parallel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The kernels' thread pool under a changing thread count. */
class ParallelTest {

  @Test
  void changingTheThreadCountWhileAnotherThreadMultipliesNeverFailsAProduct() throws Exception {
    int n = 170;  // n³ = 4.9M multiply-adds: above the split threshold, so products use the pool
    SplittableRandom r = new SplittableRandom(3);
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextDouble(-1, 1);
      b[i] = (float) r.nextDouble(-1, 1);
    }
    float[] expected = new float[n * n];
    MatMul.gemm(a, 0, false, b, 0, false, expected, 0, n, n, n);
    int before = Backend.threads();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean done = new AtomicBoolean();
    Thread toggler = new Thread(() -> {
      int t = 1;
      while (!done.get()) {
        Backend.setThreads(t);
        t = 3 - t;
        Thread.onSpinWait();
      }
    });
    toggler.start();
    try {
      for (int i = 0; i < 400; i++) {
        float[] c = new float[n * n];
        try {
          MatMul.gemm(a, 0, false, b, 0, false, c, 0, n, n, n);
          // Each row of C is computed by one thread with the same code, whatever the split.
          assertArrayEquals(expected, c, "product " + i);
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
    } finally {
      done.set(true);
      toggler.join();
      Backend.setThreads(before);
    }
    assertTrue(failures.isEmpty(), () -> failures.size() + " of 400 products failed, first: "
        + failures.get(0));
  }

  @Test
  void aThreadCountBelowOneIsRejectedAndLeavesTheCountAsItWas() {
    int before = Backend.threads();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Backend.setThreads(0));
    assertEquals("threads: must be >= 1, got 0", e.getMessage());
    assertEquals(before, Backend.threads());
  }

  @Test
  void theLowestRangesExceptionPropagatesAfterEveryRangeEnded() {
    int before = Backend.threads();
    Backend.setThreads(2);
    try {
      int[] visited = new int[100];
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> Parallel.forRange(100, 1, (s, t) -> {
            for (int i = s; i < t; i++) visited[i]++;
            if (s > 0) {
              throw new IllegalStateException("range " + s + ".." + t);
            }
            return 0;
          }));
      assertEquals("range 50..100", e.getMessage());
      for (int v : visited) {
        assertEquals(1, v, "every index visited exactly once");
      }
      // The workers are usable afterwards.
      int[] again = new int[100];
      Parallel.forRange(100, 1, (s, t) -> {
        for (int i = s; i < t; i++) again[i]++;
        return 0;
      });
      for (int v : again) {
        assertEquals(1, v);
      }
    } finally {
      Backend.setThreads(before);
    }
  }

  @Test
  void callsFromSeveralThreadsAtOnceAndNestedCallsAllComplete() throws Exception {
    int before = Backend.threads();
    Backend.setThreads(2);
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    Thread[] users = new Thread[4];
    try {
      for (int u = 0; u < users.length; u++) {
        users[u] = new Thread(() -> {
          try {
            for (int rep = 0; rep < 200; rep++) {
              int[][] cells = new int[64][64];
              Parallel.forRange(64, 1, (s, t) -> {
                for (int i = s; i < t; i++) {
                  int[] row = cells[i];
                  // Nested: on the caller's thread, or split when the workers are free.
                  Parallel.forRange(64, 1, (s2, t2) -> {
                    for (int j = s2; j < t2; j++) row[j] += j + 1;
                    return 0;
                  });
                }
                return 0;
              });
              for (int[] row : cells) {
                for (int j = 0; j < 64; j++) {
                  assertEquals(j + 1, row[j]);
                }
              }
            }
          } catch (Throwable t) {
            failures.add(t);
          }
        });
        users[u].start();
      }
      for (Thread t : users) {
        t.join();
      }
    } finally {
      Backend.setThreads(before);
    }
    assertTrue(failures.isEmpty(), () -> "first failure: " + failures.get(0));
  }
}
