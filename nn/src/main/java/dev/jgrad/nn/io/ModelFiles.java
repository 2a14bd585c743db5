package dev.jgrad.nn.io;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.io.Json;
import dev.jgrad.io.JsonException;
import dev.jgrad.io.SafeTensors;
import dev.jgrad.io.TensorContents;
import dev.jgrad.io.TensorFileException;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.models.Network;
import dev.jgrad.nn.models.Task;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A model as two files, as the course ships one: the <b>architecture</b> (JSON) and the
 * <b>state</b> (safetensors: parameters and buffers by their {@link Layer#stateDict()} names,
 * PyTorch's names and layouts: {@code layers.0.weight [out, in]}, {@code layers.0.bias [out]},
 * {@code layers.1.running_mean [C]}). Weights trained in PyTorch for a module whose
 * {@code self.layers = nn.Sequential(...)} load as they are.
 *
 * <p>The architecture file, for a {@link Sequential} (or a {@link Network}, which adds its task):
 *
 * <pre>{@code
 * {"format": "jgrad-sequential", "version": 1, "dtype": "float32", "task": "MULTICLASS",
 *  "layers": [{"type": "linear", "in": 64, "out": 32, "bias": true}, {"type": "relu"},
 *             {"type": "batch_norm1d", "features": 32, "eps": 1.0E-5, "momentum": 0.1,
 *              "affine": true},
 *             {"type": "dropout", "p": 0.5, "seed": 0}, {"type": "linear", "in": 32, "out": 10}]}
 * }</pre>
 *
 * <p>Every built-in layer has a {@link LayerCodec} (its type name and fields are listed in
 * {@code nn/README.md}); a layer of your own is saved once you {@link #register} one for its
 * class. Saving a layer without a codec, or reading a type no codec knows, is an error naming it.
 *
 * <p>Reading is strict and bounded (it is safe on untrusted files): the JSON parser caps depth and
 * size; every field is known and every number is bounded by its magnitude before it is converted;
 * every state tensor the architecture needs is checked by name and shape against the parameter
 * file before anything is allocated, so an architecture can never allocate more than the
 * parameter file holds; any rejection is a {@link TensorFileException} naming the file and the
 * field or tensor. Nothing is read with Java serialization.
 */
public final class ModelFiles {
  private ModelFiles() {}

  /** The {@code format} value of architecture files. */
  public static final String FORMAT = "jgrad-sequential";
  /** The architecture format version this library writes and reads. */
  public static final int VERSION = 1;
  /** Upper bound on the layers of a model read from a file. */
  public static final int MAX_LAYERS = 10_000;
  /** Upper bound on a layer's units, features or channels read from a file (2^24). */
  public static final int MAX_UNITS = 1 << 24;
  /** The state budget of {@link #fromArchitecture(byte[], String)}: 2^26 values (256 MB float32). */
  public static final long DEFAULT_MAX_PARAMETERS = 1L << 26;
  private static final long MAX_ARCHITECTURE_BYTES = 1 << 20;
  private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private static final Map<String, LayerCodec<?>> BY_TYPE = new ConcurrentHashMap<>();
  private static final Map<Class<?>, LayerCodec<?>> BY_CLASS = new ConcurrentHashMap<>();
  private static final Set<String> BUILT_IN;

  static {
    Set<String> builtIn = new TreeSet<>();
    for (LayerCodec<?> c : BuiltInCodecs.all()) {
      BY_TYPE.put(c.type(), c);
      BY_CLASS.put(c.layerClass(), c);
      builtIn.add(c.type());
    }
    BUILT_IN = Set.copyOf(builtIn);
  }

  /**
   * Makes a layer class savable: {@link #save} writes its layers with {@code codec}, and the
   * readers build layers of {@code codec.type()} with it. Registering again for the same type
   * and class replaces the codec.
   *
   * @param codec the codec
   * @throws IllegalArgumentException if the type name is malformed, or the type or the class
   *     already has a different registration (built-in types cannot be replaced)
   */
  public static synchronized void register(LayerCodec<?> codec) {
    if (codec == null || codec.type() == null || codec.layerClass() == null) {
      throw new IllegalArgumentException("model_files: codec, its type and its class must not be "
          + "null");
    }
    String type = codec.type();
    if (!TYPE_NAME.matcher(type).matches()) {
      throw new IllegalArgumentException("model_files: codec type '" + type + "' must be lower "
          + "case letters, digits and _, starting with a letter");
    }
    LayerCodec<?> byType = BY_TYPE.get(type);
    LayerCodec<?> byClass = BY_CLASS.get(codec.layerClass());
    boolean builtIn = BUILT_IN.contains(type)
        || (byClass != null && BUILT_IN.contains(byClass.type()));
    if (builtIn || (byType != null && byType.layerClass() != codec.layerClass())
        || (byClass != null && !byClass.type().equals(type))) {
      throw new IllegalArgumentException("model_files: cannot register " + type + " for "
          + codec.layerClass().getName() + ": " + (byType != null ? "type '" + type + "' is "
          + (builtIn ? "built in" : "taken by " + byType.layerClass().getName())
          : codec.layerClass().getName() + " is saved as '" + byClass.type() + "'"
          + (builtIn ? " (built in)" : "")));
    }
    BY_TYPE.put(type, codec);
    BY_CLASS.put(codec.layerClass(), codec);
  }

  /**
   * Writes {@code model}'s architecture (JSON) and state (safetensors: {@link Layer#stateDict()},
   * parameters and buffers).
   *
   * @param model the model
   * @param architecture where the JSON goes
   * @param parameters where the safetensors file goes
   * @throws IllegalArgumentException if the model holds a layer no codec describes (naming it)
   * @throws IOException if writing fails
   */
  public static void save(Sequential model, Path architecture, Path parameters)
      throws IOException {
    String json = architectureJson(model);
    Files.writeString(architecture, json, StandardCharsets.UTF_8);
    SafeTensors.write(parameters, model.stateDict(),
        Map.of("format", "jgrad", "architecture", architecture.getFileName().toString()));
  }

  /**
   * Reads a model back: checks every state tensor the architecture needs against the parameter
   * file by name and shape, builds the layers, then loads the state strictly (values converted
   * to the model's dtype).
   *
   * @param architecture the JSON file
   * @param parameters the safetensors file
   * @return a {@link Network} if the architecture names a task, else a {@link Sequential}
   * @throws TensorFileException for a malformed or inconsistent file, naming it and the field or
   *     tensor (e.g. a tensor the architecture needs that the parameter file lacks)
   * @throws IOException if reading fails
   */
  public static Sequential load(Path architecture, Path parameters) throws IOException {
    long size = Files.size(architecture);
    if (size > MAX_ARCHITECTURE_BYTES) {
      throw new TensorFileException(architecture.toString(), "architecture file of " + size
          + " bytes exceeds the " + MAX_ARCHITECTURE_BYTES + "-byte cap");
    }
    TensorContents contents = SafeTensors.read(parameters);
    return read(Files.readAllBytes(architecture), architecture.toString(), contents,
        parameters.toString(), Long.MAX_VALUE);
  }

  /**
   * The architecture of {@code model} as JSON (see the class comment).
   *
   * @param model the model
   * @return the JSON text
   * @throws IllegalArgumentException for a layer no codec describes, or a codec whose fields or
   *     state shapes do not describe its layer
   */
  public static String architectureJson(Sequential model) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    DType dtype = dtypeOf(model);
    root.put("dtype", dtype.toString());
    if (model instanceof Network) {
      root.put("task", ((Network) model).task().name());
    }
    List<Object> layers = new ArrayList<>();
    for (int i = 0; i < model.size(); i++) {
      layers.add(describe(i, model.get(i), dtype));
    }
    root.put("layers", layers);
    return Json.write(root, 2);
  }

  /** The first parameter's dtype, else the first buffer's (running statistics), else FLOAT32. */
  private static DType dtypeOf(Sequential model) {
    List<Tensor> ps = model.parameters();
    if (!ps.isEmpty()) {
      return ps.get(0).dtype();
    }
    List<Tensor> bs = new ArrayList<>(model.namedBuffers().values());
    return bs.isEmpty() ? DType.FLOAT32 : bs.get(0).dtype();
  }

  private static Map<String, Object> describe(int index, Layer layer, DType dtype) {
    LayerCodec<?> codec = BY_CLASS.get(layer.getClass());
    if (codec == null) {
      throw new IllegalArgumentException(String.format("model_files: layer %s is a %s, which has "
          + "no codec; register a LayerCodec for it with ModelFiles.register", index,
          layer.getClass().getName()));
    }
    Map<String, Object> fields = fieldsOf(codec, layer);
    if (fields.containsKey("type")) {
      throw new IllegalArgumentException("model_files: codec '" + codec.type() + "' wrote the "
          + "reserved field \"type\"");
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("type", codec.type());
    d.putAll(fields);
    // What the codec wrote must read back to the layer's state, or the file could not be loaded.
    Map<String, int[]> declared;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> reread = (Map<String, Object>) Json.parse(Json.write(d));
      declared = codec.stateShapes(new LayerSpec("<written>", index, codec.type(), reread, dtype));
    } catch (JsonException | TensorFileException e) {
      throw new IllegalArgumentException("model_files: codec '" + codec.type() + "' wrote fields "
          + "it cannot read back: " + e.getMessage(), e);
    }
    String mismatch = stateMismatch(declared, layer);
    if (mismatch != null) {
      throw new IllegalArgumentException("model_files: codec '" + codec.type() + "' does not "
          + "describe layer " + index + ": " + mismatch);
    }
    return d;
  }

  @SuppressWarnings("unchecked")
  private static <L extends Layer> Map<String, Object> fieldsOf(LayerCodec<L> codec, Layer layer) {
    return codec.hyperparameters((L) layer);
  }

  /** Null if the layer's state has exactly the declared names and shapes, else what differs. */
  private static String stateMismatch(Map<String, int[]> declared, Layer layer) {
    Map<String, String> want = new LinkedHashMap<>();
    declared.forEach((k, v) -> want.put(k, Arrays.toString(v)));
    Map<String, String> have = new LinkedHashMap<>();
    layer.stateDict().forEach((k, v) -> have.put(k, v.shape().toString()));
    return want.equals(have) ? null : "its codec declares the state " + want + " but the layer "
        + "has " + have;
  }

  /**
   * Builds the (zero-initialized) model an architecture file describes, within
   * {@link #DEFAULT_MAX_PARAMETERS}; load its state with {@link Layer#loadStateDict}.
   *
   * @param json the file's bytes (UTF-8)
   * @param source the file name used in errors
   * @return a {@link Network} if the architecture names a task, else a {@link Sequential}
   * @throws TensorFileException naming {@code source} and the offending field
   */
  public static Sequential fromArchitecture(byte[] json, String source)
      throws TensorFileException {
    return fromArchitecture(json, source, DEFAULT_MAX_PARAMETERS);
  }

  /**
   * Builds the (zero-initialized) model an architecture file describes, refusing one whose state
   * (parameters and buffers) would hold more than {@code maxParameters} values before allocating
   * anything (a few bytes of JSON can otherwise ask for gigabytes).
   *
   * @param json the file's bytes (UTF-8)
   * @param source the file name used in errors
   * @param maxParameters the budget of state values
   * @return a {@link Network} if the architecture names a task, else a {@link Sequential}
   * @throws TensorFileException naming {@code source} and the offending field
   */
  public static Sequential fromArchitecture(byte[] json, String source, long maxParameters)
      throws TensorFileException {
    return read(json, source, null, null, maxParameters);
  }

  /** One layer entry ready to build: its codec and spec. */
  private record Entry(LayerCodec<?> codec, LayerSpec spec, Map<String, int[]> shapes) {}

  /**
   * The reader: architecture checks, then every declared state tensor against {@code contents}
   * (or, without contents, against the budget), then the layers, then the state.
   */
  private static Sequential read(byte[] json, String source, TensorContents contents,
      String contentsName, long maxParameters) throws TensorFileException {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (JsonException e) {
      throw new TensorFileException(source, "architecture is not valid JSON: " + e.getMessage(), e);
    }
    Map<String, Object> root = object(source, "the top level", parsed);
    keys(source, root, Set.of("format", "version", "dtype", "task", "layers"),
        List.of("format", "version", "dtype", "layers"));
    if (!FORMAT.equals(root.get("format"))) {
      throw new TensorFileException(source, "field \"format\" is "
          + LayerSpec.show(root.get("format")) + ", expected \"" + FORMAT + "\"");
    }
    long version = LayerSpec.boundedInteger(source, "field \"version\"", root.get("version"), 1,
        Integer.MAX_VALUE);
    if (version != VERSION) {
      throw new TensorFileException(source, "field \"version\" is " + version + "; this library "
          + "reads version " + VERSION);
    }
    DType dtype;
    Object dt = root.get("dtype");
    if ("float32".equals(dt)) {
      dtype = DType.FLOAT32;
    } else if ("float64".equals(dt)) {
      dtype = DType.FLOAT64;
    } else {
      throw new TensorFileException(source, "field \"dtype\" is " + LayerSpec.show(dt)
          + ", expected \"float32\" or \"float64\"");
    }
    Task task = null;
    if (root.containsKey("task")) {
      Object t = root.get("task");
      for (Task candidate : Task.values()) {
        if (candidate.name().equals(t)) {
          task = candidate;
        }
      }
      if (task == null) {
        throw new TensorFileException(source, "field \"task\" is " + LayerSpec.show(t)
            + ", expected one of " + Arrays.toString(Task.values()));
      }
    }
    if (!(root.get("layers") instanceof List)) {
      throw new TensorFileException(source, "field \"layers\" must be an array, got "
          + LayerSpec.show(root.get("layers")));
    }
    List<?> specs = (List<?>) root.get("layers");
    if (specs.size() > MAX_LAYERS) {
      throw new TensorFileException(source, "field \"layers\" has " + specs.size()
          + " entries, more than the cap of " + MAX_LAYERS);
    }

    // 1. Every entry's codec and state shapes, checked before anything is allocated.
    List<Entry> entries = new ArrayList<>();
    Set<String> needed = new LinkedHashSet<>();
    long count = 0;
    for (int i = 0; i < specs.size(); i++) {
      String where = "layers[" + i + "]";
      Map<String, Object> d = object(source, where, specs.get(i));
      Object type = d.get("type");
      if (!(type instanceof String)) {
        throw new TensorFileException(source, where + ".type must be a string, got "
            + LayerSpec.show(type));
      }
      LayerCodec<?> codec = BY_TYPE.get(type);
      if (codec == null) {
        throw new TensorFileException(source, where + ".type " + LayerSpec.show(type) + " is not "
            + "a known layer type (known: " + String.join(", ", new TreeSet<>(BY_TYPE.keySet()))
            + "; register a LayerCodec for your own)");
      }
      LayerSpec spec = new LayerSpec(source, i, (String) type, d, dtype);
      Map<String, int[]> shapes = stateShapes(codec, spec);
      for (Map.Entry<String, int[]> s : shapes.entrySet()) {
        String name = "layers." + i + "." + s.getKey();
        long numel = numel(codec, s.getKey(), s.getValue());
        if (numel > Integer.MAX_VALUE) {
          throw new TensorFileException(source, where + " (" + type + ") needs a tensor \""
              + s.getKey() + "\" of shape " + Arrays.toString(s.getValue()) + ", more than a "
              + "tensor can hold");
        }
        if (contents != null) {
          Tensor t = contents.tensors().get(name);
          if (t == null) {
            throw new TensorFileException(contentsName, "lacks the tensor \"" + name + "\" (shape "
                + Arrays.toString(s.getValue()) + ") that " + where + " (" + type + ") of "
                + fileName(source) + " needs");
          }
          if (!Arrays.equals(t.shape().dims(), s.getValue())) {
            throw new TensorFileException(contentsName, "tensor \"" + name + "\" has shape "
                + t.shape() + ", but " + where + " (" + type + ") of " + fileName(source)
                + " needs " + Arrays.toString(s.getValue()));
          }
        } else {
          count += numel;
          if (count > maxParameters) {
            throw new TensorFileException(source, "layers[0.." + i + "] already hold " + count
                + " parameter and buffer values, more than the " + maxParameters + " allowed");
          }
        }
        needed.add(name);
      }
      entries.add(new Entry(codec, spec, shapes));
    }
    if (contents != null) {
      List<String> unused = new ArrayList<>();
      for (String name : contents.tensors().keySet()) {
        if (!needed.contains(name)) {
          unused.add(name);
        }
      }
      if (!unused.isEmpty()) {
        throw new TensorFileException(contentsName, "holds tensors that the architecture in "
            + fileName(source) + " does not have: " + unused);
      }
    }

    // 2. The layers (at most what was just checked), then the model and its state.
    List<Layer> layers = new ArrayList<>();
    for (Entry e : entries) {
      layers.add(create(e));
    }
    Sequential model;
    try {
      model = task == null ? new Sequential(layers) : new Network(task, layers);
    } catch (IllegalArgumentException e) {
      throw new TensorFileException(source, "the layers do not form a valid model: "
          + e.getMessage(), e);
    }
    if (contents != null) {
      model.loadStateDict(contents.tensors(), true); // names and shapes were checked above
    }
    return model;
  }

  private static Map<String, int[]> stateShapes(LayerCodec<?> codec, LayerSpec spec)
      throws TensorFileException {
    try {
      Map<String, int[]> shapes = codec.stateShapes(spec);
      if (shapes == null) {
        throw new IllegalStateException("model_files: codec '" + codec.type() + "' returned null "
            + "state shapes");
      }
      return shapes;
    } catch (IllegalArgumentException e) {
      throw invalid(spec, e);
    }
  }

  private static Layer create(Entry e) throws TensorFileException {
    Layer layer;
    try {
      layer = e.codec().create(e.spec());
    } catch (IllegalArgumentException ex) {
      throw invalid(e.spec(), ex);
    }
    e.spec().checkAllRead();
    if (layer == null || layer.getClass() != e.codec().layerClass()) {
      throw new IllegalStateException("model_files: codec '" + e.codec().type() + "' created "
          + (layer == null ? "null" : "a " + layer.getClass().getName()) + ", not a "
          + e.codec().layerClass().getName());
    }
    String mismatch = stateMismatch(e.shapes(), layer);
    if (mismatch != null) {
      throw new IllegalStateException("model_files: codec '" + e.codec().type() + "' is "
          + "inconsistent for layers[" + e.spec().index() + "]: " + mismatch);
    }
    return layer;
  }

  private static TensorFileException invalid(LayerSpec spec, IllegalArgumentException e) {
    return new TensorFileException(spec.source(), "layers[" + spec.index() + "] (" + spec.type()
        + ") is invalid: " + e.getMessage(), e);
  }

  private static long numel(LayerCodec<?> codec, String name, int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalStateException("model_files: codec '" + codec.type() + "' declared a "
            + "negative size for \"" + name + "\": " + Arrays.toString(shape));
      }
      n = d != 0 && n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
    }
    return n;
  }

  /** The last path segment of a file name used in messages (the name may not be a path). */
  private static String fileName(String source) {
    return source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String source, String where, Object v)
      throws TensorFileException {
    if (!(v instanceof Map)) {
      throw new TensorFileException(source, where + " must be a JSON object, got "
          + LayerSpec.show(v));
    }
    return (Map<String, Object>) v;
  }

  private static void keys(String source, Map<String, Object> d, Set<String> allowed,
      List<String> required) throws TensorFileException {
    for (String k : d.keySet()) {
      if (!allowed.contains(k)) {
        throw new TensorFileException(source, "the top level has an unknown field \"" + k
            + "\" (allowed: " + new TreeSet<>(allowed) + ")");
      }
    }
    for (String k : required) {
      if (!d.containsKey(k)) {
        throw new TensorFileException(source, "the top level lacks the field \"" + k + "\"");
      }
    }
  }
}
