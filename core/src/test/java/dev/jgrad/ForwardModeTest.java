package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Forward mode: dual tensors, one-pass JVPs, and every mix with reverse mode. */
class ForwardModeTest {
  /** f(x) = [sin(x0·x1), x0² + exp(x1)]. */
  static final Function<Tensor, Tensor> F = x -> Tensor.stack(0,
      x.slice(0, 0, 1).mul(x.slice(0, 1, 2)).sin().reshape(),
      x.slice(0, 0, 1).square().add(x.slice(0, 1, 2).exp()).reshape());

  @Test
  void jvpIsTheJacobianTimesTheTangentInOnePass() {
    Tensor x = Tensor.of(new double[] {0.7, -0.3});
    Tensor u = Tensor.of(new double[] {1.5, 2});
    Functional.Jvp r = Functional.jvp(F, x, u);
    double x0 = 0.7;
    double x1 = -0.3;
    double c = Math.cos(x0 * x1);
    assertArrayEquals(new double[] {Math.sin(x0 * x1), x0 * x0 + Math.exp(x1)},
        r.value().toDoubleArray(), 1e-15);
    assertArrayEquals(new double[] {c * (x1 * 1.5 + x0 * 2), 2 * x0 * 1.5 + Math.exp(x1) * 2},
        r.tangent().toDoubleArray(), 1e-15);
  }

  @Test
  void jvpRunsNoReversePass() {
    // A once-differentiable op (raw-array backward) that declares a JVP works under jvp: no
    // reverse pass runs, so its refusing second derivative is never reached.
    CustomOp cube = new CustomOp("cube", true) {
      @Override
      protected Tensor forward(Tensor... in) {
        return in[0].pow(3.0);
      }

      @Override
      protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
        throw new AssertionError("jvp must not run a reverse pass");
      }

      @Override
      protected Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
        return t[0].mul(in[0].square()).mul(3.0);
      }
    };
    Functional.Jvp r = Functional.jvp(cube::apply, Tensor.of(new double[] {2}),
        Tensor.of(new double[] {1}));
    assertEquals(12.0, r.tangent().item());
  }

  @Test
  void aCustomOpWithoutAJvpSaysForwardModeIsMissing() {
    CustomOp noJvp = new CustomOp("no_jvp") {
      @Override
      protected Tensor forward(Tensor... in) {
        return in[0].mul(2.0);
      }

      @Override
      protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
        return new Tensor[] {g.mul(2.0)};
      }
    };
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> Functional.jvp(noJvp::apply, Tensor.scalar(1.0), Tensor.scalar(1.0)));
    assertEquals("custom op 'no_jvp' has no forward-mode rule: override jvp(inputs, output, "
        + "tangents) to use it with ForwardAD or Functional.jvp", e.getMessage());
  }

  @Test
  void jacfwdEqualsTheReverseModeJacobian() {
    Tensor x = Tensor.of(new double[] {0.4, 1.1});
    assertArrayEquals(Functional.jacobian(F, x).toDoubleArray(),
        Functional.jacfwd(F, x).toDoubleArray(), 1e-15);
  }

  @Test
  void hvpAsForwardOverReverseEqualsTheHessianTimesV() {
    Function<Tensor, Tensor> g = x -> x.pow(3.0).sum()
        .add(x.slice(0, 0, 1).mul(x.slice(0, 1, 2)).mul(x.slice(0, 2, 3)).sum());
    Tensor x = Tensor.of(new double[] {0.5, -1, 2});
    Tensor v = Tensor.of(new double[] {1, 2, -1});
    double[] h = Functional.hessian(g, x).reshape(3, 3).toDoubleArray();
    double[] hv = new double[3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        hv[i] += h[i * 3 + j] * v.get(j);
      }
    }
    assertArrayEquals(hv, Functional.hvp(g, x, v).toDoubleArray(), 1e-12);
  }

  @Test
  void reverseOverForwardDifferentiatesATangent() {
    // d/dx of (d/dε f(x + ε u)) = u · f''(x) for f = sin, u = 3: -3 sin(x)
    Tensor x = Tensor.scalar(0.8).requiresGrad(true);
    Tensor t;
    try (ForwardAD.Level level = ForwardAD.enter()) {
      t = level.tangent(level.dual(x, Tensor.scalar(3.0)).sin());
    }
    assertEquals(3 * Math.cos(0.8), t.item(), 1e-15);
    assertEquals(-3 * Math.sin(0.8), Autograd.grad(t, x)[0].item(), 1e-15);
  }

  @Test
  void forwardOverForwardGivesSecondDerivatives() {
    // f = exp(x²): f'' = (2 + 4x²) exp(x²)
    double at = 0.6;
    Tensor second;
    try (ForwardAD.Level outer = ForwardAD.enter()) {
      Tensor x = outer.dual(Tensor.scalar(at), Tensor.scalar(1.0));
      Tensor first;
      try (ForwardAD.Level inner = ForwardAD.enter()) {
        first = inner.tangent(inner.dual(x, Tensor.scalar(1.0)).square().exp());
      }
      second = outer.tangent(first);
    }
    assertEquals((2 + 4 * at * at) * Math.exp(at * at), second.item(), 1e-13);
  }

  @Test
  void levelsCloseInnermostFirstAndTangentsStayWithTheirLevel() {
    ForwardAD.Level a = ForwardAD.enter();
    ForwardAD.Level b = ForwardAD.enter();
    IllegalStateException e = assertThrows(IllegalStateException.class, a::close);
    assertEquals("forward-mode levels must be closed innermost first", e.getMessage());
    Tensor y = b.dual(Tensor.scalar(2.0), Tensor.scalar(1.0)).square();
    assertEquals(0.0, a.tangent(y).item(), "the outer level sees no tangent of the inner one");
    b.close();
    a.close();
    Tensor z = y.mul(3.0); // after the levels closed: a plain op, no tangent computed
    assertTrue(z.tangents == null);
  }

  @Test
  void gradCheckForwardModeChecksCustomOps() {
    CustomOp logCosh = new CustomOp("log_cosh") {
      @Override
      protected Tensor forward(Tensor... in) {
        Tensor a = in[0].abs();
        return a.add(a.mul(-2.0).exp().log1p()).sub(Math.log(2));
      }

      @Override
      protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
        return new Tensor[] {g.mul(in[0].tanh())};
      }

      @Override
      protected Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
        return t[0].mul(in[0].tanh());
      }
    };
    GradCheck.create().secondOrder(true).forwardMode(true)
        .check(in -> logCosh.apply(in[0]), Tensor.of(new double[] {-2, 0.3, 1.7}));
    CustomOp wrongJvp = new CustomOp("wrong_jvp") {
      @Override
      protected Tensor forward(Tensor... in) {
        return in[0].square();
      }

      @Override
      protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
        return new Tensor[] {g.mul(in[0]).mul(2.0)};
      }

      @Override
      protected Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
        return t[0].mul(in[0]);
      }
    };
    GradCheck.GradCheckFailure f = assertThrows(GradCheck.GradCheckFailure.class,
        () -> GradCheck.create().forwardMode(true).check(in -> wrongJvp.apply(in[0]),
            Tensor.of(new double[] {1.5})));
    assertTrue(f.getMessage().startsWith("gradcheck (first-order, forward mode)"),
        f.getMessage());
  }

  @Test
  void backwardThroughAOnceDifferentiableOpUnderForwardModeIsRefused() {
    CustomOp once = new CustomOp("once", true) {
      @Override
      protected Tensor forward(Tensor... in) {
        return in[0].square();
      }

      @Override
      protected Tensor[] backward(Tensor[] in, Tensor out, Tensor g) {
        return new Tensor[] {Tensor.of(new double[] {2 * in[0].item() * g.item()})};
      }

      @Override
      protected Tensor jvp(Tensor[] in, Tensor out, Tensor[] t) {
        return t[0].mul(in[0]).mul(2.0);
      }
    };
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> Functional.hvp(x -> once.apply(x).sum(), Tensor.of(new double[] {1.0}),
            Tensor.of(new double[] {1.0})));
    assertTrue(e.getMessage().startsWith("custom op 'once' is once-differentiable"),
        e.getMessage());
    assertTrue(e.getMessage().contains("forward mode over its backward"), e.getMessage());
  }
}
