package dev.jgrad.spark;

import dev.jgrad.Tensor;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.RMSProp;
import dev.jgrad.nn.optim.SGD;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * <b>Temporary bridge</b> to nn v2's {@code Optimizer.stateDict()} and
 * {@code Optimizer.loadStateDict(Map)} (exact save and restore of an optimizer's state as named
 * tensors). When the optimizer has those public methods they are called. Until they land, the
 * state of nn's own optimizers ({@link SGD} velocities, {@link Adam} and {@code AdamW} moments
 * and step counts, {@link RMSProp} averages, the step count and learning rate) is read and
 * written through their private fields. Delete this class when nn v2 is merged and call the two
 * methods directly (in {@link Checkpoints} and {@link WorkerStep}).
 */
final class OptimizerState {
  private OptimizerState() {}

  /**
   * The optimizer's state as tensors, in a deterministic order: {@code lr}, {@code step}, then
   * per parameter index {@code i} the state that exists, e.g. {@code param.0.velocity}.
   *
   * @throws IllegalArgumentException for an optimizer whose state cannot be read
   */
  static Map<String, Tensor> stateDict(Optimizer opt) {
    Method m = publicMethod(opt, "stateDict");
    if (m != null) {
      @SuppressWarnings("unchecked")
      Map<String, Tensor> state = (Map<String, Tensor>) invoke(m, opt);
      return state;
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("lr", Tensor.scalar(opt.learningRate()));
    out.put("step", Tensor.scalar((double) opt.stepCount()));
    for (Map.Entry<String, Object> e : fields(opt).entrySet()) {
      Object v = e.getValue();
      int n = opt.parameters().size();
      for (int i = 0; i < n; i++) {
        if (v instanceof Tensor[] && ((Tensor[]) v)[i] != null) {
          out.put("param." + i + "." + e.getKey(), ((Tensor[]) v)[i].detach());
        } else if (v instanceof long[]) {
          out.put("param." + i + "." + e.getKey(), Tensor.scalar((double) ((long[]) v)[i]));
        }
      }
    }
    return out;
  }

  /**
   * Restores a state from {@link #stateDict}; state absent from the map is cleared.
   *
   * @throws IllegalArgumentException for an optimizer whose state cannot be written or a state
   *     of the wrong shape
   */
  static void loadStateDict(Optimizer opt, Map<String, Tensor> state) {
    Method m = publicMethod(opt, "loadStateDict", Map.class);
    if (m != null) {
      invoke(m, opt, state);
      return;
    }
    int n = opt.parameters().size();
    for (Map.Entry<String, Object> e : fields(opt).entrySet()) {
      Object v = e.getValue();
      for (int i = 0; i < n; i++) {
        Tensor t = state.get("param." + i + "." + e.getKey());
        if (v instanceof Tensor[]) {
          Tensor p = opt.parameters().get(i);
          if (t != null && !t.shape().equals(p.shape())) {
            throw new IllegalArgumentException(String.format("optimizer_state: param.%s.%s has "
                + "shape %s, the parameter has %s", i, e.getKey(), t.shape(), p.shape()));
          }
          ((Tensor[]) v)[i] = t == null ? null : t.to(p.dtype()).detach();
        } else if (v instanceof long[]) {
          ((long[]) v)[i] = t == null ? 0 : Math.round(t.item());
        }
      }
    }
    Tensor lr = state.get("lr");
    if (lr != null) {
      opt.setLearningRate(lr.item());
    }
    Tensor step = state.get("step");
    setField(opt, Optimizer.class, "steps", step == null ? 0L : Math.round(step.item()));
  }

  private static Method publicMethod(Optimizer opt, String name, Class<?>... types) {
    try {
      return opt.getClass().getMethod(name, types);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
    }
  }

  /** The state arrays of nn's optimizers by state name (live arrays, written in place). */
  private static Map<String, Object> fields(Optimizer opt) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (opt instanceof SGD) {
      out.put("velocity", field(opt, SGD.class, "velocity"));
    } else if (opt instanceof Adam) {
      out.put("m", field(opt, Adam.class, "m"));
      out.put("v", field(opt, Adam.class, "v"));
      out.put("t", field(opt, Adam.class, "t"));
    } else if (opt instanceof RMSProp) {
      out.put("s", field(opt, RMSProp.class, "s"));
    } else {
      throw new IllegalArgumentException(String.format("optimizer_state: cannot read the state "
          + "of %s (it needs stateDict() and loadStateDict(Map))", opt.getClass().getName()));
    }
    return out;
  }

  private static Object field(Object target, Class<?> owner, String name) {
    try {
      Field f = owner.getDeclaredField(name);
      f.setAccessible(true);
      return f.get(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("optimizer_state: this nn version has no field "
          + owner.getSimpleName() + "." + name + "; update OptimizerState", e);
    }
  }

  private static void setField(Object target, Class<?> owner, String name, long value) {
    try {
      Field f = owner.getDeclaredField(name);
      f.setAccessible(true);
      f.setLong(target, value);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("optimizer_state: this nn version has no field "
          + owner.getSimpleName() + "." + name + "; update OptimizerState", e);
    }
  }
}
