package dev.jgrad;

import dev.jgrad.OpInfo.Domain;
import dev.jgrad.kernels.Unary;

/**
 * Elementwise unary primitives: each row is the forward kernel and its derivative side by side.
 * Rules see the input {@code x}, the output {@code y} and the output gradient {@code g}, and are
 * written in differentiable tensor ops, so they can themselves be differentiated.
 */
final class UnaryOps {
  private UnaryOps() {}

  /** The derivative part of a row: {@code dx = rule(x, y, g)} for the op with parameters p, q. */
  interface Rule {
    Tensor vjp(Tensor x, Tensor y, Tensor g, double p, double q);
  }

  /** One row: name, domain, kinks, kernel, rule (null for constant ops). */
  static final class Row {
    final OpInfo info;
    final Unary kernel;
    final Rule rule;
    /** The node op for calls without parameters, shared so recording allocates only the node. */
    final Op plain;

    Row(OpInfo info, Unary kernel, Rule rule) {
      this.info = info;
      this.kernel = kernel;
      this.rule = rule;
      this.plain = new Call(this, 0, 0);
    }
  }

  static Row row(String name, Domain domain, double[] kinks, Unary kernel, Rule rule) {
    return new Row(new OpInfo(name, 1, domain, kinks, rule != null), kernel, rule);
  }

  private static final double[] NONE = {};
  private static final double[] ZERO = {0.0};

  static final Row NEG = row("neg", Domain.REAL, NONE, Unary.NEG, (x, y, g, p, q) -> g.neg());
  static final Row EXP = row("exp", Domain.REAL, NONE, Unary.EXP, (x, y, g, p, q) -> g.mul(y));
  static final Row LOG = row("log", Domain.POSITIVE, NONE, Unary.LOG, (x, y, g, p, q) -> g.div(x));
  static final Row SQRT = row("sqrt", Domain.POSITIVE, NONE, Unary.SQRT,
      (x, y, g, p, q) -> g.div(y.mul(2.0)));
  static final Row ABS = row("abs", Domain.REAL, ZERO, Unary.ABS,
      (x, y, g, p, q) -> g.mul(x.sign()));
  static final Row TANH = row("tanh", Domain.REAL, NONE, Unary.TANH,
      (x, y, g, p, q) -> g.mul(y.mul(y).neg().add(1.0)));
  static final Row SIGMOID = row("sigmoid", Domain.REAL, NONE, Unary.SIGMOID,
      (x, y, g, p, q) -> g.mul(y.mul(y.neg().add(1.0))));
  static final Row RELU = row("relu", Domain.REAL, ZERO, Unary.RELU,
      (x, y, g, p, q) -> g.mul(x.step()));
  static final Row LEAKY_RELU = row("leaky_relu", Domain.REAL, ZERO, Unary.LEAKY_RELU,
      (x, y, g, p, q) -> g.mul(x.step().mul(1.0 - p).add(p)));
  static final Row SOFTPLUS = row("softplus", Domain.REAL, NONE, Unary.SOFTPLUS,
      (x, y, g, p, q) -> g.mul(x.sigmoid()));
  /** Kinks at the bounds p, q are per call; tests draw values away from them. */
  static final Row CLAMP = row("clamp", Domain.REAL, NONE, Unary.CLAMP,
      (x, y, g, p, q) -> g.mul(x.ge(p).mul(x.le(q))));
  /** {@code x^p} for a constant exponent p: {@code dx = g·p·x^(p-1)}. */
  static final Row POW = row("pow_scalar", Domain.POSITIVE, NONE, Unary.POW,
      (x, y, g, p, q) -> g.mul(x.pow(p - 1.0).mul(p)));
  static final Row LOG1P = row("log1p", Domain.ABOVE_MINUS_ONE, NONE, Unary.LOG1P,
      (x, y, g, p, q) -> g.div(x.add(1.0)));
  static final Row EXPM1 = row("expm1", Domain.REAL, NONE, Unary.EXPM1,
      (x, y, g, p, q) -> g.mul(y.add(1.0)));
  static final Row SIN = row("sin", Domain.REAL, NONE, Unary.SIN, (x, y, g, p, q) -> g.mul(x.cos()));
  static final Row COS = row("cos", Domain.REAL, NONE, Unary.COS,
      (x, y, g, p, q) -> g.mul(x.sin()).neg());
  static final Row SIGN = row("sign", Domain.REAL, ZERO, Unary.SIGN, null);
  static final Row STEP = row("step", Domain.REAL, ZERO, Unary.STEP, null);

  static final Row[] ALL = {NEG, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU, LEAKY_RELU, SOFTPLUS,
      CLAMP, POW, LOG1P, EXPM1, SIN, COS, SIGN, STEP};

  /** A recorded call of a row with its parameters. */
  private static final class Call extends Op {
    final Row row;
    final double p;
    final double q;

    Call(Row row, double p, double q) {
      this.row = row;
      this.p = p;
      this.q = q;
    }

    @Override
    OpInfo info() {
      return row.info;
    }

    @Override
    Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {row.rule.vjp(node.input(0), node.output, g, p, q)};
    }

    @Override
    String attributes() {
      if (row == CLAMP) {
        return "min=" + p + ", max=" + q;
      }
      return row == LEAKY_RELU ? "slope=" + p : row == POW ? "exponent=" + p : "";
    }
  }

  /** Applies a row to x with parameters p, q. */
  static Tensor apply(Row row, Tensor x, double p, double q) {
    Tensor y = Tensor.empty(x.dtype(), x.shape());
    if (x.f != null) {
      row.kernel.apply(x.f, y.f, p, q);
    } else {
      row.kernel.apply(x.d, y.d, p, q);
    }
    if (row.rule == null) {
      return y;
    }
    return Engine.record(p == 0 && q == 0 ? row.plain : new Call(row, p, q), y, x);
  }

  static Tensor apply(Row row, Tensor x) {
    return apply(row, x, 0, 0);
  }
}
