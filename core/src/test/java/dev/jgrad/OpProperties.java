package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The generic properties over the op table: for a random op and a random sample of it,
 * autodiff agrees with central finite differences in float64 (first and second order, PyTorch
 * gradcheck tolerances), re-running backward is bit-identical, and the VJP is linear in the
 * output gradient. After the class, every row of the table must have been exercised.
 */
class OpProperties {
  static final int TRIES = 10000;
  static final Map<String, AtomicInteger> TRIED = new ConcurrentHashMap<>();

  @Provide
  Arbitrary<OpSamples.Sample> samples() {
    List<String> names = new ArrayList<>();
    for (OpInfo i : OpTable.ALL) {
      names.add(i.name());
    }
    return Combinators.combine(Arbitraries.of(names), Arbitraries.longs())
        .as(OpSamples::draw);
  }

  private static void count(OpSamples.Sample s) {
    TRIED.computeIfAbsent(s.op, k -> new AtomicInteger()).incrementAndGet();
    Statistics.collect(s.op);
  }

  @Property(tries = TRIES)
  void gradientsMatchFiniteDifferences(@ForAll("samples") OpSamples.Sample s) {
    count(s);
    OpInfo info = OpTable.get(s.op);
    Tensor out = s.f.apply(withGrad(s.inputs));
    if (info.differentiable()) {
      assertTrue(OpSamples.opsIn(out).contains(s.op),
          () -> "sample does not record " + s.op + ": " + OpSamples.opsIn(out));
    }
    GradCheck.create().eps(s.eps).secondOrder(true).check(s.f, s.inputs);
  }

  @Property(tries = 500)
  void backwardRerunIsBitIdentical(@ForAll("samples") OpSamples.Sample s) {
    Tensor[] xs = withGrad(s.inputs);
    Tensor out = s.f.apply(xs);
    Tensor v = cotangent(new SplittableRandom(1), out);
    List<Tensor> g1 = Autograd.grad(List.of(out), List.of(xs), List.of(v), false);
    List<Tensor> g2 = Autograd.grad(List.of(out), List.of(xs), List.of(v), false);
    for (int i = 0; i < xs.length; i++) {
      assertEquals(xs[i].shape(), g1.get(i).shape(), "gradient shape equals input shape");
      assertArrayEquals(g1.get(i).toDoubleArray(), g2.get(i).toDoubleArray());
    }
    if (out.requiresGrad()) {
      out.backward(v);
      out.backward(v);
      for (int i = 0; i < xs.length; i++) {
        double[] twice = g1.get(i).mul(2.0).toDoubleArray();
        double[] acc = xs[i].grad() == null ? new double[xs[i].numel()]
            : xs[i].grad().toDoubleArray();
        assertArrayEquals(twice, acc, "two backward passes accumulate exactly twice");
      }
    }
  }

  @Property(tries = 500)
  void vjpIsLinearInTheOutputGradient(@ForAll("samples") OpSamples.Sample s) {
    Tensor[] xs = withGrad(s.inputs);
    Tensor out = s.f.apply(xs);
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
      double tol = s.op.equals("cast") ? 1e-6 : 1e-12;
      assertArrayEquals(expected, g.get(i).toDoubleArray(), tol);
    }
  }

  @AfterContainer
  static void everyOpWasExercised() {
    Map<String, Integer> counts = new TreeMap<>();
    for (OpInfo i : OpTable.ALL) {
      AtomicInteger c = TRIED.get(i.name());
      counts.put(i.name(), c == null ? 0 : c.get());
    }
    System.out.println("op table: " + OpTable.ALL.size() + " ops; gradient-check tries per op "
        + "(of " + TRIES + "): " + counts);
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      assertTrue(e.getValue() >= 10,
          () -> "op '" + e.getKey() + "' was exercised only " + e.getValue() + " times");
    }
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
}
