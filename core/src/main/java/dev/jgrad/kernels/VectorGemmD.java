package dev.jgrad.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 GEMM on the JDK's Vector API — the same code as {@link VectorGemmF} with double for
 * float (Java generics cannot range over primitive arrays); change both together. Loaded only
 * when {@code jdk.incubator.vector} is present; see {@link Simd}. Goto/BLIS structure: op(B) is packed once into panels of
 * {@code NR = 2} vectors, each thread packs {@code MC x KC} blocks of op(A) into {@code MR = 6}-row
 * slivers, and a register-tiled 6 x 2-vector micro-kernel (12 accumulators, fits 16 registers)
 * runs the FMAs.
 */
final class VectorGemmD {
  private VectorGemmD() {}

  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final int MR = 6;
  static final int NR = 2 * L;
  static final int KC = 256;
  static final int MC = 96;

  /**
   * Packs op(B) [k, m] into NR-wide column panels, zero-padded: panel j holds [k][NR]. Returns the
   * calling thread's scratch buffer (valid until its next packB). Large B is packed by all
   * threads, one range of panels each, so packing is not a serial step before the product.
   */
  static double[] packB(double[] b, int bo, boolean tb, int k, int m, boolean parallel) {
    int panels = (m + NR - 1) / NR;
    double[] p = Scratch.doubles(0, panels * k * NR);
    if (parallel) {
      Parallel.forRange(panels, 1, (p0, p1) -> {
        packPanels(b, bo, tb, k, m, p, p0, p1);
        return 0;
      });
    } else {
      packPanels(b, bo, tb, k, m, p, 0, panels);
    }
    return p;
  }

  private static void packPanels(double[] b, int bo, boolean tb, int k, int m, double[] p, int p0,
      int p1) {
    for (int jp = p0; jp < p1; jp++) {
      int j0 = jp * NR;
      int w = Math.min(NR, m - j0);
      int base = jp * k * NR;
      for (int q = 0; q < k; q++) {
        int dst = base + q * NR;
        if (!tb) {
          System.arraycopy(b, bo + q * m + j0, p, dst, w);
        } else {
          for (int j = 0; j < w; j++) p[dst + j] = b[bo + (j0 + j) * k + q];
        }
        for (int j = w; j < NR; j++) p[dst + j] = 0.0; // the scratch buffer is reused
      }
    }
  }

  /**
   * Rows [r0, r1) of C = op(A)·op(B) given the packed B ({@link #packB}); C rows overwritten.
   */
  static void rows(double[] a, int ao, boolean ta, double[] bp, double[] c, int co, int n, int k,
      int m, int r0, int r1) {
    double[] ap = Scratch.doubles(1, MC * KC);
    double[] edge = new double[MR * NR];
    int panels = (m + NR - 1) / NR;
    if (k == 0) {
      for (int i = r0; i < r1; i++) java.util.Arrays.fill(c, co + i * m, co + (i + 1) * m, 0.0);
      return;
    }
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      boolean first = pc == 0;
      for (int ic = r0; ic < r1; ic += MC) {
        int mc = Math.min(MC, r1 - ic);
        // Pack A block [ic, ic+mc) x [pc, pc+kc) into MR-row slivers, p-major.
        for (int ir = 0; ir < mc; ir += MR) {
          int base = ir * kc;
          int h = Math.min(MR, mc - ir);
          if (ta) { // A stored [k, n]: a sliver's MR values at one q are adjacent
            for (int q = 0; q < kc; q++) {
              int dst = base + q * MR;
              int src = ao + (pc + q) * n + ic + ir;
              for (int r = 0; r < MR; r++) {
                ap[dst + r] = r < h ? a[src + r] : 0.0;
              }
            }
          } else { // A stored [n, k]: read each row sequentially
            for (int r = 0; r < MR; r++) {
              int src = ao + (ic + ir + r) * k + pc;
              for (int q = 0; q < kc; q++) {
                ap[base + q * MR + r] = r < h ? a[src + q] : 0.0;
              }
            }
          }
        }
        for (int jp = 0; jp < panels; jp++) {
          int j0 = jp * NR;
          int w = Math.min(NR, m - j0);
          int bbase = jp * k * NR + pc * NR;
          for (int ir = 0; ir < mc; ir += MR) {
            int h = Math.min(MR, mc - ir);
            int row = ic + ir;
            if (h == MR && w == NR) {
              tile(ap, ir * kc, bp, bbase, kc, c, co + row * m + j0, m, first);
            } else {
              // Edge tile: compute into a zeroed buffer, then add/copy the valid h x w part.
              java.util.Arrays.fill(edge, 0.0);
              tile(ap, ir * kc, bp, bbase, kc, edge, 0, NR, true);
              for (int r = 0; r < h; r++) {
                int o = co + (row + r) * m + j0;
                for (int j = 0; j < w; j++) {
                  c[o + j] = first ? edge[r * NR + j] : c[o + j] + edge[r * NR + j];
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * The micro-kernel: {@code C[o.., ldc] (+)= A sliver (MR x kc) · B panel (kc x NR)}. All vector
   * values stay inside this method (a vector crossing a non-inlined call is boxed); being small
   * and hot, it is compiled by C2 early.
   */
  private static void tile(double[] ap, int ai, double[] bp, int bi, int kc, double[] c, int o,
      int ldc, boolean overwrite) {
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = DoubleVector.zero(S);
    DoubleVector c10 = DoubleVector.zero(S);
    DoubleVector c11 = DoubleVector.zero(S);
    DoubleVector c20 = DoubleVector.zero(S);
    DoubleVector c21 = DoubleVector.zero(S);
    DoubleVector c30 = DoubleVector.zero(S);
    DoubleVector c31 = DoubleVector.zero(S);
    DoubleVector c40 = DoubleVector.zero(S);
    DoubleVector c41 = DoubleVector.zero(S);
    DoubleVector c50 = DoubleVector.zero(S);
    DoubleVector c51 = DoubleVector.zero(S);
    for (int q = 0; q < kc; q++, ai += MR, bi += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + 4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + 5]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    if (!overwrite) {
      c00 = c00.add(DoubleVector.fromArray(S, c, o));
      c01 = c01.add(DoubleVector.fromArray(S, c, o + L));
      c10 = c10.add(DoubleVector.fromArray(S, c, o + ldc));
      c11 = c11.add(DoubleVector.fromArray(S, c, o + ldc + L));
      c20 = c20.add(DoubleVector.fromArray(S, c, o + 2 * ldc));
      c21 = c21.add(DoubleVector.fromArray(S, c, o + 2 * ldc + L));
      c30 = c30.add(DoubleVector.fromArray(S, c, o + 3 * ldc));
      c31 = c31.add(DoubleVector.fromArray(S, c, o + 3 * ldc + L));
      c40 = c40.add(DoubleVector.fromArray(S, c, o + 4 * ldc));
      c41 = c41.add(DoubleVector.fromArray(S, c, o + 4 * ldc + L));
      c50 = c50.add(DoubleVector.fromArray(S, c, o + 5 * ldc));
      c51 = c51.add(DoubleVector.fromArray(S, c, o + 5 * ldc + L));
    }
    c00.intoArray(c, o);
    c01.intoArray(c, o + L);
    c10.intoArray(c, o + ldc);
    c11.intoArray(c, o + ldc + L);
    c20.intoArray(c, o + 2 * ldc);
    c21.intoArray(c, o + 2 * ldc + L);
    c30.intoArray(c, o + 3 * ldc);
    c31.intoArray(c, o + 3 * ldc + L);
    c40.intoArray(c, o + 4 * ldc);
    c41.intoArray(c, o + 4 * ldc + L);
    c50.intoArray(c, o + 5 * ldc);
    c51.intoArray(c, o + 5 * ldc + L);
  }
}
