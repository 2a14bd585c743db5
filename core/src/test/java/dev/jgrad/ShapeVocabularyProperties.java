package dev.jgrad;

import static dev.jgrad.Index.all;
import static dev.jgrad.Index.at;
import static dev.jgrad.Index.ellipsis;
import static dev.jgrad.Index.newAxis;
import static dev.jgrad.Index.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The composite shape and indexing ops (built from views and other primitives, so they are not
 * rows of the op table) held to the op table's standard: for a random composite and a random
 * call of it, the forward value equals an independent plain-loop reference in float64, float32,
 * INT32, INT64 and BOOL and through non-contiguous views, and reverse mode (first and second
 * order) and forward mode (first order and the JVP's derivatives) agree with finite differences,
 * also when the inputs arrive through views of views. Every composite must be exercised.
 */
class ShapeVocabularyProperties {
  static final Map<String, AtomicInteger> TRIED = new ConcurrentHashMap<>();

  /** A composite: its name and how to draw a call of it on reals or on small integers. */
  record Composite(String name, Drawer drawer) {
    @Override
    public String toString() {
      return name;
    }
  }

  interface Drawer {
    Spec.Sample draw(SplittableRandom r, boolean integers);
  }

  record Drawn(Composite op, Spec.Sample sample, boolean integers, long seed) {
    @Override
    public String toString() {
      return op.name + " (seed " + seed + "): " + sample;
    }
  }

  static final List<Composite> COMPOSITES = List.of(
      new Composite("index", ShapeVocabularyProperties::index),
      new Composite("narrow", ShapeVocabularyProperties::narrow),
      new Composite("split(size)", ShapeVocabularyProperties::splitBySize),
      new Composite("split(sizes)", ShapeVocabularyProperties::splitBySizes),
      new Composite("chunk", ShapeVocabularyProperties::chunk),
      new Composite("unbind", ShapeVocabularyProperties::unbind),
      new Composite("roll", ShapeVocabularyProperties::roll),
      new Composite("repeat", ShapeVocabularyProperties::repeat),
      new Composite("tile", ShapeVocabularyProperties::tile),
      new Composite("tril/triu", ShapeVocabularyProperties::triangle),
      new Composite("diag", ShapeVocabularyProperties::diag),
      new Composite("pad", ShapeVocabularyProperties::pad),
      new Composite("takeAlongAxis", ShapeVocabularyProperties::takeAlongAxis),
      new Composite("maskedSelect", ShapeVocabularyProperties::maskedSelect));

  @Provide
  Arbitrary<Drawn> reals() {
    return Combinators.combine(Arbitraries.of(COMPOSITES), Arbitraries.longs())
        .as((c, seed) -> new Drawn(c, c.drawer.draw(new SplittableRandom(seed), false), false,
            seed));
  }

  @Provide
  Arbitrary<Drawn> integers() {
    return Combinators.combine(Arbitraries.of(COMPOSITES), Arbitraries.longs())
        .as((c, seed) -> new Drawn(c, c.drawer.draw(new SplittableRandom(seed), true), true,
            seed));
  }

  private static void count(Drawn d) {
    TRIED.computeIfAbsent(d.op.name, k -> new AtomicInteger()).incrementAndGet();
  }

  // ------------------------------------------------------------------ properties

  @Property(tries = 500)
  void forwardMatchesTheReference(@ForAll("reals") Drawn d) {
    count(d);
    Spec.Sample s = d.sample;
    Tensor got = s.call.apply(s.inputs);
    Tensor expected = s.reference.apply(s.inputs);
    assertEquals(expected.shape(), got.shape(), "shape");
    assertEquals(DType.FLOAT64, got.dtype());
    OpProperties.assertClose(expected.toDoubleArray(), got.toDoubleArray(), 0, 0, "float64");
    Tensor[] f32 = new Tensor[s.inputs.length];
    Tensor[] rounded = new Tensor[s.inputs.length];
    Tensor[] views = new Tensor[s.inputs.length];
    for (int i = 0; i < f32.length; i++) {
      f32[i] = s.inputs[i].to(DType.FLOAT32);
      rounded[i] = f32[i].to(DType.FLOAT64);
      views[i] = OpProperties.strangeView(s.inputs[i]);
    }
    Tensor got32 = s.call.apply(f32);
    assertEquals(DType.FLOAT32, got32.dtype(), "a float32 call stays float32");
    // Data movement is exact; only the samples' scaling of pieces rounds to float32.
    OpProperties.assertClose(s.reference.apply(rounded).toDoubleArray(), got32.toDoubleArray(),
        0, 1e-7, "float32");
    assertArrayEquals(got.toDoubleArray(), s.call.apply(views).toDoubleArray(), 0.0,
        "through views");
  }

  @Property(tries = 300)
  void integerAndBoolDtypesMatchTheReference(@ForAll("integers") Drawn d) {
    count(d);
    Spec.Sample s = d.sample;
    for (DType t : List.of(DType.INT32, DType.INT64, DType.BOOL)) {
      Tensor[] in = new Tensor[s.inputs.length];
      Tensor[] asDouble = new Tensor[s.inputs.length];
      for (int i = 0; i < in.length; i++) {
        in[i] = s.inputs[i].to(t);
        asDouble[i] = in[i].to(DType.FLOAT64);
      }
      Tensor got = s.call.apply(in);
      Tensor expected = s.reference.apply(asDouble);
      assertEquals(t, got.dtype(), "the dtype is kept");
      assertEquals(expected.shape(), got.shape(), t + " shape");
      assertFalse(got.requiresGrad());
      double[] e = expected.toDoubleArray();
      if (t == DType.BOOL) {
        for (int i = 0; i < e.length; i++) e[i] = e[i] != 0 ? 1 : 0;
      }
      assertArrayEquals(e, got.toDoubleArray(), 0.0, t + " values");
    }
  }

  @Property(tries = 500)
  void derivativesMatchFiniteDifferencesInBothModes(@ForAll("reals") Drawn d) {
    count(d);
    Spec.Sample s = d.sample;
    GradCheck.create().secondOrder(true).forwardMode(true).seed(d.seed).check(s.call, s.inputs);
  }

  @Property(tries = 200)
  void derivativesFlowThroughViewsOfViews(@ForAll("reals") Drawn d) {
    Spec.Sample s = d.sample;
    GradCheck.create().secondOrder(true).forwardMode(true).seed(d.seed).check(in -> {
      Tensor[] v = new Tensor[in.length];
      for (int i = 0; i < v.length; i++) v[i] = OpProperties.strangeView(in[i]);
      return s.call.apply(v);
    }, s.inputs);
  }

  @AfterContainer
  static void everyCompositeWasExercised() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Composite c : COMPOSITES) {
      AtomicInteger n = TRIED.get(c.name);
      counts.put(c.name, n == null ? 0 : n.get());
    }
    System.out.println("shape vocabulary: tries per composite: " + counts);
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      assertTrue(e.getValue() >= 10,
          () -> "composite '" + e.getKey() + "' was exercised only " + e.getValue() + " times");
    }
  }

  // ------------------------------------------------------------------ samplers

  private static Tensor values(SplittableRandom r, int[] shape, boolean integers) {
    return integers ? Samples.integers(r, shape, -3, 3) : Samples.real(r, shape);
  }

  /** A shape of rank in [lo, hi] with sizes 1..4. */
  private static int[] shape(SplittableRandom r, int lo, int hi) {
    int[] s = Samples.shape(r, lo, hi);
    for (int i = 0; i < s.length; i++) {
      s[i] += r.nextInt(2);
    }
    return s;
  }

  private static Spec.Sample index(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 0, 3);
    List<Index> entries = new ArrayList<>();
    int indexed = shape.length == 0 ? 0 : r.nextInt(shape.length + 1);
    for (int a = 0; a < indexed; a++) {
      int n = shape[a];
      int kind = r.nextInt(3);
      if (kind == 0) {
        int i = r.nextInt(n);
        entries.add(at(r.nextBoolean() ? i : i - n));
      } else if (kind == 1) {
        entries.add(all());
      } else {
        int start = r.nextInt(n);
        int end = start + 1 + r.nextInt(n - start);
        int step = 1 + r.nextInt(3);
        // Spell the bounds as Python allows: negative, past the end (clamped), or open.
        int s = r.nextBoolean() ? start : start - n;
        int e = end == n ? (r.nextBoolean() ? Index.END : n + r.nextInt(3)) : r.nextBoolean()
            ? end : end - n;
        entries.add(step == 1 && r.nextBoolean() ? range(s, e) : range(s, e, step));
      }
    }
    if (r.nextInt(3) == 0) {
      entries.add(r.nextInt(entries.size() + 1), newAxis());
    }
    if (r.nextInt(3) == 0) {
      // An ellipsis replacing the trailing whole axes, with maybe one more entry after it.
      entries.add(ellipsis());
    }
    Index[] idx = entries.toArray(new Index[0]);
    return new Spec.Sample("index(x, " + Arrays.toString(idx) + ")", in -> in[0].index(idx),
        in -> indexReference(in[0], idx), values(r, shape, integers));
  }

  private static Spec.Sample narrow(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 1, 3);
    int ax = r.nextInt(shape.length);
    int n = shape[ax];
    int start = r.nextInt(n);
    int length = 1 + r.nextInt(n - start);
    int s = r.nextBoolean() ? start : start - n;
    int axis = r.nextBoolean() ? ax : ax - shape.length;
    return new Spec.Sample("narrow(x, " + axis + ", " + s + ", " + length + ")",
        in -> in[0].narrow(axis, s, length),
        in -> mapped(in[0], resized(in[0], ax, length), (a, o) -> a == ax ? o + start : o),
        values(r, shape, integers));
  }

  /** The pieces, each scaled by its position + 1, concatenated back: order and sizes show. */
  private static Tensor scaledConcat(Tensor[] pieces, int axis) {
    Tensor[] scaled = new Tensor[pieces.length];
    for (int i = 0; i < pieces.length; i++) {
      scaled[i] = pieces[i].mul((long) (i + 1));
    }
    return Tensor.concat(axis, scaled).to(pieces[0].dtype());
  }

  private static Spec.Sample splitBySize(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 1, 3);
    int ax = r.nextInt(shape.length);
    int size = 1 + r.nextInt(shape[ax] + 1);
    return new Spec.Sample("split(x, " + size + ", " + ax + ")",
        in -> scaledConcat(in[0].split(size, ax), ax),
        in -> scaleAlong(in[0], ax, p -> p / size + 1), values(r, shape, integers));
  }

  private static Spec.Sample splitBySizes(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 1, 3);
    int ax = r.nextInt(shape.length);
    int n = shape[ax];
    List<Integer> sizes = new ArrayList<>();
    for (int left = n; left > 0; ) {
      int s = r.nextInt(3) == 0 ? 0 : 1 + r.nextInt(left);
      sizes.add(s);
      left -= s;
    }
    int[] sz = sizes.stream().mapToInt(Integer::intValue).toArray();
    int[] piece = new int[n];
    for (int i = 0, p = 0; i < sz.length; i++) {
      for (int k = 0; k < sz[i]; k++) piece[p++] = i;
    }
    return new Spec.Sample("split(x, " + Arrays.toString(sz) + ", " + ax + ")",
        in -> scaledConcat(in[0].split(sz, ax), ax),
        in -> scaleAlong(in[0], ax, p -> piece[p] + 1), values(r, shape, integers));
  }

  private static Spec.Sample chunk(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 1, 3);
    int ax = r.nextInt(shape.length);
    int chunks = 1 + r.nextInt(4);
    int size = (shape[ax] + chunks - 1) / chunks;
    return new Spec.Sample("chunk(x, " + chunks + ", " + ax + ")",
        in -> scaledConcat(in[0].chunk(chunks, ax), ax),
        in -> scaleAlong(in[0], ax, p -> p / size + 1), values(r, shape, integers));
  }

  private static Spec.Sample unbind(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 1, 3);
    int ax = r.nextInt(shape.length);
    return new Spec.Sample("unbind(x, " + ax + ")", in -> {
      Tensor[] rows = in[0].unbind(ax);
      for (int i = 0; i < rows.length; i++) {
        rows[i] = rows[i].mul((long) (i + 1)).to(in[0].dtype());
      }
      return Tensor.stack(ax, rows);
    }, in -> scaleAlong(in[0], ax, p -> p + 1), values(r, shape, integers));
  }

  private static Spec.Sample roll(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 1, 3);
    Tensor x = values(r, shape, integers);
    if (r.nextInt(3) == 0) {
      int shift = r.nextInt(11) - 5;
      int n = Shape.of(shape).numel();
      return new Spec.Sample("roll(x, " + shift + ")", in -> in[0].roll(shift), in -> {
        double[] v = in[0].toDoubleArray();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = v[Math.floorMod(i - shift, n)];
        return Tensor.of(out, shape);
      }, x);
    }
    int k = 1 + r.nextInt(shape.length);
    int[] axes = new int[k];
    int[] shifts = new int[k];
    int[] total = new int[shape.length];
    for (int i = 0; i < k; i++) {
      axes[i] = r.nextInt(shape.length); // repeats roll again
      shifts[i] = r.nextInt(11) - 5;
      total[axes[i]] += shifts[i];
    }
    return new Spec.Sample("roll(x, " + Arrays.toString(shifts) + ", " + Arrays.toString(axes)
        + ")", in -> in[0].roll(shifts, axes),
        in -> mapped(in[0], shape, (a, o) -> Math.floorMod(o - total[a], shape[a])), x);
  }

  private static Spec.Sample repeat(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 0, 3);
    int[] counts = new int[shape.length + r.nextInt(2)];
    for (int i = 0; i < counts.length; i++) counts[i] = 1 + r.nextInt(3);
    return new Spec.Sample("repeat(x, " + Arrays.toString(counts) + ")",
        in -> in[0].repeat(counts), in -> tiled(in[0], counts), values(r, shape, integers));
  }

  private static Spec.Sample tile(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 0, 3);
    int[] counts = new int[r.nextInt(shape.length + 2)];
    for (int i = 0; i < counts.length; i++) counts[i] = 1 + r.nextInt(3);
    return new Spec.Sample("tile(x, " + Arrays.toString(counts) + ")", in -> in[0].tile(counts),
        in -> tiled(in[0], counts), values(r, shape, integers));
  }

  private static Spec.Sample triangle(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 2, 3);
    int k = r.nextInt(5) - 2;
    boolean lower = r.nextBoolean();
    int n = shape[shape.length - 2];
    int m = shape[shape.length - 1];
    return new Spec.Sample((lower ? "tril" : "triu") + "(x, " + k + ")",
        in -> lower ? in[0].tril(k) : in[0].triu(k), in -> {
          double[] v = in[0].toDoubleArray();
          for (int i = 0; i < v.length; i++) {
            int row = i / m % n;
            int col = i % m;
            boolean keep = lower ? col - row <= k : col - row >= k;
            v[i] = keep ? v[i] : 0;
          }
          return Tensor.of(v, shape);
        }, values(r, shape, integers));
  }

  private static Spec.Sample diag(SplittableRandom r, boolean integers) {
    int k = r.nextInt(5) - 2;
    if (r.nextBoolean()) {
      int n = 1 + r.nextInt(3);
      int size = n + Math.abs(k);
      return new Spec.Sample("diag(vector, " + k + ")", in -> in[0].diag(k), in -> {
        double[] v = in[0].toDoubleArray();
        double[] out = new double[size * size];
        for (int i = 0; i < n; i++) {
          int row = k >= 0 ? i : i - k;
          out[row * size + row + k] = v[i];
        }
        return Tensor.of(out, size, size);
      }, values(r, new int[] {n}, integers));
    }
    int[] shape = shape(r, 2, 2);
    return new Spec.Sample("diag(matrix, " + k + ")", in -> in[0].diag(k), in -> {
      double[] v = in[0].toDoubleArray();
      List<Double> d = new ArrayList<>();
      for (int i = 0; i < shape[0]; i++) {
        if (i + k >= 0 && i + k < shape[1]) d.add(v[i * shape[1] + i + k]);
      }
      return Tensor.of(d.stream().mapToDouble(Double::doubleValue).toArray());
    }, values(r, shape, integers));
  }

  private static Spec.Sample pad(SplittableRandom r, boolean integers) {
    int[] shape = shape(r, 1, 3);
    PadMode mode = PadMode.values()[r.nextInt(3)];
    int pairs = r.nextInt(shape.length + 1);
    int[] padding = new int[2 * pairs];
    int[] before = new int[shape.length];
    int[] out = shape.clone();
    for (int p = 0; p < pairs; p++) {
      int ax = shape.length - 1 - p;
      int most = mode == PadMode.REFLECT ? shape[ax] - 1 : 2;
      padding[2 * p] = r.nextInt(most + 1);
      padding[2 * p + 1] = r.nextInt(most + 1);
      before[ax] = padding[2 * p];
      out[ax] += padding[2 * p] + padding[2 * p + 1];
    }
    double value = integers ? r.nextInt(3) - 1 : r.nextInt(3) - 1.5;
    boolean withValue = mode == PadMode.CONSTANT && r.nextBoolean();
    return new Spec.Sample("pad(x, " + Arrays.toString(padding) + ", " + mode
        + (withValue ? ", " + value : "") + ")",
        in -> withValue ? in[0].pad(padding, value) : in[0].pad(padding, mode),
        in -> mapped(in[0], out, (a, o) -> {
          int n = shape[a];
          int i = o - before[a];
          if (i >= 0 && i < n) {
            return i;
          }
          switch (mode) {
            case CONSTANT: return -1;
            case REPLICATE: return i < 0 ? 0 : n - 1;
            default: return i < 0 ? -i : 2 * (n - 1) - i;
          }
        }, withValue ? value : 0.0),
        values(r, shape, integers));
  }

  private static Spec.Sample takeAlongAxis(SplittableRandom r, boolean integers) {
    int[] xs = shape(r, 1, 3);
    int ax = r.nextInt(xs.length);
    int[] is = xs.clone();
    is[ax] = 1 + r.nextInt(3);
    for (int d = 0; d < xs.length; d++) {
      if (d != ax && r.nextInt(3) == 0) {
        // Broadcast one way or the other.
        if (r.nextBoolean()) {
          xs[d] = 1;
        } else {
          is[d] = 1;
        }
      }
    }
    int n = xs[ax];
    long[] idx = new long[Shape.of(is).numel()];
    for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(2 * n) - n; // negatives count back
    Tensor indices = Tensor.of(idx, is);
    int[] outShape = is.clone();
    for (int d = 0; d < xs.length; d++) {
      outShape[d] = d == ax ? is[ax] : Math.max(xs[d], is[d]);
    }
    return new Spec.Sample("takeAlongAxis(x " + Arrays.toString(xs) + ", " + Arrays.toString(idx)
        + " " + Arrays.toString(is) + ", " + ax + ")", in -> in[0].takeAlongAxis(indices, ax),
        in -> {
          double[] v = in[0].toDoubleArray();
          Shape os = Shape.of(outShape);
          double[] out = new double[os.numel()];
          int[] o = new int[outShape.length];
          for (int k = 0; k < out.length; k++) {
            Samples.unravel(k, os, o);
            int iflat = 0;
            for (int d = 0; d < o.length; d++) iflat = iflat * is[d] + (is[d] == 1 ? 0 : o[d]);
            int xflat = 0;
            for (int d = 0; d < o.length; d++) {
              int pos = d == ax ? (int) Math.floorMod(idx[iflat], (long) n)
                  : xs[d] == 1 ? 0 : o[d];
              xflat = xflat * xs[d] + pos;
            }
            out[k] = v[xflat];
          }
          return Tensor.of(out, outShape);
        }, values(r, xs, integers));
  }

  private static Spec.Sample maskedSelect(SplittableRandom r, boolean integers) {
    int[][] pair = Samples.broadcastPair(r);
    int[] xs = pair[0];
    int[] ms = pair[1];
    boolean[] mask = new boolean[Shape.of(ms).numel()];
    for (int i = 0; i < mask.length; i++) mask[i] = r.nextBoolean();
    mask[r.nextInt(mask.length)] = true; // at least one: a gradient check needs an output
    Tensor m = Tensor.of(mask, ms);
    return new Spec.Sample("maskedSelect(x " + Arrays.toString(xs) + ", " + Arrays.toString(mask)
        + " " + Arrays.toString(ms) + ")", in -> in[0].maskedSelect(m), in -> {
          Shape s = Shape.broadcast("reference", in[0].shape(), m.shape());
          double[] v = in[0].toDoubleArray();
          List<Double> out = new ArrayList<>();
          int[] idx = new int[s.rank()];
          for (int k = 0; k < s.numel(); k++) {
            Samples.unravel(k, s, idx);
            if (mask[Samples.broadcastIndex(idx, s, m.shape())]) {
              out.add(v[Samples.broadcastIndex(idx, s, in[0].shape())]);
            }
          }
          return Tensor.of(out.stream().mapToDouble(Double::doubleValue).toArray());
        }, values(r, xs, integers));
  }

  // ------------------------------------------------------------------ references

  /**
   * {@code y[o] = x[map(0, o_0), ..., map(k, o_k)]} for every output index o of {@code out}
   * (same rank as x), or {@code fill} where the map gives -1; float64, by index arithmetic.
   */
  static Tensor mapped(Tensor x, int[] out, IntBinaryOperator map, double fill) {
    Shape os = Shape.of(out);
    int[] dims = x.shape().dims();
    double[] v = x.toDoubleArray();
    double[] res = new double[os.numel()];
    int[] o = new int[out.length];
    for (int k = 0; k < res.length; k++) {
      Samples.unravel(k, os, o);
      int flat = 0;
      boolean filled = false;
      for (int a = 0; a < out.length; a++) {
        int i = map.applyAsInt(a, o[a]);
        filled |= i < 0;
        flat = flat * dims[a] + Math.max(i, 0);
      }
      res[k] = filled ? fill : v[flat];
    }
    return Tensor.of(res, out);
  }

  static Tensor mapped(Tensor x, int[] out, IntBinaryOperator map) {
    return mapped(x, out, map, 0.0);
  }

  private static int[] resized(Tensor x, int ax, int n) {
    int[] d = x.shape().dims();
    d[ax] = n;
    return d;
  }

  /** x with every element multiplied by factor(its position along ax). */
  private static Tensor scaleAlong(Tensor x, int ax, IntUnaryOperator factor) {
    double[] v = x.toDoubleArray();
    int[] idx = new int[x.rank()];
    for (int k = 0; k < v.length; k++) {
      Samples.unravel(k, x.shape(), idx);
      v[k] *= factor.applyAsInt(idx[ax]);
    }
    return Tensor.of(v, x.shape().dims());
  }

  /** NumPy's tile: counts aligned to the last axes, the shorter of shape and counts padded. */
  private static Tensor tiled(Tensor x, int[] counts) {
    int r = Math.max(x.rank(), counts.length);
    int[] dims = new int[r];
    int[] c = new int[r];
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int xi = i - (r - x.rank());
      int ci = i - (r - counts.length);
      dims[i] = xi >= 0 ? x.shape().dim(xi) : 1;
      c[i] = ci >= 0 ? counts[ci] : 1;
      out[i] = dims[i] * c[i];
    }
    Tensor padded = Tensor.of(x.toDoubleArray(), dims);
    return mapped(padded, out, (a, o) -> o % dims[a]);
  }

  /** Python basic indexing by explicit position lists. */
  static Tensor indexReference(Tensor x, Index[] index) {
    int r = x.rank();
    int consumed = 0;
    for (Index e : index) {
      consumed += e.kind == Index.Kind.AT || e.kind == Index.Kind.RANGE ? 1 : 0;
    }
    List<Index> full = new ArrayList<>();
    boolean sawEllipsis = false;
    for (Index e : index) {
      if (e.kind == Index.Kind.ELLIPSIS) {
        for (int k = 0; k < r - consumed; k++) full.add(all());
        sawEllipsis = true;
      } else {
        full.add(e);
      }
    }
    if (!sawEllipsis) {
      for (int k = consumed; k < r; k++) full.add(all());
    }
    int[][] positions = new int[r][];
    List<Integer> outDims = new ArrayList<>();
    int axis = 0;
    for (Index e : full) {
      if (e.kind == Index.Kind.NEW_AXIS) {
        outDims.add(1);
        continue;
      }
      int n = x.shape().dim(axis);
      if (e.kind == Index.Kind.AT) {
        positions[axis++] = new int[] {e.start < 0 ? e.start + n : e.start};
      } else {
        int s = e.start < 0 ? Math.max(0, e.start + n) : Math.min(e.start, n);
        int end = e.end < 0 ? Math.max(0, e.end + n) : Math.min(e.end, n);
        List<Integer> p = new ArrayList<>();
        for (int i = s; i < end; i += e.step) p.add(i);
        positions[axis++] = p.stream().mapToInt(Integer::intValue).toArray();
        outDims.add(p.size());
      }
    }
    int[] kept = new int[r];
    for (int a = 0; a < r; a++) kept[a] = positions[a].length;
    Tensor picked = mapped(x, kept, (a, o) -> positions[a][o]);
    return Tensor.of(picked.toDoubleArray(), outDims.stream().mapToInt(Integer::intValue)
        .toArray());
  }
}
