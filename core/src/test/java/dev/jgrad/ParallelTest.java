package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.kernels.MatMul;
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
    int n = 160;  // n³ = 4M multiply-adds: above the split threshold, so products use the pool
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
}
