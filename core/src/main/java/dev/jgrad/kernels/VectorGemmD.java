package dev.jgrad.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 GEMM on the JDK's Vector API (loaded only when {@code jdk.incubator.vector} is
 * present; see {@link Simd}). Goto/BLIS structure: op(B) is packed once into panels of
 * {@code NR = 2} vectors, each thread packs {@code MC x KC} blocks of op(A) into {@code MR = 6}-row
 * slivers, and a register-tiled 6 x 2-vector micro-kernel (12 accumulators, fits 16 registers)
 * runs the FMAs. Written out inline because a vector passed to a method C2 does not inline is
 * boxed.
 */
final class VectorGemmD {
  private VectorGemmD() {}

  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final int MR = 6;
  static final int NR = 2 * L;
  static final int KC = 256;
  static final int MC = 96;

  /** Packs op(B) [k, m] into NR-wide column panels, zero-padded: panel j holds [k][NR]. */
  static double[] packB(double[] b, int bo, boolean tb, int k, int m) {
    int panels = (m + NR - 1) / NR;
    double[] p = new double[panels * k * NR];
    for (int jp = 0; jp < panels; jp++) {
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
      }
    }
    return p;
  }

  /**
   * Rows [r0, r1) of C = op(A)·op(B) given the packed B ({@link #packB}); C rows overwritten.
   */
  static void rows(double[] a, int ao, boolean ta, double[] bp, double[] c, int co, int n, int k,
      int m, int r0, int r1) {
    double[] ap = new double[MC * KC];
    double[] tile = new double[MR * NR];
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
          for (int q = 0; q < kc; q++) {
            int dst = base + q * MR;
            for (int r = 0; r < MR; r++) {
              int i = ic + ir + r;
              ap[dst + r] = r >= h ? 0.0 : ta ? a[ao + (pc + q) * n + i] : a[ao + i * k + pc + q];
            }
          }
        }
        for (int jp = 0; jp < panels; jp++) {
          int j0 = jp * NR;
          int w = Math.min(NR, m - j0);
          int bbase = jp * k * NR + pc * NR;
          for (int ir = 0; ir < mc; ir += MR) {
            int h = Math.min(MR, mc - ir);
            int abase = ir * kc;
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
            int ai = abase;
            int bi = bbase;
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
            int row = ic + ir;
            if (h == MR && w == NR) {
              int o = co + row * m + j0;
              if (!first) {
                c00 = c00.add(DoubleVector.fromArray(S, c, o));
                c01 = c01.add(DoubleVector.fromArray(S, c, o + L));
                c10 = c10.add(DoubleVector.fromArray(S, c, o + m));
                c11 = c11.add(DoubleVector.fromArray(S, c, o + m + L));
                c20 = c20.add(DoubleVector.fromArray(S, c, o + 2 * m));
                c21 = c21.add(DoubleVector.fromArray(S, c, o + 2 * m + L));
                c30 = c30.add(DoubleVector.fromArray(S, c, o + 3 * m));
                c31 = c31.add(DoubleVector.fromArray(S, c, o + 3 * m + L));
                c40 = c40.add(DoubleVector.fromArray(S, c, o + 4 * m));
                c41 = c41.add(DoubleVector.fromArray(S, c, o + 4 * m + L));
                c50 = c50.add(DoubleVector.fromArray(S, c, o + 5 * m));
                c51 = c51.add(DoubleVector.fromArray(S, c, o + 5 * m + L));
              }
              c00.intoArray(c, o);
              c01.intoArray(c, o + L);
              c10.intoArray(c, o + m);
              c11.intoArray(c, o + m + L);
              c20.intoArray(c, o + 2 * m);
              c21.intoArray(c, o + 2 * m + L);
              c30.intoArray(c, o + 3 * m);
              c31.intoArray(c, o + 3 * m + L);
              c40.intoArray(c, o + 4 * m);
              c41.intoArray(c, o + 4 * m + L);
              c50.intoArray(c, o + 5 * m);
              c51.intoArray(c, o + 5 * m + L);
            } else {
              // Edge tile: spill to a buffer, then copy the valid h x w part.
              c00.intoArray(tile, 0);
              c01.intoArray(tile, L);
              c10.intoArray(tile, NR);
              c11.intoArray(tile, NR + L);
              c20.intoArray(tile, 2 * NR);
              c21.intoArray(tile, 2 * NR + L);
              c30.intoArray(tile, 3 * NR);
              c31.intoArray(tile, 3 * NR + L);
              c40.intoArray(tile, 4 * NR);
              c41.intoArray(tile, 4 * NR + L);
              c50.intoArray(tile, 5 * NR);
              c51.intoArray(tile, 5 * NR + L);
              for (int r = 0; r < h; r++) {
                int o = co + (row + r) * m + j0;
                for (int j = 0; j < w; j++) {
                  c[o + j] = first ? tile[r * NR + j] : c[o + j] + tile[r * NR + j];
                }
              }
            }
          }
        }
      }
    }
  }
}
