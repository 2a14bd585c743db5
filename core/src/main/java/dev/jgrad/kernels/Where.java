package dev.jgrad.kernels;

/** {@code out[idx] = cond[idx] != 0 ? a[idx] : b[idx]} with all three operands broadcast by strides. */
public final class Where {
  private Where() {}

  /** Strides are per output axis, 0 where an operand is broadcast. All arrays share one type. */
  public static void apply(Object cond, int[] sc, Object a, int[] sa, Object b, int[] sb, Object out,
      int[] dims) {
    int total = Strided.numel(dims);
    if (total == 0) {
      return;
    }
    Iter it = Iter.of(dims, sc, sa, sb);
    int n = it.inner;
    int ic = it.innerStride(0);
    int ia = it.innerStride(1);
    int ib = it.innerStride(2);
    for (int o = 0; o < total; o += n) {
      int oc = it.offset(0);
      int oa = it.offset(1);
      int ob = it.offset(2);
      if (out instanceof double[]) {
        double[] c = (double[]) cond;
        double[] x = (double[]) a;
        double[] y = (double[]) b;
        double[] r = (double[]) out;
        for (int i = 0; i < n; i++) r[o + i] = c[oc + i * ic] != 0 ? x[oa + i * ia] : y[ob + i * ib];
      } else {
        float[] c = (float[]) cond;
        float[] x = (float[]) a;
        float[] y = (float[]) b;
        float[] r = (float[]) out;
        for (int i = 0; i < n; i++) r[o + i] = c[oc + i * ic] != 0 ? x[oa + i * ia] : y[ob + i * ib];
      }
      it.next();
    }
  }
}
