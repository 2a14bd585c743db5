package dev.jgrad.kernels;

/**
 * Per-thread scratch arrays for packing in GEMM, reused across calls so a training step does not
 * allocate (and garbage-collect) a megabyte of packed panels per matrix product. Contents are
 * undefined on return; callers overwrite every element they read. One slot per use so no two
 * uses in one product alias.
 */
final class Scratch {
  private Scratch() {}

  private static final class Slots {
    float[][] f = new float[4][0];
    double[][] d = new double[4][0];
  }

  private static final ThreadLocal<Slots> SLOTS = ThreadLocal.withInitial(Slots::new);

  /** Slot 0: packed B panels; 1: packed A blocks; 2: a gathered GEMV x; 3: a GEMV y buffer. */
  static float[] floats(int slot, int n) {
    Slots s = SLOTS.get();
    if (s.f[slot].length < n) {
      s.f[slot] = new float[n];
    }
    return s.f[slot];
  }

  static double[] doubles(int slot, int n) {
    Slots s = SLOTS.get();
    if (s.d[slot].length < n) {
      s.d[slot] = new double[n];
    }
    return s.d[slot];
  }
}
