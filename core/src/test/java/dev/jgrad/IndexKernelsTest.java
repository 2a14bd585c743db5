package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.kernels.Index;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The index-select kernel and its adjoint against plain loops, for one-element slices (the
 * typed fast paths) and longer ones, every numeric array type, with repeated indices.
 */
class IndexKernelsTest {
  private static final int OUTER = 3;
  private static final int N = 5;
  private static final int[] IDX = {4, 0, 4, 2, 2, 1};

  @Test
  void selectAndSelectAddMatchLoopsForEveryTypeAndSliceLength() {
    SplittableRandom r = new SplittableRandom(1);
    for (int inner : new int[] {1, 3}) {
      int m = IDX.length;
      double[] src = new double[OUTER * N * inner];
      for (int i = 0; i < src.length; i++) {
        src[i] = r.nextInt(-50, 50);
      }
      double[] sel = new double[OUTER * m * inner];
      for (int o = 0; o < OUTER; o++) {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < inner; j++) {
            sel[(o * m + i) * inner + j] = src[(o * N + IDX[i]) * inner + j];
          }
        }
      }
      double[] add = new double[OUTER * N * inner];
      for (int o = 0; o < OUTER; o++) {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < inner; j++) {
            add[(o * N + IDX[i]) * inner + j] += sel[(o * m + i) * inner + j];
          }
        }
      }
      for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64}) {
        Object s = array(t, src);
        Object out = array(t, new double[sel.length]);
        Index.select(s, N, IDX, out, OUTER, inner);
        assertArrayEquals(sel, doubles(out), t + " select, slices of " + inner);
        Object acc = array(t, new double[add.length]);
        Index.selectAdd(array(t, sel), IDX, acc, OUTER, N, inner);
        assertArrayEquals(add, doubles(acc), t + " selectAdd, slices of " + inner);
      }
    }
  }

  private static Object array(DType t, double[] v) {
    switch (t) {
      case FLOAT32: {
        float[] a = new float[v.length];
        for (int i = 0; i < v.length; i++) a[i] = (float) v[i];
        return a;
      }
      case FLOAT64:
        return v.clone();
      case INT32: {
        int[] a = new int[v.length];
        for (int i = 0; i < v.length; i++) a[i] = (int) v[i];
        return a;
      }
      default: {
        long[] a = new long[v.length];
        for (int i = 0; i < v.length; i++) a[i] = (long) v[i];
        return a;
      }
    }
  }

  private static double[] doubles(Object a) {
    if (a instanceof float[]) {
      float[] f = (float[]) a;
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) d[i] = f[i];
      return d;
    }
    if (a instanceof double[]) {
      return (double[]) a;
    }
    if (a instanceof int[]) {
      int[] f = (int[]) a;
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) d[i] = f[i];
      return d;
    }
    long[] f = (long[]) a;
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }
}
