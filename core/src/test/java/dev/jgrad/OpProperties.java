package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import net.jqwik.api.statistics.Statistics;

/**
 * The generic properties over the op table, driven by each primitive's own declaration
 * ({@link Prim}, {@link Spec}): for a random op and a random sample of it,
 *
 * <ul>
 *   <li>the forward value agrees with the declaration's independent reference in float64 and
 *       float32, on every integer/bool dtype the op accepts, and on non-contiguous views of the
 *       same values;
 *   <li>reverse mode (first and second order), forward mode (first order, and second order of
 *       the JVP by reverse-over-forward and forward-over-forward) agree with central finite
 *       differences in float64 (PyTorch gradcheck tolerances), and the VJP and JVP agree
 *       ({@code <v, J·u>} both ways) — also when the inputs arrive through views of views;
 *   <li>re-running backward is bit-identical and the VJP is linear in the output gradient.
 * </ul>
 *
 * After the class, every primitive of the table must have been exercised.
 */
class OpProperties {
  static final int TRIES = 4000;
  static final Map<String, AtomicInteger> TRIED = new ConcurrentHashMap<>();

  /** A drawn op and one of its samples. */
  record Drawn(Prim<?> prim, Spec.Sample sample, long seed) {
    @Override
    public String toString() {
      return prim.name + " (seed " + seed + "): " + sample;
    }
  }

  @Provide
  Arbitrary<Drawn> samples() {
    List<Prim<?>> all = OpTable.all();
    return Combinators.combine(Arbitraries.of(all), Arbitraries.longs())
        .as((p, seed) -> new Drawn(p, p.spec.sampler.draw(new SplittableRandom(seed)), seed));
  }

  @Provide
  Arbitrary<Drawn> intSamples() {
    List<Prim<?>> withInts = new ArrayList<>();
    for (Prim<?> p : OpTable.all()) {
      if (p.spec.intSampler != null) {
        withInts.add(p);
      }
    }
    return Combinators.combine(Arbitraries.of(withInts), Arbitraries.longs())
        .as((p, seed) -> new Drawn(p, p.spec.intSampler.draw(new SplittableRandom(seed)), seed));
  }

  private static void count(Drawn d) {
    TRIED.computeIfAbsent(d.prim.name, k -> new AtomicInteger()).incrementAndGet();
    Statistics.collect(d.prim.name);
  }

  // ------------------------------------------------------------------ forward values

  @Property(tries = TRIES)
  void forwardMatchesTheReference(@ForAll("samples") Drawn d) {
    count(d);
    Spec.Sample s = d.sample;
    Tensor expected = s.reference.apply(s.inputs);
    Tensor got = s.call.apply(s.inputs);
    assertEquals(expected.shape(), got.shape(), "shape");
    assertClose(expected.toDoubleArray(), got.toDoubleArray(), 1e-12, 1e-12, "float64");
    if (d.prim.differentiable()) {
      assertEquals(DType.FLOAT64, got.dtype(), "a float64 call stays float64");
    }
    // float32: inputs rounded to float32, compared with the reference on the rounded values.
    Tensor[] f32 = new Tensor[s.inputs.length];
    Tensor[] rounded = new Tensor[s.inputs.length];
    for (int i = 0; i < f32.length; i++) {
      f32[i] = s.inputs[i].to(DType.FLOAT32);
      rounded[i] = f32[i].to(DType.FLOAT64);
    }
    Tensor got32 = s.call.apply(f32);
    if (d.prim.differentiable() && !d.prim.name.equals("cast")) {
      assertEquals(DType.FLOAT32, got32.dtype(), "a float32 call stays float32");
    }
    assertClose(s.reference.apply(rounded).toDoubleArray(), got32.toDoubleArray(), 2e-6, 2e-6,
        "float32");
    // views: the same values through non-contiguous layouts give the same result, exactly.
    Tensor[] views = new Tensor[s.inputs.length];
    for (int i = 0; i < views.length; i++) {
      views[i] = strangeView(s.inputs[i]);
      assertArrayEquals(s.inputs[i].toDoubleArray(), views[i].toDoubleArray());
    }
    assertArrayEquals(got.toDoubleArray(), s.call.apply(views).toDoubleArray(), 0.0,
        "through views");
  }

  @Property(tries = 1500)
  void integerAndBoolDtypesMatchTheReference(@ForAll("intSamples") Drawn d) {
    count(d);
    Spec.Sample s = d.sample;
    for (DType t : d.prim.spec.intTypes) {
      Tensor[] in = new Tensor[s.inputs.length];
      Tensor[] asDouble = new Tensor[s.inputs.length];
      for (int i = 0; i < in.length; i++) {
        in[i] = s.inputs[i].to(t);
        asDouble[i] = in[i].to(DType.FLOAT64);
      }
      Tensor got = s.call.apply(in);
      Tensor expected = s.reference.apply(asDouble);
      assertEquals(expected.shape(), got.shape(), t + " shape");
      assertFalse(got.requiresGrad(), "integer results are constants");
      if (got.dtype().isFloatingPoint()) {
        assertClose(expected.toDoubleArray(), got.toDoubleArray(), 1e-6, 1e-6, t.toString());
      } else {
        // Exact: compare as integers (BOOL results as 0/1).
        double[] e = expected.toDoubleArray();
        if (got.dtype() == DType.BOOL) {
          for (int i = 0; i < e.length; i++) e[i] = e[i] != 0 ? 1 : 0;
        }
        assertArrayEquals(e, got.toDoubleArray(), 0.0, t + " values");
      }
    }
  }

  // ------------------------------------------------------------------ derivatives

  @Property(tries = TRIES)
  void derivativesMatchFiniteDifferencesInBothModes(@ForAll("samples") Drawn d) {
    count(d);
    Spec.Sample s = d.sample;
    Tensor[] xs = withGrad(s.inputs);
    Tensor out = s.call.apply(xs);
    if (!d.prim.differentiable()) {
      assertFalse(out.requiresGrad(), d.prim.name + " is a constant: its result needs no grad");
      return;
    }
    assertTrue(opsIn(out).contains(d.prim.name),
        () -> "sample does not record " + d.prim.name + ": " + opsIn(out));
    GradCheck.create().eps(s.eps).secondOrder(true).forwardMode(true).seed(d.seed)
        .check(s.call, s.inputs);
  }

  @Property(tries = 800)
  void derivativesFlowThroughViewsOfViews(@ForAll("samples") Drawn d) {
    Spec.Sample s = d.sample;
    if (!d.prim.differentiable()) {
      return;
    }
    GradCheck.create().eps(s.eps).secondOrder(true).forwardMode(true).seed(d.seed)
        .check(in -> {
          Tensor[] v = new Tensor[in.length];
          for (int i = 0; i < v.length; i++) v[i] = strangeView(in[i]);
          return s.call.apply(v);
        }, s.inputs);
  }

  @Property(tries = 500)
  void backwardRerunIsBitIdentical(@ForAll("samples") Drawn d) {
    Spec.Sample s = d.sample;
    Tensor[] xs = withGrad(s.inputs);
    Tensor out = s.call.apply(xs);
    if (!out.requiresGrad()) {
      return;
    }
    Tensor v = cotangent(new SplittableRandom(1), out);
    List<Tensor> g1 = Autograd.grad(List.of(out), List.of(xs), List.of(v), false);
    List<Tensor> g2 = Autograd.grad(List.of(out), List.of(xs), List.of(v), false);
    for (int i = 0; i < xs.length; i++) {
      assertEquals(xs[i].shape(), g1.get(i).shape(), "gradient shape equals input shape");
      assertArrayEquals(g1.get(i).toDoubleArray(), g2.get(i).toDoubleArray());
    }
    out.backward(v);
    out.backward(v);
    for (int i = 0; i < xs.length; i++) {
      double[] twice = g1.get(i).mul(2.0).toDoubleArray();
      double[] acc = xs[i].grad() == null ? new double[xs[i].numel()]
          : xs[i].grad().toDoubleArray();
      assertArrayEquals(twice, acc, "two backward passes accumulate exactly twice");
    }
  }

  @Property(tries = 500)
  void vjpIsLinearInTheOutputGradient(@ForAll("samples") Drawn d) {
    Spec.Sample s = d.sample;
    Tensor[] xs = withGrad(s.inputs);
    Tensor out = s.call.apply(xs);
    if (!out.requiresGrad()) {
      return;
    }
    SplittableRandom r = new SplittableRandom(7);
    Tensor v1 = cotangent(r, out);
    Tensor v2 = cotangent(r, out);
    double alpha = 1.5;
    double beta = -0.75;
    List<Tensor> g1 = Autograd.grad(List.of(out), List.of(xs), List.of(v1), false);
    List<Tensor> g2 = Autograd.grad(List.of(out), List.of(xs), List.of(v2), false);
    List<Tensor> g = Autograd.grad(List.of(out), List.of(xs),
        List.of(v1.mul(alpha).add(v2.mul(beta))), false);
    for (int i = 0; i < xs.length; i++) {
      double[] expected = g1.get(i).mul(alpha).add(g2.get(i).mul(beta)).toDoubleArray();
      // cast rounds the gradient through float32; everything else is float64 throughout.
      double tol = d.prim.name.equals("cast") ? 1e-6 : 1e-12;
      assertArrayEquals(expected, g.get(i).toDoubleArray(), tol);
    }
  }

  // ------------------------------------------------------------------ the table itself

  @AfterContainer
  static void everyOpWasExercised() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Prim<?> p : OpTable.all()) {
      AtomicInteger c = TRIED.get(p.name);
      counts.put(p.name, c == null ? 0 : c.get());
    }
    System.out.println("op table: " + counts.size() + " primitives; tries per op: " + counts);
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      assertTrue(e.getValue() >= 10,
          () -> "op '" + e.getKey() + "' was exercised only " + e.getValue() + " times");
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Values within atol + rtol·|expected| (NaN equals NaN, infinities must match exactly). */
  static void assertClose(double[] expected, double[] got, double atol, double rtol,
      String what) {
    assertEquals(expected.length, got.length, what + ": element count");
    for (int i = 0; i < got.length; i++) {
      double e = expected[i];
      double g = got[i];
      boolean ok = Double.isNaN(e) ? Double.isNaN(g)
          : Double.isInfinite(e) ? e == g : Math.abs(e - g) <= atol + rtol * Math.abs(e);
      int k = i;
      assertTrue(ok, () -> what + ": element " + k + " expected " + e + " got " + g);
    }
  }

  /**
   * The same values through a non-contiguous view of a view: {@code stack(x, x)} along a new last
   * axis, its second half sliced out (inner stride 2, nonzero offset) and the axis squeezed away,
   * so kernels and rules see real strides and gradients flow through three views.
   */
  static Tensor strangeView(Tensor x) {
    int r = x.rank();
    return Tensor.stack(r, x, x).slice(r, 1, 2).squeeze(r);
  }

  static Tensor[] withGrad(Tensor[] inputs) {
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Tensor.of(inputs[i].toDoubleArray(), inputs[i].shape().dims()).requiresGrad(true);
    }
    return xs;
  }

  static Tensor cotangent(SplittableRandom r, Tensor out) {
    return Tensor.uniform(r, DType.FLOAT64, -1, 1, out.shape().dims());
  }

  /** The names of the ops recorded in the graph behind t. */
  static Set<String> opsIn(Tensor t) {
    Set<String> names = new HashSet<>();
    List<Tensor> todo = new ArrayList<>(List.of(t));
    Set<Node> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Tensor x = todo.remove(todo.size() - 1);
      if (x.node != null && seen.add(x.node)) {
        names.add(x.node.prim.name);
        todo.addAll(List.of(x.node.inputs));
      }
    }
    return names;
  }
}
