package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The composite reductions (var, std, norm, and the values of sort, topk, median and max/min with
 * index, which are gathers through argsort's or argmax's indices) held to the op table's
 * standard: the forward value against an independent float64 reference in float64, float32 and
 * through non-contiguous views, and reverse and forward mode to second order against finite
 * differences. The primitives they are built from are in the table ({@link OpProperties}); this
 * checks that the composition is right. Values are tie-free for the selections and kept away
 * from 0 where |x|^p has a kink.
 */
class ReductionCompositesProperties {
  static final Map<String, AtomicInteger> TRIED = new ConcurrentHashMap<>();

  /** A composite: how to draw one sample of it. */
  record Composite(String name, Spec.Sampler sampler) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Drawn(Composite op, Spec.Sample sample, long seed) {
    @Override
    public String toString() {
      return op.name + " (seed " + seed + "): " + sample;
    }
  }

  private static int[] axesOf(SplittableRandom r, int[] shape) {
    return Samples.axes(r, shape.length);
  }

  private static double[] normalize(int[] axes, int rank) {
    return Arrays.stream(axes).mapToDouble(a -> a < 0 ? a + rank : a).toArray();
  }

  /** Σ (x - mean)² / (N - c) by the one-pass formula (Σx² - (Σx)²/N) / (N - c): independent. */
  private static Tensor varianceReference(Tensor x, int[] axes, boolean keep, double c) {
    Tensor s1 = Samples.reduce(x, axes, keep, 0, (acc, v) -> acc + v);
    Tensor s2 = Samples.reduce(x, axes, keep, 0, (acc, v) -> acc + v * v);
    Tensor n = Samples.reduce(x, axes, keep, 0, (acc, v) -> acc + 1);
    double[] a = s1.toDoubleArray();
    double[] b = s2.toDoubleArray();
    double[] m = n.toDoubleArray();
    double[] out = new double[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (b[i] - a[i] * a[i] / m[i]) / (m[i] - c);
    }
    return Tensor.of(out, s1.shape().dims());
  }

  private static Tensor normReference(Tensor x, double p, int[] axes, boolean keep) {
    if (p == Double.POSITIVE_INFINITY) {
      return Samples.reduce(x, axes, keep, 0, (acc, v) -> Math.max(acc, Math.abs(v)));
    }
    return Samples.map(Samples.reduce(x, axes, keep, 0,
        (acc, v) -> acc + StrictMath.pow(Math.abs(v), p)), s -> StrictMath.pow(s, 1 / p));
  }

  /** A random axis of a non-empty rank, and how it is written (negative half the time). */
  private static int[] axis(SplittableRandom r, int rank) {
    int ax = r.nextInt(rank);
    return new int[] {r.nextBoolean() ? ax : ax - rank, ax};
  }

  static final List<Composite> COMPOSITES = List.of(
      new Composite("var", r -> {
        int[] shape = Samples.shape(r, 0, 3);
        int[] axes = axesOf(r, shape);
        boolean keep = r.nextBoolean();
        Tensor x = Samples.real(r, shape);
        int reduced = 1;
        for (double a : normalize(axes, shape.length)) reduced *= shape[(int) a];
        if (axes.length == 0) reduced = x.numel();
        double c = r.nextInt(Math.min(reduced, 3)); // N - c > 0
        return new Spec.Sample("var(x, " + Arrays.toString(axes) + ", " + c + ", " + keep + ")",
            in -> in[0].var(axes, c, keep), in -> varianceReference(in[0], axes, keep, c), x);
      }),
      new Composite("std", r -> {
        int[] shape = Samples.shape(r, 1, 3);
        shape[0] = 2 + r.nextInt(2);
        int[] axes = {0};
        boolean keep = r.nextBoolean();
        Tensor x = Samples.distinct(r, shape); // a spread: std well above 0
        return new Spec.Sample("std(x, [0], 1, " + keep + ")", in -> in[0].std(axes, 1, keep),
            in -> Samples.map(varianceReference(in[0], axes, keep, 1), Math::sqrt), x);
      }),
      new Composite("norm", r -> {
        int[] shape = Samples.shape(r, 0, 3);
        int[] axes = axesOf(r, shape);
        boolean keep = r.nextBoolean();
        double[] ps = {1, 2, 3, 1.5, 0.7, 4, Double.POSITIVE_INFINITY};
        double p = ps[r.nextInt(ps.length)];
        Tensor x = p == Double.POSITIVE_INFINITY ? Samples.distinct(r, shape)
            : Samples.tensor(r, shape, Samples.Domain.REAL, Samples.KINK_AT_ZERO);
        return new Spec.Sample("norm(x, " + p + ", " + Arrays.toString(axes) + ", " + keep + ")",
            in -> in[0].norm(p, axes, keep), in -> normReference(in[0], p, axes, keep), x);
      }),
      new Composite("sort", r -> {
        int[] shape = Samples.shape(r, 0, 3);
        int[] a = shape.length == 0 ? new int[] {-1, 0} : axis(r, shape.length);
        boolean down = r.nextBoolean();
        return new Spec.Sample("sort(x, " + a[0] + ", " + down + ").values",
            in -> in[0].sort(a[0], down).values(), in -> Samples.alongAxis(a[1], l -> {
              double[] pos = SortOps.sortedPositions(l[0], down);
              double[] v = new double[pos.length];
              for (int i = 0; i < v.length; i++) v[i] = l[0][(int) pos[i]];
              return v;
            }, in), Samples.distinct(r, shape));
      }),
      new Composite("topk", r -> {
        int[] shape = Samples.shape(r, 1, 3);
        int[] a = axis(r, shape.length);
        int k = 1 + r.nextInt(shape[a[1]]);
        boolean largest = r.nextBoolean();
        return new Spec.Sample("topk(x, " + k + ", " + a[0] + ", " + largest + ").values",
            in -> in[0].topk(k, a[0], largest).values(), in -> Samples.alongAxis(a[1], l -> {
              double[] pos = SortOps.sortedPositions(l[0], largest);
              double[] v = new double[k];
              for (int i = 0; i < k; i++) v[i] = l[0][(int) pos[i]];
              return v;
            }, in), Samples.distinct(r, shape));
      }),
      new Composite("median", r -> {
        int[] shape = Samples.shape(r, 0, 3);
        if (shape.length == 0 || r.nextInt(4) == 0) {
          return new Spec.Sample("median(x)", in -> in[0].median(), in -> {
            double[] v = in[0].toDoubleArray();
            Arrays.sort(v);
            return Tensor.scalar(v[(v.length - 1) / 2]);
          }, Samples.distinct(r, shape));
        }
        int[] a = axis(r, shape.length);
        boolean keep = r.nextBoolean();
        return new Spec.Sample("median(x, " + a[0] + ", " + keep + ").values",
            in -> in[0].median(a[0], keep).values(), in -> {
              Tensor t = Samples.alongAxis(a[1], l -> {
                double[] v = l[0].clone();
                Arrays.sort(v);
                return new double[] {v[(v.length - 1) / 2]};
              }, in);
              return keep ? t : t.squeeze(a[1]);
            }, Samples.distinct(r, shape));
      }),
      new Composite("max/min with index", r -> {
        int[] shape = Samples.shape(r, 0, 3);
        int[] a = shape.length == 0 ? new int[] {0, 0} : axis(r, shape.length);
        boolean keep = r.nextBoolean();
        boolean max = r.nextBoolean();
        return new Spec.Sample((max ? "maxWithIndex" : "minWithIndex") + "(x, " + a[0] + ", "
            + keep + ").values", in -> max ? in[0].maxWithIndex(a[0], keep).values()
            : in[0].minWithIndex(a[0], keep).values(),
            in -> shape.length == 0 ? in[0] : Samples.reduce(in[0], new int[] {a[1]}, keep,
                max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY,
                (acc, v) -> max ? Math.max(acc, v) : Math.min(acc, v)),
            Samples.distinct(r, shape));
      }));

  @Provide
  Arbitrary<Drawn> samples() {
    return Combinators.combine(Arbitraries.of(COMPOSITES), Arbitraries.longs())
        .as((c, seed) -> new Drawn(c, c.sampler.draw(new SplittableRandom(seed)), seed));
  }

  @Property(tries = 400)
  void forwardMatchesTheReferenceInBothDtypesAndThroughViews(@ForAll("samples") Drawn d) {
    TRIED.computeIfAbsent(d.op.name, k -> new AtomicInteger()).incrementAndGet();
    Spec.Sample s = d.sample;
    Tensor expected = s.reference.apply(s.inputs);
    Tensor got = s.call.apply(s.inputs);
    assertEquals(expected.shape(), got.shape(), "shape");
    assertEquals(DType.FLOAT64, got.dtype());
    OpProperties.assertClose(expected.toDoubleArray(), got.toDoubleArray(), 1e-12, 1e-12,
        "float64");
    Tensor f32 = s.inputs[0].to(DType.FLOAT32);
    Tensor got32 = s.call.apply(new Tensor[] {f32});
    assertEquals(DType.FLOAT32, got32.dtype());
    OpProperties.assertClose(s.reference.apply(new Tensor[] {f32.to(DType.FLOAT64)})
        .toDoubleArray(), got32.toDoubleArray(), 2e-6, 2e-6, "float32");
    assertArrayEquals(got.toDoubleArray(), s.call.apply(new Tensor[] {
        OpProperties.strangeView(s.inputs[0])}).toDoubleArray(), 0.0, "through views");
  }

  @Property(tries = 400)
  void derivativesMatchFiniteDifferencesInBothModes(@ForAll("samples") Drawn d) {
    TRIED.computeIfAbsent(d.op.name, k -> new AtomicInteger()).incrementAndGet();
    Spec.Sample s = d.sample;
    GradCheck.create().eps(s.eps).secondOrder(true).forwardMode(true).seed(d.seed)
        .check(in -> s.call.apply(new Tensor[] {OpProperties.strangeView(in[0])}), s.inputs);
  }

  @AfterContainer
  static void everyCompositeWasExercised() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Composite c : COMPOSITES) {
      AtomicInteger n = TRIED.get(c.name);
      counts.put(c.name, n == null ? 0 : n.get());
    }
    System.out.println("reduction composites: tries per composite: " + counts);
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      assertTrue(e.getValue() >= 10,
          () -> "composite '" + e.getKey() + "' was exercised only " + e.getValue() + " times");
    }
  }
}
