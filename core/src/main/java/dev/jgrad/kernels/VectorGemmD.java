package dev.jgrad.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 matrix-product kernels on the JDK's Vector API (the float32 file, {@code ...F}, is
 * generated from the float64 one, {@code ...D}, by {@code core/gen-float-kernels.sh}). Loaded
 * only when {@code jdk.incubator.vector} is present; see {@link Simd}. {@link GemmD} picks the kernel.
 *
 * <p>GEMM follows Goto/BLIS: op(B) is packed into panels of {@code NR = 2} vectors, each task
 * packs {@code MC x KC} blocks of op(A) into {@code MR}-row slivers, and a register-tiled
 * MR x 2-vector micro-kernel runs the FMAs (MR = 12 on 512-bit vectors, 6 otherwise: as many
 * accumulators as the registers hold, so the broadcasts of A and the loop overhead are spread
 * over more FMAs). Operands are read through leading
 * dimensions, C through a row and a column stride (a unit column stride is stored directly, any
 * other through a small buffer), so transposed or strided operands are never copied whole.
 * GEMV needs no packing: a dot form for rows contiguous along k, an axpy form otherwise.
 */
final class VectorGemmD {
  private VectorGemmD() {}

  static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /**
   * Rows of the micro-kernel's register tile: 12 x 2 vectors (24 accumulators) where vectors are
   * 512 bits (x86 then has 32 vector registers), else 6 x 2 (12 of 16).
   */
  static final int MR = S.vectorBitSize() >= 512 ? 12 : 6;
  /** Longest row stride (elements) at which B is read in place instead of packed. */
  private static final int DIRECT_B_LD = 512;
  /** Rows of the kernel that reads A in place ({@link #tileA}). */
  private static final int AR = 6;
  static final int NR = 2 * L;
  static final int KC = 256;
  static final int MC = 96;
  /** Panels of B packed at a time when each thread packs its own (KC x NC, 512 KB). */
  static final int NCP = Math.max(1, (512 << 10) / (KC * NR * Double.BYTES));

  /**
   * Packs op(B) [k, m] ({@code op(B)[p, j] = tb ? b[bo + j·ldb + p] : b[bo + p·ldb + j]}) into
   * NR-wide column panels, zero-padded: panel j holds [k][NR]. Returns the calling thread's
   * scratch buffer (valid until its next packB). Large B is packed by all threads, one range of
   * panels each, so packing is not a serial step before the product.
   */
  static double[] packB(double[] b, int bo, int ldb, boolean tb, int k, int m, boolean parallel) {
    int panels = (m + NR - 1) / NR;
    double[] p = Scratch.doubles(0, panels * k * NR);
    if (parallel) {
      Parallel.forRange(panels, 1, (p0, p1) -> {
        packPanels(b, bo, ldb, tb, 0, k, m, p, p0, p1, 0);
        return 0;
      });
    } else {
      packPanels(b, bo, ldb, tb, 0, k, m, p, 0, panels, 0);
    }
    return p;
  }

  /**
   * Packs rows [q0, q0+kq) of panels [p0, p1) of op(B) into p, panel jp at
   * {@code (jp - first)·kq·NR}, row q of it NR values at {@code + q·NR}, zero-padded.
   */
  private static void packPanels(double[] b, int bo, int ldb, boolean tb, int q0, int kq, int m,
      double[] p, int p0, int p1, int first) {
    if (!tb) {
      // Whole panels eight rows at a time: b is read as eight streams along their rows, and each
      // panel's eight rows are written together. Panel by panel over all kq rows would read one
      // short piece per row, ldb apart: slow for a long ldb (a weight gradient's B).
      int whole = Math.max(p0, Math.min(p1, m / NR));
      for (int q = 0; q < kq; q += 8) {
        int qn = Math.min(8, kq - q);
        for (int jp = p0; jp < whole; jp++) {
          int src = bo + (q0 + q) * ldb + jp * NR;
          int dst = (jp - first) * kq * NR + q * NR;
          for (int r = 0; r < qn; r++, src += ldb, dst += NR) {
            DoubleVector.fromArray(S, b, src).intoArray(p, dst);
            DoubleVector.fromArray(S, b, src + L).intoArray(p, dst + L);
          }
        }
      }
      for (int jp = whole; jp < p1; jp++) { // the partial last panel, zero-padded
        int j0 = jp * NR;
        int w = m - j0;
        for (int q = 0; q < kq; q++) {
          int dst = (jp - first) * kq * NR + q * NR;
          int src = bo + (q0 + q) * ldb + j0;
          for (int j = 0; j < NR; j++) p[dst + j] = j < w ? b[src + j] : 0.0;
        }
      }
      return;
    }
    for (int jp = p0; jp < p1; jp++) {
      int j0 = jp * NR;
      int w = Math.min(NR, m - j0);
      int base = (jp - first) * kq * NR;
      int j = 0; // column j of op(B) is row j of b: four rows at a time, each read in order
      for (; j + 4 <= w; j += 4) {
        int s0 = bo + (j0 + j) * ldb + q0;
        int s1 = s0 + ldb;
        int s2 = s1 + ldb;
        int s3 = s2 + ldb;
        for (int q = 0, dst = base + j; q < kq; q++, dst += NR) {
          p[dst] = b[s0 + q];
          p[dst + 1] = b[s1 + q];
          p[dst + 2] = b[s2 + q];
          p[dst + 3] = b[s3 + q];
        }
      }
      for (; j < NR; j++) {
        int src = bo + (j0 + j) * ldb + q0;
        for (int q = 0; q < kq; q++) {
          p[base + q * NR + j] = j < w ? b[src + q] : 0.0;
        }
      }
    }
  }

  /**
   * Rows [r0, r1) x panels [p0, p1) of {@code C (+)= op(A)·op(B)}; C[i, j] is
   * {@code c[co + i·rsc + j·csc]}, added to when {@code acc}, else overwritten.
   * {@code op(A)[i, p] = ta ? a[ao + p·lda + i] : a[ao + i·lda + p]}, op(B) likewise from b;
   * k >= 1. {@code bp} is all of op(B) packed by {@link #packB} (shared by threads that divide
   * rows), or null: then B is packed here, {@code KC x NC} at a time into this thread's scratch,
   * so it is read from memory once, in row order. With {@code directA} (A not transposed),
   * op(A)'s full slivers are read in place: with few panels to share it, packing A would cost
   * more than the product.
   */
  static void block(double[] a, int ao, int lda, boolean ta, boolean directA, double[] b, int bo,
      int ldb, boolean tb, double[] bp, int n, int k, int m, double[] c, int co, int rsc,
      int csc, boolean acc, int r0, int r1, int p0, int p1) {
    double[] ap = Scratch.doubles(1, MC * KC);
    double[] edge = new double[MR * NR];
    int chunk = bp == null ? NCP : p1 - p0;
    double[] bb = bp == null ? Scratch.doubles(0, Math.min(chunk, p1 - p0) * KC * NR) : bp;
    // Few rows: each B value serves at most two slivers, so reading op(B)'s rows in place costs
    // less than packing them (tileA, for few columns, keeps its packed B), as long as its rows
    // are close enough for the prefetcher to follow (a long row stride is packed). A partial
    // last panel is read in place too (its extra columns are computed into the edge buffer and
    // dropped) unless that would read past b's end.
    boolean directB = bp == null && !tb && n <= 2 * MR && !directA && ldb <= DIRECT_B_LD;
    int partial = m % NR == 0 ? -1 : m / NR;
    for (int jc = p0; jc < p1; jc += chunk) {
      int jn = Math.min(chunk, p1 - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        boolean overwrite = pc == 0 && !acc;
        if (bp == null && !directB) {
          packPanels(b, bo, ldb, tb, pc, kc, m, bb, jc, jc + jn, jc);
        }
        boolean packPartial = directB && partial >= jc && partial < jc + jn
            && (long) bo + (long) (pc + kc - 1) * ldb + (partial + 1) * NR > b.length;
        if (packPartial) {
          packPanels(b, bo, ldb, tb, pc, kc, m, bb, partial, partial + 1, partial);
        }
        for (int ic = r0; ic < r1; ic += MC) {
          int mc = Math.min(MC, r1 - ic);
          int full = directA ? mc / AR * AR : 0; // rows [0, full) are read in place, AR at a time
          packA(a, ao, lda, ta, ap, ic + full, mc - full, pc, kc);
          for (int jp = jc; jp < jc + jn; jp++) {
            int j0 = jp * NR;
            int w = Math.min(NR, m - j0);
            boolean inPlaceB = directB && !(packPartial && jp == partial);
            double[] bq = inPlaceB ? b : bb;
            int bs = inPlaceB ? ldb : NR;
            int bi = inPlaceB ? bo + pc * ldb + j0 : directB ? 0
                : bp == null ? (jp - jc) * kc * NR : jp * k * NR + pc * NR;
            for (int ir = 0; ir < mc; ) {
              boolean inPlace = ir < full;
              int h = inPlace ? AR : Math.min(MR, mc - ir);
              int row = ic + ir;
              int ai = inPlace ? ao + row * lda + pc : (ir - full) * kc;
              ir += inPlace ? AR : MR;
              if (inPlace && w == NR && csc == 1) {
                tileA(a, ai, lda, bq, bi, kc, c, co + row * rsc + j0, rsc, overwrite);
                continue;
              } else if (h == MR && w == NR && csc == 1) {
                int o = co + row * rsc + j0;
                if (MR == 12 && overwrite) {
                  tile12(ap, ai, bq, bi, bs, kc, c, o, rsc);
                } else if (MR == 12) {
                  tile12(ap, ai, bq, bi, bs, kc, edge, 0, NR);
                  addTile(edge, c, o, rsc);
                } else {
                  tile(ap, ai, bq, bi, bs, kc, c, o, rsc, overwrite);
                }
                continue;
              }
              // Edge or strided tile: compute into the buffer, then store the valid h x w part.
              if (inPlace) {
                tileA(a, ai, lda, bq, bi, kc, edge, 0, NR, true);
              } else if (MR == 12) {
                tile12(ap, ai, bq, bi, bs, kc, edge, 0, NR);
              } else {
                tile(ap, ai, bq, bi, bs, kc, edge, 0, NR, true);
              }
              if (rsc == 1) { // C stored transposed (Cᵀ = BᵀAᵀ): each column's h values adjoin
                for (int j = 0; j < w; j++) {
                  int o = co + row + (j0 + j) * csc;
                  for (int r = 0; r < h; r++) {
                    c[o + r] = overwrite ? edge[r * NR + j] : c[o + r] + edge[r * NR + j];
                  }
                }
                continue;
              }
              for (int r = 0; r < h; r++) {
                int o = co + (row + r) * rsc + j0 * csc;
                for (int j = 0; j < w; j++) {
                  int x = o + j * csc;
                  c[x] = overwrite ? edge[r * NR + j] : c[x] + edge[r * NR + j];
                }
              }
            }
          }
        }
      }
    }
  }

  /** Packs rows [ic, ic+mc) x [pc, pc+kc) of op(A) into zero-padded MR-row slivers, p-major. */
  private static void packA(double[] a, int ao, int lda, boolean ta, double[] ap, int ic, int mc,
      int pc, int kc) {
    if (ta) { // op(A) rows are columns of a: copy each row of a's block, MR values per sliver
      int full = mc / MR * MR;
      for (int q = 0; q < kc; q++) {
        int src = ao + (pc + q) * lda + ic;
        int ir = 0;
        for (; ir < full; ir += MR) {
          System.arraycopy(a, src + ir, ap, ir * kc + q * MR, MR);
        }
        if (ir < mc) {
          int dst = ir * kc + q * MR;
          for (int r = 0; r < MR; r++) {
            ap[dst + r] = ir + r < mc ? a[src + ir + r] : 0.0;
          }
        }
      }
      return;
    }
    for (int ir = 0; ir < mc; ir += MR) { // read each row of a sequentially
      int base = ir * kc;
      int h = Math.min(MR, mc - ir);
      for (int r = 0; r < MR; r++) {
        int src = ao + (ic + ir + r) * lda + pc;
        if (r < h) {
          for (int q = 0; q < kc; q++) ap[base + q * MR + r] = a[src + q];
        } else {
          for (int q = 0; q < kc; q++) ap[base + q * MR + r] = 0.0;
        }
      }
    }
  }

  /**
   * The micro-kernel: {@code C[o.., ldc] (+)= A sliver (MR x kc) · B panel (kc x NR)}, A's
   * element (r, q) at {@code ai + q·MR + r}, B's row q at {@code bi + q·bs} (bs = NR when
   * packed, ldb when read in place). All vector
   * values stay inside this method (a vector crossing a non-inlined call is boxed); being small
   * and hot, it is compiled by C2 early.
   */
  private static void tile(double[] ap, int ai, double[] bp, int bi, int bs, int kc, double[] c,
      int o, int ldc, boolean overwrite) {
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
    for (int q = 0; q < kc; q++, ai += MR, bi += bs) {
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

  /**
   * The 12-row micro-kernel for 512-bit vectors, as {@link #tile}: {@code C[o.., ldc] (+)=
   * A sliver (12 x kc) · B panel (kc x NR)}, A's element (r, q) at {@code ai + q·12 + r}, B's
   * row q at {@code bi + q·bs}; {@code C[o..]} is overwritten ({@link #addTile} accumulates).
   * Indexes are linear in q so C2 can hoist bounds checks. Kept to the FMAs and the stores: C2
   * stops inlining a compilation's Vector API calls past a size budget, and a call left out
   * runs boxed, many times slower.
   */
  private static void tile12(double[] ap, int ai, double[] bp, int bi, int bs, int kc,
      double[] c, int o, int ldc) {
    DoubleVector c000 = DoubleVector.zero(S);
    DoubleVector c001 = DoubleVector.zero(S);
    DoubleVector c010 = DoubleVector.zero(S);
    DoubleVector c011 = DoubleVector.zero(S);
    DoubleVector c020 = DoubleVector.zero(S);
    DoubleVector c021 = DoubleVector.zero(S);
    DoubleVector c030 = DoubleVector.zero(S);
    DoubleVector c031 = DoubleVector.zero(S);
    DoubleVector c040 = DoubleVector.zero(S);
    DoubleVector c041 = DoubleVector.zero(S);
    DoubleVector c050 = DoubleVector.zero(S);
    DoubleVector c051 = DoubleVector.zero(S);
    DoubleVector c060 = DoubleVector.zero(S);
    DoubleVector c061 = DoubleVector.zero(S);
    DoubleVector c070 = DoubleVector.zero(S);
    DoubleVector c071 = DoubleVector.zero(S);
    DoubleVector c080 = DoubleVector.zero(S);
    DoubleVector c081 = DoubleVector.zero(S);
    DoubleVector c090 = DoubleVector.zero(S);
    DoubleVector c091 = DoubleVector.zero(S);
    DoubleVector c100 = DoubleVector.zero(S);
    DoubleVector c101 = DoubleVector.zero(S);
    DoubleVector c110 = DoubleVector.zero(S);
    DoubleVector c111 = DoubleVector.zero(S);
    for (int q = 0; q < kc; q++) {
      int a0 = ai + q * 12;
      int b0 = bi + q * bs;
      DoubleVector v0 = DoubleVector.fromArray(S, bp, b0);
      DoubleVector v1 = DoubleVector.fromArray(S, bp, b0 + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[a0]);
      c000 = x.fma(v0, c000);
      c001 = x.fma(v1, c001);
      x = DoubleVector.broadcast(S, ap[a0 + 1]);
      c010 = x.fma(v0, c010);
      c011 = x.fma(v1, c011);
      x = DoubleVector.broadcast(S, ap[a0 + 2]);
      c020 = x.fma(v0, c020);
      c021 = x.fma(v1, c021);
      x = DoubleVector.broadcast(S, ap[a0 + 3]);
      c030 = x.fma(v0, c030);
      c031 = x.fma(v1, c031);
      x = DoubleVector.broadcast(S, ap[a0 + 4]);
      c040 = x.fma(v0, c040);
      c041 = x.fma(v1, c041);
      x = DoubleVector.broadcast(S, ap[a0 + 5]);
      c050 = x.fma(v0, c050);
      c051 = x.fma(v1, c051);
      x = DoubleVector.broadcast(S, ap[a0 + 6]);
      c060 = x.fma(v0, c060);
      c061 = x.fma(v1, c061);
      x = DoubleVector.broadcast(S, ap[a0 + 7]);
      c070 = x.fma(v0, c070);
      c071 = x.fma(v1, c071);
      x = DoubleVector.broadcast(S, ap[a0 + 8]);
      c080 = x.fma(v0, c080);
      c081 = x.fma(v1, c081);
      x = DoubleVector.broadcast(S, ap[a0 + 9]);
      c090 = x.fma(v0, c090);
      c091 = x.fma(v1, c091);
      x = DoubleVector.broadcast(S, ap[a0 + 10]);
      c100 = x.fma(v0, c100);
      c101 = x.fma(v1, c101);
      x = DoubleVector.broadcast(S, ap[a0 + 11]);
      c110 = x.fma(v0, c110);
      c111 = x.fma(v1, c111);
    }
    c000.intoArray(c, o);
    c001.intoArray(c, o + L);
    c010.intoArray(c, o + ldc);
    c011.intoArray(c, o + ldc + L);
    c020.intoArray(c, o + 2 * ldc);
    c021.intoArray(c, o + 2 * ldc + L);
    c030.intoArray(c, o + 3 * ldc);
    c031.intoArray(c, o + 3 * ldc + L);
    c040.intoArray(c, o + 4 * ldc);
    c041.intoArray(c, o + 4 * ldc + L);
    c050.intoArray(c, o + 5 * ldc);
    c051.intoArray(c, o + 5 * ldc + L);
    c060.intoArray(c, o + 6 * ldc);
    c061.intoArray(c, o + 6 * ldc + L);
    c070.intoArray(c, o + 7 * ldc);
    c071.intoArray(c, o + 7 * ldc + L);
    c080.intoArray(c, o + 8 * ldc);
    c081.intoArray(c, o + 8 * ldc + L);
    c090.intoArray(c, o + 9 * ldc);
    c091.intoArray(c, o + 9 * ldc + L);
    c100.intoArray(c, o + 10 * ldc);
    c101.intoArray(c, o + 10 * ldc + L);
    c110.intoArray(c, o + 11 * ldc);
    c111.intoArray(c, o + 11 * ldc + L);
  }

  /** {@code C[o + r·ldc + j] += t[r·NR + j]} for the MR x NR tile t. */
  private static void addTile(double[] t, double[] c, int o, int ldc) {
    for (int r = 0; r < MR; r++) {
      int x = o + r * ldc;
      DoubleVector.fromArray(S, c, x).add(DoubleVector.fromArray(S, t, r * NR))
          .intoArray(c, x);
      DoubleVector.fromArray(S, c, x + L).add(DoubleVector.fromArray(S, t, r * NR + L))
          .intoArray(c, x + L);
    }
  }

  /**
   * {@link #tile} with A's sliver read in place, element (r, q) at {@code ai + r·lda + q}: a
   * separate method because a variable row stride costs the packed kernel a bounds check per
   * load.
   */
  private static void tileA(double[] ap, int ai, int lda, double[] bp, int bi, int kc,
      double[] c, int o, int ldc, boolean overwrite) {
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
    int a1 = lda;
    int a2 = 2 * lda;
    int a3 = 3 * lda;
    int a4 = 4 * lda;
    int a5 = 5 * lda;
    for (int q = 0; q < kc; q++, ai++, bi += NR) {
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      DoubleVector x = DoubleVector.broadcast(S, ap[ai]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, ap[ai + a1]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, ap[ai + a2]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, ap[ai + a3]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, ap[ai + a4]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, ap[ai + a5]);
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

  /**
   * GEMV order: each output's sum over p is split into {@code L} chains (chain q takes the terms
   * with {@code p ≡ q mod L}, as fmas in increasing p from 0), which are then added pairwise by
   * halving (chain q += chain q + h for h = L/2, ..., 1). {@link #dot} keeps the chains in the
   * lanes of one vector, {@link #axpy} in L scratch rows, so both forms give the same bits and a
   * product's value does not depend on its operands' layout; lanes along p let the dot form load
   * whole vectors.
   *
   * <p>Dot-form rows [r0, r1): {@code y[yo + i·incy] (+)= Σ_p M[mo + i·ldm + p] · x[xo + p]},
   * four rows at a time sharing each load of x.
   */
  static void dot(double[] mat, int mo, int ldm, double[] x, int xo, double[] y, int yo,
      int incy, int k, boolean acc, int r0, int r1) {
    int kv = k / L * L;
    double[] t = new double[4 * L];
    int i = r0;
    for (; i + 4 <= r1; i += 4) {
      int m0 = mo + i * ldm;
      int m1 = m0 + ldm;
      int m2 = m1 + ldm;
      int m3 = m2 + ldm;
      DoubleVector d0 = DoubleVector.zero(S);
      DoubleVector d1 = d0;
      DoubleVector d2 = d0;
      DoubleVector d3 = d0;
      for (int p = 0; p < kv; p += L) {
        DoubleVector xv = DoubleVector.fromArray(S, x, xo + p);
        d0 = DoubleVector.fromArray(S, mat, m0 + p).fma(xv, d0);
        d1 = DoubleVector.fromArray(S, mat, m1 + p).fma(xv, d1);
        d2 = DoubleVector.fromArray(S, mat, m2 + p).fma(xv, d2);
        d3 = DoubleVector.fromArray(S, mat, m3 + p).fma(xv, d3);
      }
      d0.intoArray(t, 0);
      d1.intoArray(t, L);
      d2.intoArray(t, 2 * L);
      d3.intoArray(t, 3 * L);
      store(y, yo + i * incy, finish(t, 0, mat, m0 + kv, x, xo + kv, k - kv), acc);
      store(y, yo + (i + 1) * incy, finish(t, L, mat, m1 + kv, x, xo + kv, k - kv), acc);
      store(y, yo + (i + 2) * incy, finish(t, 2 * L, mat, m2 + kv, x, xo + kv, k - kv), acc);
      store(y, yo + (i + 3) * incy, finish(t, 3 * L, mat, m3 + kv, x, xo + kv, k - kv), acc);
    }
    for (; i < r1; i++) {
      int m0 = mo + i * ldm;
      DoubleVector d0 = DoubleVector.zero(S);
      for (int p = 0; p < kv; p += L) {
        d0 = DoubleVector.fromArray(S, mat, m0 + p).fma(DoubleVector.fromArray(S, x, xo + p), d0);
      }
      d0.intoArray(t, 0);
      store(y, yo + i * incy, finish(t, 0, mat, m0 + kv, x, xo + kv, k - kv), acc);
    }
  }

  /** Row chains t[to, to + L): the last {@code tail < L} terms join chains 0.., then the fold. */
  private static double finish(double[] t, int to, double[] mat, int mo, double[] x, int xo,
      int tail) {
    for (int q = 0; q < tail; q++) {
      t[to + q] = Math.fma(mat[mo + q], x[xo + q], t[to + q]);
    }
    for (int h = L / 2; h > 0; h >>= 1) {
      for (int q = 0; q < h; q++) t[to + q] += t[to + q + h];
    }
    return t[to];
  }

  private static void store(double[] y, int i, double v, boolean acc) {
    y[i] = acc ? y[i] + v : v;
  }

  /** Outputs per axpy block: L scratch rows of this many values (16 KB in float64 on AVX-512). */
  private static final int AJ = 256;

  /**
   * Axpy-form GEMV columns [j0, j1): {@code y[yo + j·incy] (+)= Σ_p M[mo + p·ldm + j]·x[xo + p]}
   * in {@link #dot}'s order: row p of M is added into scratch row {@code p mod L} (the chain),
   * and the L rows are folded pairwise by halving at the end; AJ outputs at a time so the chains
   * stay in L1.
   */
  static void axpy(double[] mat, int mo, int ldm, double[] x, int xo, double[] y, int yo,
      int incy, int k, boolean acc, int j0, int j1) {
    double[] s = Scratch.doubles(3, L * AJ);
    for (int jb = j0; jb < j1; jb += AJ) {
      int w = Math.min(AJ, j1 - jb);
      int jv = w / L * L;
      for (int q = 0; q < L; q++) java.util.Arrays.fill(s, q * AJ, q * AJ + w, 0.0);
      int p = 0;
      for (; p + 4 * L <= k; p += 4 * L) { // rows p+q, +L, +2L, +3L all feed chain q
        for (int q = 0; q < L; q++) {
          int so = q * AJ;
          int m0 = mo + (p + q) * ldm + jb;
          int m1 = m0 + L * ldm;
          int m2 = m1 + L * ldm;
          int m3 = m2 + L * ldm;
          double a0 = x[xo + p + q];
          double a1 = x[xo + p + q + L];
          double a2 = x[xo + p + q + 2 * L];
          double a3 = x[xo + p + q + 3 * L];
          DoubleVector v0 = DoubleVector.broadcast(S, a0);
          DoubleVector v1 = DoubleVector.broadcast(S, a1);
          DoubleVector v2 = DoubleVector.broadcast(S, a2);
          DoubleVector v3 = DoubleVector.broadcast(S, a3);
          int j = 0;
          for (; j < jv; j += L) {
            DoubleVector t = DoubleVector.fromArray(S, s, so + j);
            t = DoubleVector.fromArray(S, mat, m0 + j).fma(v0, t);
            t = DoubleVector.fromArray(S, mat, m1 + j).fma(v1, t);
            t = DoubleVector.fromArray(S, mat, m2 + j).fma(v2, t);
            t = DoubleVector.fromArray(S, mat, m3 + j).fma(v3, t);
            t.intoArray(s, so + j);
          }
          for (; j < w; j++) {
            double t = s[so + j];
            t = Math.fma(mat[m0 + j], a0, t);
            t = Math.fma(mat[m1 + j], a1, t);
            t = Math.fma(mat[m2 + j], a2, t);
            t = Math.fma(mat[m3 + j], a3, t);
            s[so + j] = t;
          }
        }
      }
      for (; p < k; p++) {
        int so = (p & (L - 1)) * AJ;
        int mr = mo + p * ldm + jb;
        double a = x[xo + p];
        DoubleVector av = DoubleVector.broadcast(S, a);
        int j = 0;
        for (; j < jv; j += L) {
          DoubleVector.fromArray(S, mat, mr + j).fma(av, DoubleVector.fromArray(S, s, so + j))
              .intoArray(s, so + j);
        }
        for (; j < w; j++) {
          s[so + j] = Math.fma(mat[mr + j], a, s[so + j]);
        }
      }
      for (int h = L / 2; h > 0; h >>= 1) {
        for (int q = 0; q < h; q++) {
          int lo = q * AJ;
          int hi = (q + h) * AJ;
          int j = 0;
          for (; j < jv; j += L) {
            DoubleVector.fromArray(S, s, lo + j).add(DoubleVector.fromArray(S, s, hi + j))
                .intoArray(s, lo + j);
          }
          for (; j < w; j++) s[lo + j] += s[hi + j];
        }
      }
      for (int j = 0; j < w; j++) store(y, yo + (jb + j) * incy, s[j], acc);
    }
  }
}
