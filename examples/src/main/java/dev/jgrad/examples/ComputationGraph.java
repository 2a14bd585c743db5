package dev.jgrad.examples;

import dev.jgrad.Tensor;

/**
 * The course's first computation graph, {@code J = 4(x + y·z)} at x = 1, y = 2, z = 3: the
 * forward values node by node, then the derivatives backward computes
 * (dJ/dx = 4, dJ/dy = 4z, dJ/dz = 4y).
 */
public final class ComputationGraph {
  private ComputationGraph() {}

  /** Runs the example and prints each step. */
  public static void main(String[] args) {
    Tensor x = Tensor.scalar(1.0).requiresGrad(true);
    Tensor y = Tensor.scalar(2.0).requiresGrad(true);
    Tensor z = Tensor.scalar(3.0).requiresGrad(true);

    Tensor u = y.mul(z);   // u = y·z
    Tensor v = x.add(u);   // v = x + u
    Tensor j = v.mul(4);   // J = 4v

    System.out.println("Forward:");
    System.out.printf("  u = y*z    = %s%n", u.item());
    System.out.printf("  v = x + u  = %s%n", v.item());
    System.out.printf("  J = 4v     = %s%n", j.item());

    j.backward();

    System.out.println("Backward (chain rule, output to inputs):");
    System.out.printf("  dJ/dx = dJ/dv * dv/dx       = 4 * 1 = %s%n", x.grad().item());
    System.out.printf("  dJ/dy = dJ/dv * dv/du * z   = 4 * 1 * 3 = %s%n", y.grad().item());
    System.out.printf("  dJ/dz = dJ/dv * dv/du * y   = 4 * 1 * 2 = %s%n", z.grad().item());
  }
}
