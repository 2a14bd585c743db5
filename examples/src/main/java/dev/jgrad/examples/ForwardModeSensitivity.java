package dev.jgrad.examples;

import dev.jgrad.Functional;
import dev.jgrad.Tensor;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Forward mode where it wins: the sensitivities of a simulated trajectory to two parameters.
 * A damped oscillator {@code x'' = -ω² x - 2ζω x'} is stepped T times with semi-implicit Euler
 * from {@code x = 1, x' = 0}:
 *
 * <pre>
 *   v[t+1] = v[t] - dt·(ω²·x[t] + 2ζω·v[t])
 *   x[t+1] = x[t] + dt·v[t+1]
 * </pre>
 *
 * and the trajectory {@code x[1..T]} is a function of {@code θ = (ω, ζ)}: 2 inputs, T outputs.
 * Its Jacobian {@code [T, 2]} costs one forward-mode pass per input with {@link
 * Functional#jacfwd} (2 passes) but one reverse pass per output with {@link Functional#jacobian}
 * (T passes, each over the whole T-step graph). Both give the same numbers; the program prints
 * how far apart they are and how long each took, and plots {@code dx/dω} and {@code dx/dζ} over
 * time. (The JMH benchmark {@code JacobianBench} measures the same two calls properly.)
 */
public final class ForwardModeSensitivity {
  private ForwardModeSensitivity() {}

  /**
   * The trajectory {@code x[1..T]} of the oscillator for parameters {@code θ = [ω, ζ]}.
   *
   * @param steps T
   * @param dt the time step
   * @return the function {@code θ [2] -> x [T]}
   */
  public static Function<Tensor, Tensor> trajectory(int steps, double dt) {
    return theta -> {
      Tensor omega = theta.index(dev.jgrad.Index.at(0));
      Tensor zeta = theta.index(dev.jgrad.Index.at(1));
      Tensor stiffness = omega.square().mul(dt);
      Tensor damping = zeta.mul(omega).mul(2 * dt);
      Tensor x = Tensor.scalar(theta.dtype(), 1.0);
      Tensor v = Tensor.scalar(theta.dtype(), 0.0);
      Tensor[] xs = new Tensor[steps];
      for (int t = 0; t < steps; t++) {
        v = v.sub(stiffness.mul(x)).sub(damping.mul(v));
        x = x.add(v.mul(dt));
        xs[t] = x;
      }
      return Tensor.stack(0, xs);
    };
  }

  /**
   * The result of one run.
   *
   * @param forward the Jacobian by forward mode {@code [T, 2]}
   * @param reverse the Jacobian by reverse mode {@code [T, 2]}
   * @param maxDifference the largest |forward - reverse| entry
   * @param forwardSeconds the wall time of jacfwd (one run, for orientation only)
   * @param reverseSeconds the wall time of jacobian
   * @param plots the files written
   */
  public record Result(Tensor forward, Tensor reverse, double maxDifference,
      double forwardSeconds, double reverseSeconds, java.util.List<Path> plots) {}

  /**
   * Computes both Jacobians at {@code ω = 2, ζ = 0.1} and plots the forward one.
   *
   * @param steps T
   * @param dt the time step
   * @param out where the plots go
   * @return the Jacobians, their difference and the timings
   */
  public static Result run(int steps, double dt, Path out) {
    Function<Tensor, Tensor> f = trajectory(steps, dt);
    Tensor theta = Tensor.of(new double[] {2.0, 0.1});
    long t0 = System.nanoTime();
    Tensor fwd = Functional.jacfwd(f, theta);
    long t1 = System.nanoTime();
    Tensor rev = Functional.jacobian(f, theta);
    long t2 = System.nanoTime();
    double diff = fwd.sub(rev).abs().max().item();
    double[] time = new double[steps];
    double[] dOmega = fwd.index(dev.jgrad.Index.all(), dev.jgrad.Index.at(0)).toDoubleArray();
    double[] dZeta = fwd.index(dev.jgrad.Index.all(), dev.jgrad.Index.at(1)).toDoubleArray();
    for (int t = 0; t < steps; t++) {
      time[t] = (t + 1) * dt;
    }
    org.knowm.xchart.XYChart chart = Plots.chart("Sensitivity of the trajectory x(t) to its "
        + "parameters (forward mode)", "t", "∂x/∂θ");
    Plots.line(chart, "dx/dω", time, dOmega);
    Plots.line(chart, "dx/dζ", time, dZeta);
    java.util.List<Path> plots = Plots.save(chart, out, "sensitivities");
    return new Result(fwd, rev, diff, (t1 - t0) / 1e9, (t2 - t1) / 1e9, plots);
  }

  /**
   * Runs the program.
   *
   * @param args {@code [steps]} (default 500)
   */
  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    Path out = Output.dir("forward-mode");
    Result r = run(steps, 0.02, out);
    System.out.printf(Locale.ROOT, "Jacobian [%d, 2] of a %d-step trajectory with respect to "
        + "(ω, ζ)%n", steps, steps);
    System.out.printf(Locale.ROOT, "  forward mode (jacfwd, 2 passes):   %.3f s%n",
        r.forwardSeconds());
    System.out.printf(Locale.ROOT, "  reverse mode (jacobian, %d passes): %.3f s%n", steps,
        r.reverseSeconds());
    System.out.printf(Locale.ROOT, "  largest difference between them: %.2e%n",
        r.maxDifference());
    System.out.printf(Locale.ROOT, "  dx/dω at t = %.1f: %.4f, dx/dζ: %.4f%n", steps * 0.02,
        r.forward().get(steps - 1, 0), r.forward().get(steps - 1, 1));
    System.out.println("Plots: " + out.toAbsolutePath());
  }
}
