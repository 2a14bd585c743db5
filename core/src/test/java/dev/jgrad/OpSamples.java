package dev.jgrad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Sample calls for every row of the op table (PyTorch OpInfo's "sample inputs"): float64 inputs
 * inside the op's domain and at least {@link #MARGIN} away from its kinks, shapes including 0-d
 * scalars and broadcasting pairs. A sample is drawn deterministically from (op, seed).
 */
final class OpSamples {
  private OpSamples() {}

  /** Distance kept from kinks and ties, far larger than the finite-difference step. */
  static final double MARGIN = 0.05;

  /** One call: a function of float64 inputs that exercises the op, and the inputs. */
  static final class Sample {
    final String op;
    final Function<Tensor[], Tensor> f;
    final Tensor[] inputs;
    final String description;
    /** Finite-difference step for this sample (larger only where float32 rounding is involved). */
    final double eps;

    Sample(String op, String description, Function<Tensor[], Tensor> f, double eps,
        Tensor... inputs) {
      this.op = op;
      this.f = f;
      this.inputs = inputs;
      this.description = description;
      this.eps = eps;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(op).append(": ").append(description);
      for (int i = 0; i < inputs.length; i++) {
        sb.append("\n  input ").append(i).append(' ').append(inputs[i].shape()).append(" = ")
            .append(Arrays.toString(inputs[i].toDoubleArray()));
      }
      return sb.toString();
    }
  }

  interface Gen {
    Sample make(SplittableRandom r);
  }

  static final Map<String, Gen> GENERATORS = new HashMap<>();

  static Sample draw(String op, long seed) {
    Gen g = GENERATORS.get(op);
    if (g == null) {
      throw new IllegalStateException("no sample generator for op '" + op + "'");
    }
    return g.make(new SplittableRandom(seed ^ op.hashCode()));
  }

  // ------------------------------------------------------------------ shapes and values

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

  static double value(SplittableRandom r, OpInfo.Domain domain) {
    switch (domain) {
      case POSITIVE: return 0.5 + 1.5 * r.nextDouble();
      case ABOVE_MINUS_ONE: return -0.5 + 2.5 * r.nextDouble();
      default: return -2 + 4 * r.nextDouble();
    }
  }

  /** Values in the domain, each at least MARGIN from every kink. */
  static Tensor tensor(SplittableRandom r, int[] shape, OpInfo.Domain domain, double... kinks) {
    int n = Shape.of(shape).numel();
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double x;
      do {
        x = value(r, domain);
      } while (near(x, kinks));
      v[i] = x;
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

  /** Values whose pairwise gaps are all at least MARGIN (no ties for max/min/argmax). */
  static Tensor distinct(SplittableRandom r, int[] shape) {
    int n = Shape.of(shape).numel();
    List<Double> grid = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      grid.add(-2 + 0.2 * i + 0.05 * r.nextDouble());
    }
    java.util.Collections.shuffle(grid, new java.util.Random(r.nextLong()));
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = grid.get(i);
    return Tensor.of(v, shape);
  }

  static int[] axes(SplittableRandom r, int rank) {
    List<Integer> axes = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (r.nextBoolean()) {
        axes.add(r.nextBoolean() ? i : i - rank); // negative axes too
      }
    }
    return axes.stream().mapToInt(Integer::intValue).toArray();
  }

  // ------------------------------------------------------------------ generators

  private static void unary(UnaryOps.Row row, Function<Tensor, Tensor> call) {
    OpInfo info = row.info;
    GENERATORS.put(info.name(), r -> {
      Tensor x = tensor(r, shape(r, 0, 3), info.domain(), info.kinks());
      return info.differentiable()
          ? new Sample(info.name(), "f(x)", in -> call.apply(in[0]), 1e-6, x)
          // A constant op: its value multiplies x, so the gradient must be exactly that value.
          : new Sample(info.name(), "f(x)·x", in -> call.apply(in[0]).mul(in[0]), 1e-6, x);
    });
  }

  private static void binary(BinaryOps.Row row, Function<Tensor[], Tensor> call, double bAbsMin) {
    OpInfo info = row.info;
    GENERATORS.put(info.name(), r -> {
      boolean tieSensitive = !info.differentiable() || row == BinaryOps.MAXIMUM
          || row == BinaryOps.MINIMUM;
      while (true) {
        int[][] p = broadcastPair(r);
        Tensor a = tensor(r, p[0], info.domain());
        Tensor b = tensor(r, p[1], OpInfo.Domain.REAL);
        if (bAbsMin > 0 && b.abs().min().item() < bAbsMin) {
          continue;
        }
        if (tieSensitive && a.sub(b).abs().min().item() < MARGIN) {
          continue;
        }
        return info.differentiable()
            ? new Sample(info.name(), "f(a, b)", call, 1e-6, a, b)
            : new Sample(info.name(), "f(a, b)·a·b",
                in -> call.apply(in).mul(in[0]).mul(in[1]), 1e-6, a, b);
      }
    });
  }

  static {
    for (UnaryOps.Row row : UnaryOps.ALL) {
      if (row == UnaryOps.LEAKY_RELU || row == UnaryOps.CLAMP || row == UnaryOps.POW) {
        continue;
      }
      unary(row, x -> UnaryOps.apply(row, x));
    }
    GENERATORS.put("leaky_relu", r -> {
      double slope = 0.01 + 0.3 * r.nextDouble();
      Tensor x = tensor(r, shape(r, 0, 3), OpInfo.Domain.REAL, 0.0);
      return new Sample("leaky_relu", "slope " + slope, in -> in[0].leakyRelu(slope), 1e-6, x);
    });
    GENERATORS.put("clamp", r -> {
      double lo = -1.5 * r.nextDouble();
      double hi = 1.5 * r.nextDouble();
      Tensor x = tensor(r, shape(r, 0, 3), OpInfo.Domain.REAL, lo, hi);
      return new Sample("clamp", "[" + lo + ", " + hi + "]", in -> in[0].clamp(lo, hi), 1e-6, x);
    });
    GENERATORS.put("pow_scalar", r -> {
      double[] ps = {2, 3, 0.5, -1, 1.5, -0.5, 0};
      double p = ps[r.nextInt(ps.length)];
      Tensor x = tensor(r, shape(r, 0, 3), OpInfo.Domain.POSITIVE);
      return new Sample("pow_scalar", "x^" + p, in -> in[0].pow(p), 1e-6, x);
    });
    for (BinaryOps.Row row : BinaryOps.ALL) {
      double bMin = row == BinaryOps.DIV ? 0.5 : 0;
      binary(row, in -> BinaryOps.apply(row, in[0], in[1]), bMin);
    }
    GENERATORS.put("where", r -> {
      int[][] p = broadcastPair(r);
      int[] cs = r.nextBoolean() ? p[0] : p[1];
      double[] c = new double[Shape.of(cs).numel()];
      for (int i = 0; i < c.length; i++) c[i] = r.nextInt(2);
      Tensor cond = Tensor.of(c, cs);
      return new Sample("where", "where(cond " + Arrays.toString(c) + ", a, b)",
          in -> Tensor.where(cond, in[0], in[1]), 1e-6, tensor(r, p[0], OpInfo.Domain.REAL),
          tensor(r, p[1], OpInfo.Domain.REAL));
    });
    for (String name : new String[] {"sum", "max", "min"}) {
      GENERATORS.put(name, r -> {
        int[] s = shape(r, 0, 3);
        int[] axes = axes(r, s.length);
        boolean keep = r.nextBoolean();
        Tensor x = name.equals("sum") ? tensor(r, s, OpInfo.Domain.REAL) : distinct(r, s);
        Function<Tensor[], Tensor> f = name.equals("sum") ? in -> in[0].sum(axes, keep)
            : name.equals("max") ? in -> in[0].max(axes, keep) : in -> in[0].min(axes, keep);
        return new Sample(name, "axes " + Arrays.toString(axes) + " keepdims " + keep, f, 1e-6,
            x);
      });
    }
    for (String name : new String[] {"argmax", "argmin"}) {
      GENERATORS.put(name, r -> {
        int[] s = shape(r, 1, 3);
        int axis = r.nextInt(s.length);
        Tensor x = distinct(r, s);
        boolean max = name.equals("argmax");
        return new Sample(name, "sum(x, " + axis + ")·" + name + "(x, " + axis + ")",
            in -> in[0].sum(axis).mul(max ? in[0].argmax(axis) : in[0].argmin(axis)), 1e-6, x);
      });
    }
    GENERATORS.put("reshape", r -> {
      int[] s = shape(r, 1, 3);
      Tensor x = tensor(r, s, OpInfo.Domain.REAL);
      int n = x.numel();
      // rank 4 never equals the input's rank (<= 3), so reshape always records a node
      int[] to = r.nextBoolean() ? new int[] {1, n, 1, 1} : new int[] {-1, 1, 1, 1};
      return new Sample("reshape", "to " + Arrays.toString(to), in -> in[0].reshape(to), 1e-6, x);
    });
    GENERATORS.put("permute", r -> {
      int[] s = shape(r, 2, 3);
      for (int i = 0; i < s.length; i++) s[i] = 1 + r.nextInt(3);
      s[0] = 2;
      int[] perm = new int[s.length];
      for (int i = 0; i < perm.length; i++) perm[i] = (i + 1) % perm.length; // a rotation
      return new Sample("permute", Arrays.toString(perm), in -> in[0].permute(perm), 1e-6,
          tensor(r, s, OpInfo.Domain.REAL));
    });
    GENERATORS.put("broadcast_to", r -> {
      int[][] p = broadcastPair(r);
      int[] from = Shape.of(p[0]).broadcastsTo(Shape.of(p[1])) ? p[0] : p[1];
      int[] to = from == p[0] ? p[1] : p[0];
      int[] b = Shape.broadcast("t", Shape.of(from), Shape.of(to)).dims();
      int[] target = new int[b.length + 1]; // a leading 2 makes the broadcast never trivial
      target[0] = 2;
      System.arraycopy(b, 0, target, 1, b.length);
      return new Sample("broadcast_to", "to " + Arrays.toString(target),
          in -> in[0].broadcastTo(target), 1e-6, tensor(r, from, OpInfo.Domain.REAL));
    });
    GENERATORS.put("slice", r -> {
      int[] s = shape(r, 1, 3);
      int axis = r.nextInt(s.length);
      s[axis] = 2 + r.nextInt(4);
      int start = r.nextInt(s[axis]) - (r.nextBoolean() ? s[axis] : 0);
      int end = start + 1 + r.nextInt(s[axis]);
      int step = 1 + r.nextInt(2);
      return new Sample("slice", "axis " + axis + " [" + start + ":" + end + ":" + step + "]",
          in -> in[0].slice(axis, start, end, step), 1e-6, tensor(r, s, OpInfo.Domain.REAL));
    });
    // embed, scatter_add and index_add are the adjoints of slice, gather and index_select: the
    // sample is the gradient of a function using the forward op, computed with createGraph.
    GENERATORS.put("embed", r -> {
      int[] s = shape(r, 1, 3);
      int axis = r.nextInt(s.length);
      s[axis] = 3;
      return new Sample("embed", "grad of sum(slice(x)²/2), axis " + axis,
          in -> adjoint(in[0], y -> y.slice(axis, 1, 3)), 1e-6, tensor(r, s,
              OpInfo.Domain.REAL));
    });
    GENERATORS.put("concat", r -> {
      int[] s = shape(r, 1, 3);
      int axis = r.nextInt(s.length);
      int k = 1 + r.nextInt(3);
      Tensor[] parts = new Tensor[k];
      for (int i = 0; i < k; i++) {
        int[] si = s.clone();
        si[axis] = 1 + r.nextInt(2);
        parts[i] = tensor(r, si, OpInfo.Domain.REAL);
      }
      return new Sample("concat", k + " tensors along axis " + axis,
          in -> Tensor.concat(axis, in), 1e-6, parts);
    });
    // A float32 round trip quantizes x to ~6e-8 relative; a larger step keeps the difference
    // quotient within tolerance while still checking the derivative is 1.
    GENERATORS.put("cast", r -> new Sample("cast", "float64 -> float32 -> float64",
        in -> in[0].to(DType.FLOAT32).to(DType.FLOAT64).mul(in[0]), 1e-3,
        tensor(r, shape(r, 0, 3), OpInfo.Domain.REAL)));
    GENERATORS.put("gather", r -> {
      int[] s = shape(r, 1, 3);
      int axis = r.nextInt(s.length);
      Tensor index = gatherIndex(r, s, axis);
      return new Sample("gather", "axis " + axis + " index " + Arrays.toString(
          index.toDoubleArray()), in -> in[0].gather(axis, index), 1e-6,
          tensor(r, s, OpInfo.Domain.REAL));
    });
    GENERATORS.put("scatter_add", r -> {
      int[] s = shape(r, 1, 3);
      int axis = r.nextInt(s.length);
      Tensor index = gatherIndex(r, s, axis);
      return new Sample("scatter_add", "grad of sum(gather(x)²/2), axis " + axis,
          in -> adjoint(in[0], y -> y.gather(axis, index)), 1e-6,
          tensor(r, s, OpInfo.Domain.REAL));
    });
    GENERATORS.put("index_select", r -> {
      int[] s = shape(r, 1, 3);
      int axis = r.nextInt(s.length);
      int[] idx = selectIndex(r, s[axis]);
      return new Sample("index_select", "axis " + axis + " " + Arrays.toString(idx),
          in -> in[0].indexSelect(axis, idx), 1e-6, tensor(r, s, OpInfo.Domain.REAL));
    });
    GENERATORS.put("index_add", r -> {
      int[] s = shape(r, 1, 3);
      int axis = r.nextInt(s.length);
      int[] idx = selectIndex(r, s[axis]);
      return new Sample("index_add", "grad of sum(index_select(x)²/2), axis " + axis,
          in -> adjoint(in[0], y -> y.indexSelect(axis, idx)), 1e-6,
          tensor(r, s, OpInfo.Domain.REAL));
    });
    GENERATORS.put("matmul", r -> {
      int n = 1 + r.nextInt(3);
      int k = 1 + r.nextInt(3);
      int m = 1 + r.nextInt(3);
      int[][][] shapes = {{{n, k}, {k, m}}, {{k}, {k}}, {{k}, {k, m}}, {{n, k}, {k}},
          {{2, n, k}, {k, m}}, {{2, 1, n, k}, {3, k, m}}, {{n, k}, {2, k, m}}};
      int[][] p = shapes[r.nextInt(shapes.length)];
      return new Sample("matmul", Arrays.toString(p[0]) + " @ " + Arrays.toString(p[1]),
          in -> in[0].matmul(in[1]), 1e-6, tensor(r, p[0], OpInfo.Domain.REAL),
          tensor(r, p[1], OpInfo.Domain.REAL));
    });
  }

  private static Tensor gatherIndex(SplittableRandom r, int[] s, int axis) {
    int[] is = s.clone();
    is[axis] = 1 + r.nextInt(3);
    double[] v = new double[Shape.of(is).numel()];
    for (int i = 0; i < v.length; i++) v[i] = r.nextInt(s[axis]);
    return Tensor.of(v, is);
  }

  private static int[] selectIndex(SplittableRandom r, int n) {
    int[] idx = new int[1 + r.nextInt(4)];
    for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(n);
    return idx;
  }

  /** d/dx of sum(op(x)²)/2, recorded: {@code adjoint(op)(op(x))}, a graph through the adjoint. */
  static Tensor adjoint(Tensor x, Function<Tensor, Tensor> op) {
    Tensor y = op.apply(x);
    Tensor loss = y.mul(y).sum().mul(0.5);
    return Autograd.grad(List.of(loss), List.of(x), null, true).get(0);
  }

  /** Names of the ops recorded in the graph behind t. */
  static java.util.Set<String> opsIn(Tensor t) {
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
    java.util.Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    if (t.node != null) {
      todo.add(t.node);
    }
    while (!todo.isEmpty()) {
      Node n = todo.poll();
      if (!seen.add(n)) {
        continue;
      }
      names.add(n.op.info().name());
      for (Tensor in : n.inputs) {
        if (in.node != null) {
          todo.add(in.node);
        }
      }
    }
    return names;
  }
}
