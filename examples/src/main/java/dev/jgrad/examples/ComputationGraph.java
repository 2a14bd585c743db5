package dev.jgrad.examples;

import dev.jgrad.Dot;
import dev.jgrad.Tensor;
import java.nio.file.Path;
import java.util.List;

/**
 * The course's first computation graph, {@code J = 4(x + y·z)} at x = 1, y = 2, z = 3, split into
 * its three nodes {@code u = y·z}, {@code v = x + u}, {@code J = 4v}. The forward pass computes
 * u = 6, v = 7, J = 28; {@code backward()} applies the chain rule from J back to the inputs:
 *
 * <pre>
 *   dJ/dv = 4
 *   dJ/du = dJ/dv · dv/du = 4 · 1 = 4
 *   dJ/dx = dJ/dv · dv/dx = 4 · 1 = 4
 *   dJ/dy = dJ/du · du/dy = 4 · z = 12
 *   dJ/dz = dJ/du · du/dz = 4 · y = 8
 * </pre>
 *
 * It writes the graph jgrad recorded as Graphviz DOT, once with shapes only and once with every
 * node's value and gradient.
 */
public final class ComputationGraph {
  private ComputationGraph() {}

  /**
   * What the graph computed.
   *
   * @param u y·z
   * @param v x + u
   * @param j 4v
   * @param dJdv the gradient reaching v
   * @param dJdu the gradient reaching u
   * @param dJdx the gradient of x
   * @param dJdy the gradient of y
   * @param dJdz the gradient of z
   * @param dot the graph with values and gradients, as DOT
   * @param files the DOT files written
   */
  public record Result(double u, double v, double j, double dJdv, double dJdu, double dJdx,
      double dJdy, double dJdz, String dot, List<Path> files) {}

  /** Builds the graph at (x, y, z), runs backward and writes the DOT files into {@code out}. */
  public static Result run(double x0, double y0, double z0, Path out) {
    Tensor x = Tensor.scalar(x0).requiresGrad(true).label("x");
    Tensor y = Tensor.scalar(y0).requiresGrad(true).label("y");
    Tensor z = Tensor.scalar(z0).requiresGrad(true).label("z");

    Tensor u = y.mul(z).label("u = y*z");
    Tensor v = x.add(u).label("v = x + u");
    Tensor j = v.mul(4).label("J = 4v");
    // Intermediate nodes drop their gradients after backward unless asked to keep them.
    u.retainGrad();
    v.retainGrad();

    String shapesOnly = Dot.export(j);
    j.backward();
    String withValues = Dot.export(j, true);
    Path plain = Output.writeText(out, "graph.dot", shapesOnly);
    Path full = Output.writeText(out, "graph-with-values.dot", withValues);
    return new Result(u.item(), v.item(), j.item(), v.grad().item(), u.grad().item(),
        x.grad().item(), y.grad().item(), z.grad().item(), withValues, List.of(plain, full));
  }

  /** Runs the example at x = 1, y = 2, z = 3 and prints each step. */
  public static void main(String[] args) {
    Path out = Output.dir("computation-graph");
    Result r = run(1, 2, 3, out);
    System.out.println("J = 4(x + y*z) at x = 1, y = 2, z = 3");
    System.out.println("Forward (each node from its inputs):");
    System.out.printf("  u = y*z    = 2*3  = %s%n", r.u());
    System.out.printf("  v = x + u  = 1+6  = %s%n", r.v());
    System.out.printf("  J = 4v     = 4*7  = %s%n", r.j());
    System.out.println("Backward (chain rule, from J back to the inputs):");
    System.out.printf("  dJ/dv = 4                          = %s%n", r.dJdv());
    System.out.printf("  dJ/du = dJ/dv * dv/du = 4 * 1      = %s%n", r.dJdu());
    System.out.printf("  dJ/dx = dJ/dv * dv/dx = 4 * 1      = %s%n", r.dJdx());
    System.out.printf("  dJ/dy = dJ/du * du/dy = 4 * z = 4*3 = %s%n", r.dJdy());
    System.out.printf("  dJ/dz = dJ/du * du/dz = 4 * y = 4*2 = %s%n", r.dJdz());
    System.out.println("The recorded graph as Graphviz DOT (boxes are tensors, ellipses are ops):");
    System.out.print(r.dot());
    System.out.println("Written to " + out + ":");
    for (Path f : r.files()) {
      System.out.println("  " + f.getFileName());
    }
    System.out.println("Render with Graphviz: dot -Tsvg " + out.resolve("graph-with-values.dot")
        + " -o graph.svg");
  }
}
