package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A differentiable function with named parameters: a layer, a block of layers or a whole model.
 *
 * <p>A subclass registers its parameters ({@link #registerParameter}) and sub-modules
 * ({@link #registerLayer}) in its constructor and implements {@link #forward(Tensor)} with core
 * tensor ops, so {@code backward()} trains it. Parameters are leaf tensors that require grad.
 *
 * <p><b>Names.</b> {@link #namedParameters()} lists every parameter once, in a deterministic
 * order: a module's own parameters in registration order, then each sub-module's, depth first,
 * each prefixed with the path of sub-module names, PyTorch style: {@code layers.0.weight},
 * {@code layers.0.bias}, {@code layers.2.weight}, ... (see {@link Sequential}).
 *
 * <p><b>Modes.</b> Modules start in training mode; {@link #eval()} / {@link #train()} switch the
 * module and all its sub-modules (only mode-dependent layers such as {@link Dropout} care).
 *
 * <p>The plain training loop stays the obvious way:
 *
 * <pre>{@code
 * for (Batch b : loader) {
 *   optimizer.zeroGrad();
 *   Losses.crossEntropy(model.forward(b.features()), b.targets()).backward();
 *   optimizer.step();
 * }
 * }</pre>
 */
public abstract class Layer {
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

  private final LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
  private final LinkedHashMap<String, Layer> children = new LinkedHashMap<>();
  private boolean training = true;

  /** For subclasses. */
  protected Layer() {}

  /**
   * Computes the module's output for {@code input}, recording a graph when grad mode is on.
   *
   * @throws IllegalArgumentException if the input's shape does not fit the module
   */
  public abstract Tensor forward(Tensor input);

  /**
   * Registers a parameter under {@code name}, marks it {@code requiresGrad(true)} and returns
   * it. Subclasses read it back with {@link #parameter(String)} in {@link #forward} (not from a
   * field), so that {@link #functionalCall} can substitute it.
   *
   * @throws IllegalArgumentException if the name is not an identifier, is already used, or the
   *     tensor is not a leaf
   */
  protected final Tensor registerParameter(String name, Tensor value) {
    checkArgument(PARAM_NAME.matcher(name).matches(),
        "module: parameter name '%s' must be an identifier (letters, digits, _)", name);
    checkArgument(!params.containsKey(name) && !children.containsKey(name),
        "module: name '%s' is already registered in %s", name, getClass().getSimpleName());
    checkArgument(value.isLeaf(), "module: parameter '%s' must be a leaf tensor (detach() it)",
        name);
    value.requiresGrad(true);
    params.put(name, value);
    return value;
  }

  /**
   * Registers a sub-module under {@code name} (dot-separated segments of letters, digits and
   * {@code _}, e.g. {@code hidden} or {@code layers.0}) and returns it.
   *
   * @throws IllegalArgumentException if the name is malformed or already used
   */
  protected final <M extends Layer> M registerLayer(String name, M module) {
    checkArgument(module != null, "module: sub-module '%s' is null", name);
    checkArgument(MODULE_NAME.matcher(name).matches(),
        "module: sub-module name '%s' must be dot-separated identifiers", name);
    checkArgument(!params.containsKey(name) && !children.containsKey(name),
        "module: name '%s' is already registered in %s", name, getClass().getSimpleName());
    children.put(name, module);
    return module;
  }

  /**
   * This module's own parameter {@code name} (what {@link #forward} should use).
   *
   * @throws IllegalArgumentException if there is no such parameter
   */
  protected final Tensor parameter(String name) {
    Tensor p = params.get(name);
    checkArgument(p != null, "module: %s has no parameter '%s' (has %s)",
        getClass().getSimpleName(), name, params.keySet());
    return p;
  }

  /**
   * What {@link #loadParameters(Map, boolean)} did not match: names the model has but the source
   * lacks ({@code missing}) and names the source has but the model lacks ({@code unexpected}).
   */
  public record LoadResult(List<String> missing, List<String> unexpected) {}

  /**
   * Copies values into this module's parameters by name, as PyTorch's {@code load_state_dict}:
   * each source tensor must have its parameter's shape and is converted to the parameter's dtype.
   * Nothing is modified unless every check passes.
   *
   * @param source values by parameter name ({@code layers.0.weight}, ...)
   * @param strict if true, missing and unexpected names are errors too
   * @return the names that did not match (both lists empty when strict)
   * @throws IllegalArgumentException listing every mis-shaped name (always) and, when strict,
   *     every missing and unexpected name
   */
  public final LoadResult loadParameters(Map<String, Tensor> source, boolean strict) {
    LinkedHashMap<String, Tensor> own = namedParameters();
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> misShaped = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor src = source.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
      } else if (!src.shape().equals(e.getValue().shape())) {
        misShaped.add(e.getKey() + ": expected " + e.getValue().shape() + ", got " + src.shape());
      }
    }
    for (String name : source.keySet()) {
      if (!own.containsKey(name)) {
        unexpected.add(name);
      }
    }
    boolean fail = !misShaped.isEmpty() || (strict && !(missing.isEmpty() && unexpected.isEmpty()));
    if (fail) {
      StringBuilder sb = new StringBuilder("load_parameters: ");
      if (!misShaped.isEmpty()) {
        sb.append("mis-shaped ").append(misShaped).append("; ");
      }
      if (strict && !missing.isEmpty()) {
        sb.append("missing ").append(missing).append("; ");
      }
      if (strict && !unexpected.isEmpty()) {
        sb.append("unexpected ").append(unexpected).append("; ");
      }
      throw new IllegalArgumentException(sb.substring(0, sb.length() - 2));
    }
    try (Autograd.Scope s = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> e : own.entrySet()) {
        Tensor src = source.get(e.getKey());
        if (src != null) {
          e.getValue().set(src);
        }
      }
    }
    return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
  }

  /**
   * Every parameter by its dotted name, in deterministic registration order (own parameters
   * first, then sub-modules depth first). A tensor registered under several names is listed
   * once, under the first. The map is a fresh copy; the tensors are the live parameters.
   */
  public final LinkedHashMap<String, Tensor> namedParameters() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    Map<Tensor, Boolean> seen = new IdentityHashMap<>();
    collect("", out, seen);
    return out;
  }

  private void collect(String prefix, LinkedHashMap<String, Tensor> out, Map<Tensor, Boolean> seen) {
    for (Map.Entry<String, Tensor> e : params.entrySet()) {
      if (seen.put(e.getValue(), Boolean.TRUE) == null) {
        out.put(prefix + e.getKey(), e.getValue());
      }
    }
    for (Map.Entry<String, Layer> e : children.entrySet()) {
      e.getValue().collect(prefix + e.getKey() + ".", out, seen);
    }
  }

  /** The parameters in {@link #namedParameters()} order (each tensor once), e.g. for an optimizer. */
  public final List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** Total number of scalar parameters: the sum of {@code numel()} over {@link #parameters()}. */
  public final long numParameters() {
    long n = 0;
    for (Tensor p : namedParameters().values()) {
      n += p.numel();
    }
    return n;
  }

  /** The direct sub-modules by name, in registration order (unmodifiable). */
  public final Map<String, Layer> namedChildren() {
    return Collections.unmodifiableMap(children);
  }

  /** Sets training mode ({@code true}) or evaluation mode on this module and every sub-module. */
  public Layer train(boolean on) {
    training = on;
    for (Layer m : children.values()) {
      m.train(on);
    }
    return this;
  }

  /** Training mode for this module and its sub-modules; returns this. */
  public final Layer train() {
    return train(true);
  }

  /** Evaluation mode for this module and its sub-modules; returns this. */
  public final Layer eval() {
    return train(false);
  }

  /** True in training mode (the initial mode). */
  public final boolean isTraining() {
    return training;
  }

  /** Resets every parameter's accumulated gradient to none ({@link Tensor#zeroGrad()}). */
  public final void zeroGrad() {
    for (Tensor p : namedParameters().values()) {
      p.zeroGrad();
    }
  }

  /**
   * Runs {@link #forward} with the given tensors standing in for the named parameters (others
   * keep their own), like PyTorch's {@code functional_call}: the output is a function of the
   * replacements, so they can be differentiated, checked with {@code GradCheck}, or be the
   * "fast weights" of meta-learning. The module's own parameters are restored afterwards, also
   * when forward throws. Not for concurrent use of the same module from several threads.
   *
   * @param replacements tensors by name as in {@link #namedParameters()}, each of the
   *     parameter's shape
   * @throws IllegalArgumentException for an unknown name or a shape mismatch
   */
  public final Tensor functionalCall(Map<String, Tensor> replacements, Tensor input) {
    Map<String, Slot> slots = new LinkedHashMap<>();
    slots("", slots);
    List<Runnable> undo = new ArrayList<>();
    try {
      for (Map.Entry<String, Tensor> e : replacements.entrySet()) {
        Slot s = slots.get(e.getKey());
        checkArgument(s != null, "functional_call: no parameter named '%s'; parameters are %s",
            e.getKey(), slots.keySet());
        Tensor old = s.owner.params.get(s.name);
        checkArgument(old.shape().equals(e.getValue().shape()),
            "functional_call: '%s' has shape %s, the replacement has %s", e.getKey(), old.shape(),
            e.getValue().shape());
        s.owner.params.put(s.name, e.getValue());
        undo.add(() -> s.owner.params.put(s.name, old));
      }
      return forward(input);
    } finally {
      for (Runnable r : undo) {
        r.run();
      }
    }
  }

  private record Slot(Layer owner, String name) {}

  private void slots(String prefix, Map<String, Slot> out) {
    for (String n : params.keySet()) {
      out.putIfAbsent(prefix + n, new Slot(this, n));
    }
    for (Map.Entry<String, Layer> e : children.entrySet()) {
      e.getValue().slots(prefix + e.getKey() + ".", out);
    }
  }

  /** What {@link #toString()} prints inside the parentheses, e.g. {@code in=4, out=3}. */
  protected String extraRepr() {
    return "";
  }

  /**
   * PyTorch-style tree, e.g.
   *
   * <pre>
   * Sequential(
   *   (layers.0): Linear(in=4, out=3, bias=true)
   *   (layers.1): ReLU()
   * )
   * </pre>
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
    sb.append(extraRepr());
    if (!children.isEmpty()) {
      sb.append('\n');
      for (Map.Entry<String, Layer> e : children.entrySet()) {
        String child = e.getValue().toString().replace("\n", "\n  ");
        sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
      }
    }
    return sb.append(')').toString();
  }
}
