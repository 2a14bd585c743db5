package dev.jgrad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Building blocks of the op declarations' sample generators and references: shapes (0-d
 * included) and broadcasting pairs, values inside a domain and away from kinks, tie-free values,
 * and plain-loop float64 references (elementwise maps with broadcasting, reductions over axes)
 * that share no code with the kernels they check.
 */
final class Samples {
  private Samples() {}

  /** Distance kept from kinks and ties, far larger than the finite-difference step. */
  static final double MARGIN = 0.05;

  /** An interval the sample values of one input are drawn from. */
  record Domain(double lo, double hi) {
    static final Domain REAL = new Domain(-2, 2);
    static final Domain POSITIVE = new Domain(0.5, 2);
    static final Domain ABOVE_MINUS_ONE = new Domain(-0.5, 2);
    static final Domain UNIT = new Domain(-0.9, 0.9);

    double draw(SplittableRandom r) {
      return lo + (hi - lo) * r.nextDouble();
    }
  }

  static final double[] NO_KINKS = {};
  static final double[] KINK_AT_ZERO = {0.0};

  static int[] shape(SplittableRandom r, int minRank, int maxRank) {
    int rank = minRank + r.nextInt(maxRank - minRank + 1);
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = 1 + r.nextInt(3);
    }
    return s;
  }

  /** PyTorch's broadcasting examples plus random compatible pairs (either order). */
  static int[][] broadcastPair(SplittableRandom r) {
    int[][][] fixed = {{{3, 1, 2}, {1, 3, 2}}, {{2, 1}, {2}}, {{}, {2, 3, 2}}, {{2, 3}, {3}},
        {{2, 3}, {2, 1}}, {{}, {}}};
    int[][] pair;
    if (r.nextInt(3) == 0) {
      pair = fixed[r.nextInt(fixed.length)];
    } else {
      int[] a = shape(r, 0, 3);
      int drop = a.length == 0 ? 0 : r.nextInt(a.length + 1);
      int[] b = Arrays.copyOfRange(a, drop, a.length);
      for (int i = 0; i < b.length; i++) {
        if (r.nextInt(3) == 0) {
          b[i] = 1;
        }
      }
      pair = new int[][] {a, b};
    }
    return r.nextBoolean() ? pair : new int[][] {pair[1], pair[0]};
  }

  /** Values in the domain, each at least MARGIN from every kink. */
  static Tensor tensor(SplittableRandom r, int[] shape, Domain domain, double... kinks) {
    int n = Shape.of(shape).numel();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double x;
      do {
        x = domain.draw(r);
      } while (near(x, kinks));
      v[i] = x;
    }
    return Tensor.of(v, shape);
  }

  /** Real values of the given shape (no kinks). */
  static Tensor real(SplittableRandom r, int[] shape) {
    return tensor(r, shape, Domain.REAL);
  }

  /** Integer values in {@code [lo, hi]} as a float64 tensor (for integer-dtype samples). */
  static Tensor integers(SplittableRandom r, int[] shape, int lo, int hi) {
    int n = Shape.of(shape).numel();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + r.nextInt(hi - lo + 1);
    }
    return Tensor.of(v, shape);
  }

  static boolean near(double x, double[] kinks) {
    for (double k : kinks) {
      if (Math.abs(x - k) < MARGIN) {
        return true;
      }
    }
    return false;
  }

  /** Values whose pairwise gaps are all at least MARGIN (no ties for max/min/argmax/sort). */
  static Tensor distinct(SplittableRandom r, int[] shape) {
    int n = Shape.of(shape).numel();
    List<Double> grid = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      grid.add(-2 + 0.2 * i + 0.05 * r.nextDouble());
    }
    Collections.shuffle(grid, new Random(r.nextLong()));
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = grid.get(i);
    return Tensor.of(v, shape);
  }

  /** A random subset of the axes of a rank, some written negative. */
  static int[] axes(SplittableRandom r, int rank) {
    List<Integer> axes = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (r.nextBoolean()) {
        axes.add(r.nextBoolean() ? i : i - rank);
      }
    }
    return axes.stream().mapToInt(Integer::intValue).toArray();
  }

  // ------------------------------------------------------------------ references

  /** {@code f} applied to every element, float64. */
  static Tensor map(Tensor x, DoubleUnaryOperator f) {
    double[] v = x.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(v[i]);
    }
    return Tensor.of(v, x.shape().dims());
  }

  /** {@code f(a, b)} with NumPy broadcasting computed by explicit index arithmetic, float64. */
  static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
    Shape s = Shape.broadcast("reference", a.shape(), b.shape());
    double[] av = a.toDoubleArray();
    double[] bv = b.toDoubleArray();
    double[] out = new double[s.numel()];
    int[] idx = new int[s.rank()];
    for (int k = 0; k < out.length; k++) {
      unravel(k, s, idx);
      out[k] = f.applyAsDouble(av[broadcastIndex(idx, s, a.shape())],
          bv[broadcastIndex(idx, s, b.shape())]);
    }
    return Tensor.of(out, s.dims());
  }

  /** The row-major multi-index of flat position k in s. */
  static void unravel(int k, Shape s, int[] idx) {
    for (int i = s.rank() - 1; i >= 0; i--) {
      idx[i] = k % s.dim(i);
      k /= s.dim(i);
    }
  }

  /** Flat position in {@code of} of the element that broadcasting maps to idx of {@code s}. */
  static int broadcastIndex(int[] idx, Shape s, Shape of) {
    int off = s.rank() - of.rank();
    int flat = 0;
    for (int i = 0; i < of.rank(); i++) {
      flat = flat * of.dim(i) + (of.dim(i) == 1 ? 0 : idx[i + off]);
    }
    return flat;
  }

  /** A reduction fold over the given axes of x (empty: all), float64. */
  interface Fold {
    double apply(double acc, double x);
  }

  static Tensor reduce(Tensor x, int[] axes, boolean keepdims, double init, Fold fold) {
    boolean[] red = ReduceOps.reducedAxes("reference", x.shape(), axes);
    int[] kept = x.shape().dims();
    for (int i = 0; i < kept.length; i++) {
      kept[i] = red[i] ? 1 : kept[i];
    }
    Shape ks = Shape.of(kept);
    double[] out = new double[ks.numel()];
    Arrays.fill(out, init);
    double[] v = x.toDoubleArray();
    int[] idx = new int[x.rank()];
    for (int k = 0; k < v.length; k++) {
      unravel(k, x.shape(), idx);
      int o = 0;
      for (int i = 0; i < idx.length; i++) {
        o = o * kept[i] + (red[i] ? 0 : idx[i]);
      }
      out[o] = fold.apply(out[o], v[k]);
    }
    Tensor t = Tensor.of(out, kept);
    if (keepdims) {
      return t;
    }
    int[] dims = new int[x.rank()];
    int n = 0;
    for (int i = 0; i < kept.length; i++) {
      if (!red[i]) {
        dims[n++] = kept[i];
      }
    }
    return t.reshape(Arrays.copyOf(dims, n));
  }

  /** A float64 reference for one line: the lines of the inputs at one position, in, one line out. */
  interface LineFunction {
    double[] apply(double[][] lines);
  }

  /**
   * {@code f} applied to every line along {@code axis} of the inputs (all of one shape; a 0-d
   * input is one line of length 1), by explicit index arithmetic. The output has the inputs'
   * shape with the axis resized to the length f returns (the same for every line; 0-d again for
   * a 0-d input and a result of length 1).
   */
  static Tensor alongAxis(int axis, LineFunction f, Tensor... xs) {
    Shape s = xs[0].shape();
    boolean scalar = s.rank() == 0;
    int[] dims = scalar ? new int[] {1} : s.dims();
    int n = dims[axis];
    double[][] values = new double[xs.length][];
    for (int t = 0; t < xs.length; t++) {
      values[t] = xs[t].toDoubleArray();
    }
    int[] lineDims = dims.clone();
    lineDims[axis] = 1;
    Shape ls = Shape.of(lineDims);
    int[] idx = new int[dims.length];
    double[] out = null;
    int[] outDims = null;
    for (int line = 0; line < ls.numel(); line++) {
      double[][] in = new double[xs.length][n];
      for (int i = 0; i < n; i++) {
        unravel(line, ls, idx);
        idx[axis] = i;
        int flat = 0;
        for (int d = 0; d < dims.length; d++) {
          flat = flat * dims[d] + idx[d];
        }
        for (int t = 0; t < xs.length; t++) {
          in[t][i] = values[t][flat];
        }
      }
      double[] r = f.apply(in);
      if (out == null) {
        outDims = dims.clone();
        outDims[axis] = r.length;
        out = new double[ls.numel() * r.length];
      }
      for (int i = 0; i < r.length; i++) {
        unravel(line, ls, idx);
        idx[axis] = i;
        int flat = 0;
        for (int d = 0; d < dims.length; d++) {
          flat = flat * outDims[d] + idx[d];
        }
        out[flat] = r[i];
      }
    }
    if (out == null) { // no lines at all (a size-0 axis elsewhere)
      outDims = dims.clone();
      out = new double[0];
    }
    Tensor t = Tensor.of(out, outDims);
    return scalar && out.length == 1 ? t.reshape() : t;
  }
}
