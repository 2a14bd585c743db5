package dev.jgrad;

/**
 * Anomaly mode: an opt-in, per-thread debugging mode. While it is on, every recorded node keeps
 * the first stack frame of the caller's code that created it, and the first op producing NaN or
 * Inf — in forward, or in backward for one of its inputs — throws an {@link AnomalyException}
 * naming the op, its input shapes and that call site. When off it costs one thread-local read
 * per recorded node.
 *
 * <pre>{@code
 * try (Autograd.Scope s = Anomaly.detect()) {
 *   loss = model.loss(x, y);
 *   loss.backward();
 * }
 * }</pre>
 */
public final class Anomaly {
  private Anomaly() {}

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static final java.security.CodeSource CORE =
      Tensor.class.getProtectionDomain().getCodeSource();

  /**
   * Turns anomaly mode on for this thread until the returned scope is closed.
   *
   * @return a scope whose {@link Autograd.Scope#close()} restores the anomaly and grad modes in
   *     force before this call; it affects only the calling thread
   */
  public static Autograd.Scope detect() {
    Autograd.State s = Autograd.STATE.get();
    Autograd.Scope scope = new Autograd.Scope(s);
    s.anomaly = true;
    return scope;
  }

  /**
   * Whether anomaly mode is on for this thread.
   *
   * @return true inside a {@link #detect()} scope on the calling thread, false otherwise (the
   *     default)
   */
  public static boolean isEnabled() {
    return Autograd.STATE.get().anomaly;
  }

  /** Thrown in anomaly mode by the first op that produces NaN or Inf. */
  public static final class AnomalyException extends ArithmeticException {
    AnomalyException(String message) {
      super(message);
    }
  }

  /**
   * Whether a class ships in jgrad-core's own jar (a field so a test can stand in for the
   * shaded/uber-jar layout, where every class shares one code source).
   */
  static java.util.function.Predicate<Class<?>> inCoreJar =
      c -> java.util.Objects.equals(c.getProtectionDomain().getCodeSource(), CORE);

  /** jgrad's library packages: frames there are never the user's call site. */
  private static boolean libraryClass(String className) {
    int dot = className.lastIndexOf('.');
    String pkg = dot < 0 ? "" : className.substring(0, dot);
    return pkg.equals("dev.jgrad") || pkg.equals("dev.jgrad.kernels") || pkg.equals("dev.jgrad.io")
        || pkg.equals("dev.jgrad.testing") || pkg.startsWith("dev.jgrad.nn")
        || pkg.startsWith("dev.jgrad.spark");
  }

  /**
   * The caller's line that created a node, or null when anomaly mode is off: the first frame not
   * in jgrad-core's jar, skipping further past jgrad-nn layers to the code that called them. When
   * no frame qualifies — the application and jgrad in one shaded jar — the first frame outside
   * jgrad's library packages; failing that, the outermost frame. Never null in anomaly mode.
   */
  static StackTraceElement callSite() {
    if (!isEnabled()) {
      return null;
    }
    java.util.List<StackWalker.StackFrame> frames = WALKER.walk(
        s -> s.limit(256).collect(java.util.stream.Collectors.toList()));
    for (StackWalker.StackFrame f : frames) {
      if (!inCoreJar.test(f.getDeclaringClass()) && !f.getClassName().startsWith("dev.jgrad.nn.")) {
        return f.toStackTraceElement();
      }
    }
    for (StackWalker.StackFrame f : frames) {
      if (!libraryClass(f.getClassName())) {
        return f.toStackTraceElement();
      }
    }
    return frames.get(frames.size() - 1).toStackTraceElement();
  }

  static void checkForward(Node node) {
    if (!node.watched() || node.output.allFinite()) {
      return;
    }
    for (Tensor in : node.inputs) {
      if (!in.allFinite()) {
        return; // not the first op: the non-finite value came in
      }
    }
    throw new AnomalyException(String.format(
        "%s produced NaN or Inf in forward: inputs %s, created at %s", node.describe(), shapes(node),
        node.site));
  }

  static void checkBackward(Node node, int input, Tensor grad) {
    if (!node.watched() || grad.allFinite()) {
      return;
    }
    throw new AnomalyException(String.format(
        "backward of %s produced NaN or Inf in the gradient of input %s: inputs %s, created at %s",
        node.describe(), input, shapes(node), node.site));
  }

  private static String shapes(Node node) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < node.inputs.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(node.inputs[i].shape()).append(' ')
          .append(node.inputs[i].dtype());
    }
    return sb.toString();
  }
}
