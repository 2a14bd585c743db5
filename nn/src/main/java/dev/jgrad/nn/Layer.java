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
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A differentiable function with named state: a layer, a block of layers or a whole model (the
 * class PyTorch calls {@code Module}; it is named {@code Layer} so that
 * {@code import dev.jgrad.nn.*} does not clash with {@code java.lang.Module}).
 *
 * <p>A subclass registers its state in its constructor or field initializers and implements
 * {@link #forward(Tensor)} with core tensor ops, so {@code backward()} trains it:
 *
 * <ul>
 *   <li>{@link #registerParameter} for trainable tensors: it returns a {@link Parameter} handle,
 *       and {@code forward} reads the parameter with {@link Parameter#value()};
 *   <li>{@link #registerBuffer} for state that is saved and loaded but not trained (e.g. the
 *       running statistics of {@link BatchNorm1d}); buffers never require grad;
 *   <li>{@link #registerLayer} for sub-layers.
 * </ul>
 *
 * <pre>{@code
 * final class Affine extends Layer {
 *   private final Parameter scale = registerParameter("scale", Tensor.ones(DType.FLOAT64, 3));
 *   private final Parameter shift = registerParameter("shift", Tensor.zeros(DType.FLOAT64, 3));
 *
 *   public Tensor forward(Tensor x) {                  // x [batch, 3]
 *     return x.mul(scale.value()).add(shift.value());
 *   }
 * }
 * }</pre>
 *
 * <p><b>Names.</b> {@link #namedParameters()} lists every parameter once, in a deterministic
 * order: a layer's own parameters in registration order, then each sub-layer's, depth first, each
 * prefixed with the path of sub-layer names, PyTorch style: {@code layers.0.weight},
 * {@code layers.0.bias}, {@code layers.2.weight}, ... (see {@link Sequential}).
 * {@link #stateDict()} adds the buffers (per layer: parameters, then buffers, then sub-layers,
 * as PyTorch's {@code state_dict}).
 *
 * <p><b>Several inputs or outputs.</b> {@link #forward(Tensor...)} maps inputs to outputs; by
 * default it takes exactly one input and returns {@code forward(input)}. Layers with several
 * inputs or outputs extend {@link MultiIoLayer}.
 *
 * <p><b>Modes.</b> Layers start in training mode; {@link #eval()} / {@link #train()} switch the
 * layer and all its sub-layers (only mode-dependent layers such as {@link Dropout} and
 * {@link BatchNorm1d} care).
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
  private static final Pattern STATE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

  private final LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
  private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
  private final LinkedHashMap<String, Layer> children = new LinkedHashMap<>();
  private boolean training = true;

  /** For subclasses. */
  protected Layer() {}

  /**
   * Computes the layer's output for {@code input}, recording a graph when grad mode is on.
   *
   * @param input the input tensor
   * @return the output tensor
   * @throws IllegalArgumentException if the input's shape does not fit the layer
   */
  public abstract Tensor forward(Tensor input);

  /**
   * Computes the outputs for several inputs. This default accepts exactly one input and returns
   * {@code {forward(inputs[0])}}; {@link MultiIoLayer} overrides it.
   *
   * @param inputs the inputs
   * @return the outputs
   * @throws IllegalArgumentException if the number of inputs is not one (naming the layer), or
   *     as {@link #forward(Tensor)}
   */
  public Tensor[] forward(Tensor... inputs) {
    checkArgument(inputs != null && inputs.length == 1, "%s: takes one input, got %s",
        getClass().getSimpleName(), inputs == null ? "null" : inputs.length);
    return new Tensor[] {forward(inputs[0])};
  }

  /**
   * Registers a trainable parameter under {@code name}, marks it {@code requiresGrad(true)} and
   * returns its handle. {@code forward} must read it with {@link Parameter#value()} (not from the
   * tensor passed here), so that {@link #functionalCall} can substitute it.
   *
   * @param name an identifier (letters, digits, {@code _}), unique in this layer
   * @param value the initial value: a leaf tensor, which becomes the live parameter
   * @return the handle to read it through
   * @throws IllegalArgumentException if the name is not an identifier or is already used, or the
   *     tensor is null or not a leaf
   */
  protected final Parameter registerParameter(String name, Tensor value) {
    checkName(name);
    checkArgument(value != null, "layer: parameter '%s' of %s is null", name, kind());
    checkArgument(value.isLeaf(), "layer: parameter '%s' must be a leaf tensor (detach() it)",
        name);
    value.requiresGrad(true);
    Parameter p = new Parameter(name, value);
    params.put(name, p);
    return p;
  }

  /**
   * Registers a buffer under {@code name}: state that is saved and loaded with the layer
   * ({@link #stateDict()}, {@link #loadStateDict}) but is not a parameter (not trained, never
   * requires grad; e.g. running averages). The layer updates it in place ({@link Tensor#set})
   * and may keep the returned tensor in a field: buffers are never substituted.
   *
   * @param name an identifier, unique in this layer
   * @param value a leaf tensor that does not require grad
   * @return {@code value}
   * @throws IllegalArgumentException if the name is malformed or used, or the tensor is null, not
   *     a leaf or requires grad
   */
  protected final Tensor registerBuffer(String name, Tensor value) {
    checkName(name);
    checkArgument(value != null, "layer: buffer '%s' of %s is null", name, kind());
    checkArgument(value.isLeaf() && !value.requiresGrad(), "layer: buffer '%s' must be a leaf "
        + "tensor that does not require grad", name);
    buffers.put(name, value);
    return value;
  }

  private void checkName(String name) {
    checkArgument(name != null && STATE_NAME.matcher(name).matches(),
        "layer: state name '%s' must be an identifier (letters, digits, _)", name);
    checkArgument(!params.containsKey(name) && !buffers.containsKey(name)
        && !children.containsKey(name), "layer: name '%s' is already registered in %s", name,
        kind());
  }

  /**
   * Registers a sub-layer under {@code name} (dot-separated segments of letters, digits and
   * {@code _}, e.g. {@code hidden} or {@code layers.0}) and returns it.
   *
   * @param name the sub-layer's name, unique in this layer
   * @param layer the sub-layer
   * @param <L> the sub-layer's type
   * @return {@code layer}
   * @throws IllegalArgumentException if the layer is null, or the name is malformed or used
   */
  protected final <L extends Layer> L registerLayer(String name, L layer) {
    checkArgument(layer != null, "layer: sub-layer '%s' of %s is null", name, kind());
    checkArgument(name != null && LAYER_NAME.matcher(name).matches(),
        "layer: sub-layer name '%s' must be dot-separated identifiers", name);
    checkArgument(!params.containsKey(name) && !buffers.containsKey(name)
        && !children.containsKey(name), "layer: name '%s' is already registered in %s", name,
        kind());
    children.put(name, layer);
    return layer;
  }

  /**
   * The current value of this layer's own parameter {@code name}: the same as
   * {@link Parameter#value()} of its handle, for layers that look parameters up by name.
   *
   * @param name the parameter's name in this layer
   * @return its value (the replacement inside {@link #functionalCall})
   * @throws IllegalArgumentException if there is no such parameter
   */
  protected final Tensor parameter(String name) {
    Parameter p = params.get(name);
    checkArgument(p != null, "layer: %s has no parameter '%s' (has %s)", kind(), name,
        params.keySet());
    return p.value();
  }

  /**
   * What {@link #loadStateDict(Map, boolean)} did, by name: the tensors copied in
   * ({@code loaded}), the layer's state the source lacked ({@code missing}) and the source's
   * names the layer does not have ({@code unexpected}); each in order. {@link #toString()} is a
   * one-line summary for printing.
   *
   * @param loaded names copied into the layer
   * @param missing names of the layer's state not in the source
   * @param unexpected names in the source that the layer does not have
   */
  public record LoadResult(List<String> loaded, List<String> missing, List<String> unexpected) {
    /**
     * Copies the lists (unmodifiable).
     *
     * @param loaded names copied into the layer
     * @param missing names of the layer's state not in the source
     * @param unexpected names in the source that the layer does not have
     */
    public LoadResult {
      loaded = List.copyOf(loaded);
      missing = List.copyOf(missing);
      unexpected = List.copyOf(unexpected);
    }

    /**
     * Whether every tensor of the layer was loaded and nothing was left over.
     *
     * @return true if {@code missing} and {@code unexpected} are empty
     */
    public boolean complete() {
      return missing.isEmpty() && unexpected.isEmpty();
    }

    /**
     * E.g. {@code loaded 2 of 4 tensors; missing [layers.2.weight, layers.2.bias]; unexpected
     * [head.weight]}.
     */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("loaded ").append(loaded.size()).append(" of ")
          .append(loaded.size() + missing.size()).append(" tensors");
      if (!missing.isEmpty()) {
        sb.append("; missing ").append(missing);
      }
      if (!unexpected.isEmpty()) {
        sb.append("; unexpected ").append(unexpected);
      }
      return sb.toString();
    }
  }

  /**
   * Copies values into this layer's parameters and buffers by name, as PyTorch's
   * {@code load_state_dict}: each source tensor must have its target's shape and is converted to
   * the target's dtype. Nothing is modified unless every check passes.
   *
   * @param source values by name ({@code layers.0.weight}, {@code layers.1.running_mean}, ...)
   * @param strict if true, missing and unexpected names are errors too
   * @return what was loaded, missing and unexpected (print it: a non-strict load whose names do
   *     not match loads nothing and throws nothing)
   * @throws IllegalArgumentException listing every mis-shaped name (always) and, when strict,
   *     every missing and unexpected name
   */
  public final LoadResult loadStateDict(Map<String, Tensor> source, boolean strict) {
    checkArgument(source != null, "load_state_dict: the source map is null");
    LinkedHashMap<String, Tensor> own = stateDict();
    List<String> loaded = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> misShaped = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : own.entrySet()) {
      Tensor src = source.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
      } else if (!src.shape().equals(e.getValue().shape())) {
        misShaped.add(e.getKey() + ": expected " + e.getValue().shape() + ", got " + src.shape());
      } else {
        loaded.add(e.getKey());
      }
    }
    for (String name : source.keySet()) {
      if (!own.containsKey(name)) {
        unexpected.add(name);
      }
    }
    boolean fail = !misShaped.isEmpty() || (strict && !(missing.isEmpty() && unexpected.isEmpty()));
    if (fail) {
      StringBuilder sb = new StringBuilder("load_state_dict: ");
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
    Autograd.noGrad(() -> {
      for (String name : loaded) {
        own.get(name).set(source.get(name));
      }
      return null;
    });
    return new LoadResult(loaded, missing, unexpected);
  }

  /**
   * Every parameter by its dotted name, in deterministic registration order (own parameters
   * first, then sub-layers depth first). A tensor registered under several names is listed once,
   * under the first. The map is a fresh copy; the tensors are the live parameters (what an
   * optimizer updates).
   *
   * @return the parameters by name
   */
  public final LinkedHashMap<String, Tensor> namedParameters() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    collect("", out, new IdentityHashMap<>(), true, false);
    return out;
  }

  /**
   * Every buffer by its dotted name (e.g. {@code layers.1.running_mean}), in the order of
   * {@link #namedParameters()}. A fresh map of the live buffers.
   *
   * @return the buffers by name
   */
  public final LinkedHashMap<String, Tensor> namedBuffers() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    collect("", out, new IdentityHashMap<>(), false, true);
    return out;
  }

  /**
   * Parameters and buffers by name, as saved and loaded ({@link #loadStateDict}): per layer its
   * parameters, then its buffers, then its sub-layers depth first (PyTorch's {@code state_dict}
   * order). A fresh map of the live tensors; shared tensors appear once.
   *
   * @return the state by name
   */
  public final LinkedHashMap<String, Tensor> stateDict() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    collect("", out, new IdentityHashMap<>(), true, true);
    return out;
  }

  private void collect(String prefix, LinkedHashMap<String, Tensor> out,
      Map<Tensor, Boolean> seen, boolean withParams, boolean withBuffers) {
    if (withParams) {
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        if (seen.put(e.getValue().live(), Boolean.TRUE) == null) {
          out.put(prefix + e.getKey(), e.getValue().live());
        }
      }
    }
    if (withBuffers) {
      for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
        if (seen.put(e.getValue(), Boolean.TRUE) == null) {
          out.put(prefix + e.getKey(), e.getValue());
        }
      }
    }
    for (Map.Entry<String, Layer> e : children.entrySet()) {
      e.getValue().collect(prefix + e.getKey() + ".", out, seen, withParams, withBuffers);
    }
  }

  /**
   * The parameters in {@link #namedParameters()} order (each tensor once), e.g. for an optimizer.
   *
   * @return the live parameter tensors
   */
  public final List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /**
   * Total number of scalar parameters (buffers not included).
   *
   * @return the sum of {@code numel()} over {@link #parameters()}
   */
  public final long numParameters() {
    long n = 0;
    for (Tensor p : namedParameters().values()) {
      n += p.numel();
    }
    return n;
  }

  /**
   * The direct sub-layers by name, in registration order.
   *
   * @return an unmodifiable view
   */
  public final Map<String, Layer> namedChildren() {
    return Collections.unmodifiableMap(children);
  }

  /**
   * Sets training mode ({@code true}) or evaluation mode on this layer and every sub-layer.
   *
   * @param on true for training mode
   * @return this
   */
  public Layer train(boolean on) {
    training = on;
    for (Layer m : children.values()) {
      m.train(on);
    }
    return this;
  }

  /**
   * Training mode for this layer and its sub-layers.
   *
   * @return this
   */
  public final Layer train() {
    return train(true);
  }

  /**
   * Evaluation mode for this layer and its sub-layers.
   *
   * @return this
   */
  public final Layer eval() {
    return train(false);
  }

  /**
   * Whether the layer is in training mode (the initial mode).
   *
   * @return true in training mode
   */
  public final boolean isTraining() {
    return training;
  }

  /** Resets every parameter's accumulated gradient to none ({@link Tensor#zeroGrad()}). */
  public final void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Resets every parameter's accumulated gradient to none, or with {@code setToNone = false}
   * zeroes it in place for the next backward to reuse ({@link Tensor#zeroGrad(boolean)}).
   *
   * @param setToNone drop the gradients (true) or zero them in place (false)
   */
  public final void zeroGrad(boolean setToNone) {
    for (Tensor p : namedParameters().values()) {
      p.zeroGrad(setToNone);
    }
  }

  /**
   * {@link #forward(Tensor)} with the given tensors standing in for the named parameters; see
   * {@link #functionalCall(Map, Supplier)}.
   *
   * @param replacements tensors by parameter name, each of its parameter's shape
   * @param input the input
   * @return the output, a function of the replacements
   * @throws IllegalArgumentException for an unknown name or a shape mismatch
   * @throws IllegalStateException if forward did not read a replaced parameter
   */
  public final Tensor functionalCall(Map<String, Tensor> replacements, Tensor input) {
    return functionalCall(replacements, () -> forward(input));
  }

  /**
   * Runs {@code body} (e.g. {@code () -> model.forward(a, b)}) with the given tensors standing in
   * for the named parameters (others keep their own), like PyTorch's {@code functional_call}:
   * while it runs, on this thread only, each replaced parameter's {@link Parameter#value()} is
   * its replacement, so the result is a function of the replacements and can be differentiated,
   * checked with {@code GradCheck}, or be the "fast weights" of meta-learning. The layer itself
   * is not modified (other threads see the live parameters; buffers such as running statistics
   * are still updated in training mode), and calls may nest.
   *
   * <p>Every replaced parameter must be read through its handle while {@code body} runs (or be
   * overridden by a nested call): a replacement that was not is reported, since it gets a zero
   * gradient (the usual cause is a layer that computes with a {@code Tensor} kept in a field,
   * i.e. the value from before the call).
   *
   * @param replacements tensors by name as in {@link #namedParameters()} (a shared parameter by
   *     any of its names), each of the parameter's shape
   * @param body the computation
   * @param <T> what the body returns
   * @return what {@code body} returned
   * @throws IllegalArgumentException for an unknown name, a shape mismatch, or two replacements
   *     for one shared parameter
   * @throws IllegalStateException if {@code body} did not read a replaced parameter
   */
  public final <T> T functionalCall(Map<String, Tensor> replacements, Supplier<T> body) {
    checkArgument(replacements != null && body != null,
        "functional_call: replacements and body must not be null");
    Map<String, Parameter> slots = new LinkedHashMap<>();
    slots("", slots);
    Map<Tensor, Tensor> byLive = new IdentityHashMap<>();
    Map<Tensor, String> names = new IdentityHashMap<>();
    for (Map.Entry<String, Tensor> e : replacements.entrySet()) {
      Parameter p = slots.get(e.getKey());
      checkArgument(p != null, "functional_call: no parameter named '%s'; parameters are %s",
          e.getKey(), slots.keySet());
      checkArgument(e.getValue() != null, "functional_call: the replacement for '%s' is null",
          e.getKey());
      checkArgument(p.shape().equals(e.getValue().shape()),
          "functional_call: '%s' has shape %s, the replacement has %s", e.getKey(), p.shape(),
          e.getValue().shape());
      String other = names.put(p.live(), e.getKey());
      checkArgument(other == null, "functional_call: '%s' and '%s' are the same (shared) "
          + "parameter; give one replacement", other, e.getKey());
      byLive.put(p.live(), e.getValue());
    }
    T out;
    List<String> unread = new ArrayList<>();
    try (Parameter.Substitution s = Parameter.substitute(byLive)) {
      out = body.get();
      for (Map.Entry<Tensor, String> e : names.entrySet()) {
        if (!s.wasRead(e.getKey())) {
          unread.add(e.getValue());
        }
      }
    }
    if (!unread.isEmpty()) {
      Collections.sort(unread);
      throw new IllegalStateException(String.format("functional_call: the replacements for %s "
          + "were never read, so they would get zero gradients: the layer does not use them, or "
          + "computes with a Tensor kept in a field (the value from before the call) instead of "
          + "reading its Parameter handle's value() in forward", unread));
    }
    return out;
  }

  private void slots(String prefix, Map<String, Parameter> out) {
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      out.putIfAbsent(prefix + e.getKey(), e.getValue());
    }
    for (Map.Entry<String, Layer> e : children.entrySet()) {
      e.getValue().slots(prefix + e.getKey() + ".", out);
    }
  }

  private String kind() {
    return getClass().getSimpleName();
  }

  /**
   * What {@link #toString()} prints inside the parentheses, e.g. {@code in=4, out=3}.
   *
   * @return the layer's hyperparameters as text (empty by default)
   */
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
