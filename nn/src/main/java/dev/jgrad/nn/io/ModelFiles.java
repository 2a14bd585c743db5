package dev.jgrad.nn.io;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.io.Json;
import dev.jgrad.io.JsonException;
import dev.jgrad.io.SafeTensors;
import dev.jgrad.io.TensorContents;
import dev.jgrad.io.TensorFileException;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Identity;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.LeakyReLU;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Sigmoid;
import dev.jgrad.nn.Softmax;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.models.Network;
import dev.jgrad.nn.models.Task;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A model as two files, as the course ships one: the <b>architecture</b> (JSON) and the
 * <b>parameters</b> (safetensors, PyTorch names and layouts: {@code layers.0.weight [out, in]},
 * {@code layers.0.bias [out]}). Weights trained in PyTorch for a module whose
 * {@code self.layers = nn.Sequential(...)} load as they are.
 *
 * <p>The architecture file, for a {@link Sequential} (or a {@link Network}, which adds its task):
 *
 * <pre>{@code
 * {"format": "jgrad-sequential", "version": 1, "dtype": "float32", "task": "MULTICLASS",
 *  "layers": [{"type": "linear", "in": 64, "out": 32, "bias": true}, {"type": "relu"},
 *             {"type": "leaky_relu", "slope": 0.01}, {"type": "sigmoid"}, {"type": "tanh"},
 *             {"type": "identity"}, {"type": "softmax", "axis": -1},
 *             {"type": "dropout", "p": 0.5}, {"type": "linear", "in": 32, "out": 10}]}
 * }</pre>
 *
 * Reading is strict and bounded (it is safe on untrusted files): the JSON parser caps depth and
 * size, every key is known, every number is checked for type and range, and any rejection is a
 * {@link TensorFileException} naming the file and the field. Nothing is read with Java
 * serialization.
 */
public final class ModelFiles {
  private ModelFiles() {}

  /** The {@code format} value of architecture files. */
  public static final String FORMAT = "jgrad-sequential";
  /** The architecture format version this library writes and reads. */
  public static final int VERSION = 1;
  /** Upper bound on the layers of a model read from a file. */
  public static final int MAX_LAYERS = 10_000;
  /** Upper bound on a linear layer's in/out units read from a file (2^24). */
  public static final int MAX_UNITS = 1 << 24;
  private static final long MAX_ARCHITECTURE_BYTES = 1 << 20;

  /**
   * Writes {@code model}'s architecture (JSON) and parameters (safetensors).
   *
   * @throws IllegalArgumentException if the model holds a layer type the format cannot describe
   * @throws IOException if writing fails
   */
  public static void save(Sequential model, Path architecture, Path parameters)
      throws IOException {
    String json = architectureJson(model);
    Files.writeString(architecture, json, StandardCharsets.UTF_8);
    SafeTensors.write(parameters, model.namedParameters(),
        Map.of("format", "jgrad", "architecture", architecture.getFileName().toString()));
  }

  /**
   * Reads a model back: builds the architecture, then loads every parameter strictly (no name
   * missing, none unexpected, every shape equal; values converted to the model's dtype).
   *
   * @return a {@link Network} if the architecture names a task, else a {@link Sequential}
   * @throws TensorFileException for a malformed or inconsistent file, naming it and the field
   * @throws IOException if reading fails
   */
  public static Sequential load(Path architecture, Path parameters) throws IOException {
    long size = Files.size(architecture);
    if (size > MAX_ARCHITECTURE_BYTES) {
      throw new TensorFileException(architecture.toString(), "architecture file of " + size
          + " bytes exceeds the " + MAX_ARCHITECTURE_BYTES + "-byte cap");
    }
    // Parameters first: the architecture may not allocate more than the parameter file holds.
    TensorContents contents = SafeTensors.read(parameters);
    long available = 0;
    for (Tensor t : contents.tensors().values()) {
      available += t.numel();
    }
    Sequential model = fromArchitecture(Files.readAllBytes(architecture), architecture.toString(),
        available);
    try {
      model.loadParameters(contents.tensors(), true);
    } catch (IllegalArgumentException e) {
      throw new TensorFileException(parameters.toString(), "does not match the architecture in "
          + architecture.getFileName() + ": " + e.getMessage(), e);
    }
    return model;
  }

  /**
   * The architecture of {@code model} as JSON (see the class comment).
   *
   * @throws IllegalArgumentException for a layer type the format cannot describe
   */
  public static String architectureJson(Sequential model) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("dtype", dtypeOf(model).toString());
    if (model instanceof Network) {
      root.put("task", ((Network) model).task().name());
    }
    List<Object> layers = new ArrayList<>();
    for (int i = 0; i < model.size(); i++) {
      layers.add(describe(i, model.get(i)));
    }
    root.put("layers", layers);
    return Json.write(root, 2);
  }

  private static DType dtypeOf(Sequential model) {
    List<Tensor> ps = model.parameters();
    return ps.isEmpty() ? DType.FLOAT32 : ps.get(0).dtype();
  }

  private static Map<String, Object> describe(int index, Layer m) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (m instanceof Linear) {
      Linear l = (Linear) m;
      d.put("type", "linear");
      d.put("in", l.inFeatures());
      d.put("out", l.outFeatures());
      d.put("bias", l.hasBias());
    } else if (m instanceof LeakyReLU) {
      d.put("type", "leaky_relu");
      d.put("slope", ((LeakyReLU) m).slope());
    } else if (m instanceof ReLU) {
      d.put("type", "relu");
    } else if (m instanceof Sigmoid) {
      d.put("type", "sigmoid");
    } else if (m instanceof Tanh) {
      d.put("type", "tanh");
    } else if (m instanceof Identity) {
      d.put("type", "identity");
    } else if (m instanceof Softmax) {
      d.put("type", "softmax");
      d.put("axis", ((Softmax) m).axis());
    } else if (m instanceof Dropout) {
      d.put("type", "dropout");
      d.put("p", ((Dropout) m).p());
    } else {
      throw new IllegalArgumentException(String.format("model_files: layer %s is a %s, which the "
          + "architecture format cannot describe", index, m.getClass().getSimpleName()));
    }
    return d;
  }

  /**
   * Builds the (zero-initialized) model an architecture file describes.
   *
   * @param json the file's bytes (UTF-8)
   * @param source the file name used in errors
   * @throws TensorFileException naming {@code source} and the offending field
   */
  public static Sequential fromArchitecture(byte[] json, String source)
      throws TensorFileException {
    return fromArchitecture(json, source, DEFAULT_MAX_PARAMETERS);
  }

  /** The parameter budget of {@link #fromArchitecture(byte[], String)}: 2^26 (256 MB float32). */
  public static final long DEFAULT_MAX_PARAMETERS = 1L << 26;

  /**
   * Builds the (zero-initialized) model an architecture file describes, refusing one with more
   * than {@code maxParameters} parameters before allocating anything (a few bytes of JSON can
   * otherwise ask for gigabytes).
   *
   * @throws TensorFileException naming {@code source} and the offending field
   */
  public static Sequential fromArchitecture(byte[] json, String source, long maxParameters)
      throws TensorFileException {
    Object parsed;
    try {
      parsed = Json.parse(json);
    } catch (JsonException e) {
      throw new TensorFileException(source, "architecture is not valid JSON: " + e.getMessage(), e);
    }
    Map<String, Object> root = object(source, "the top level", parsed);
    keys(source, "the top level", root, Set.of("format", "version", "dtype", "task", "layers"),
        Set.of("format", "version", "dtype", "layers"));
    if (!FORMAT.equals(root.get("format"))) {
      throw new TensorFileException(source, "field \"format\" is " + show(root.get("format"))
          + ", expected \"" + FORMAT + "\"");
    }
    int version = integer(source, "field \"version\"", root.get("version"), 1, Integer.MAX_VALUE);
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
      throw new TensorFileException(source, "field \"dtype\" is " + show(dt)
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
        throw new TensorFileException(source, "field \"task\" is " + show(t) + ", expected one of "
            + java.util.Arrays.toString(Task.values()));
      }
    }
    if (!(root.get("layers") instanceof List)) {
      throw new TensorFileException(source, "field \"layers\" must be an array, got "
          + show(root.get("layers")));
    }
    List<?> specs = (List<?>) root.get("layers");
    if (specs.size() > MAX_LAYERS) {
      throw new TensorFileException(source, "field \"layers\" has " + specs.size()
          + " entries, more than the cap of " + MAX_LAYERS);
    }
    long count = 0;
    for (int i = 0; i < specs.size(); i++) {
      count += parameterCount(source, i, specs.get(i));
      if (count > maxParameters) {
        throw new TensorFileException(source, "layers[0.." + i + "] already have " + count
            + " parameters, more than the " + maxParameters + " allowed (the parameter file's "
            + "size, or the default cap)");
      }
    }
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      layers.add(layer(source, i, specs.get(i), dtype));
    }
    try {
      return task == null ? new Sequential(layers) : new Network(task, layers);
    } catch (IllegalArgumentException e) {
      throw new TensorFileException(source, "the layers do not form a valid model: "
          + e.getMessage(), e);
    }
  }

  /** Parameters a layer spec will allocate (0 unless a well-formed linear layer). */
  private static long parameterCount(String source, int i, Object spec)
      throws TensorFileException {
    if (!(spec instanceof Map) || !"linear".equals(((Map<?, ?>) spec).get("type"))) {
      return 0; // malformed specs are reported by layer()
    }
    Map<?, ?> d = (Map<?, ?>) spec;
    String where = "layers[" + i + "]";
    int in = integer(source, where + ".in", d.get("in"), 1, MAX_UNITS);
    int out = integer(source, where + ".out", d.get("out"), 1, MAX_UNITS);
    boolean bias = !Boolean.FALSE.equals(d.get("bias"));
    return (long) in * out + (bias ? out : 0);
  }

  private static Layer layer(String source, int i, Object spec, DType dtype)
      throws TensorFileException {
    String where = "layers[" + i + "]";
    Map<String, Object> d = object(source, where, spec);
    Object type = d.get("type");
    if (!(type instanceof String)) {
      throw new TensorFileException(source, where + ".type must be a string, got " + show(type));
    }
    switch ((String) type) {
      case "linear": {
        keys(source, where, d, Set.of("type", "in", "out", "bias"), Set.of("type", "in", "out"));
        int in = integer(source, where + ".in", d.get("in"), 1, MAX_UNITS);
        int out = integer(source, where + ".out", d.get("out"), 1, MAX_UNITS);
        Object bias = d.getOrDefault("bias", Boolean.TRUE);
        if (!(bias instanceof Boolean)) {
          throw new TensorFileException(source, where + ".bias must be true or false, got "
              + show(bias));
        }
        if ((long) in * out > Integer.MAX_VALUE) {
          throw new TensorFileException(source, where + " has " + ((long) in * out)
              + " weights, more than a tensor can hold");
        }
        return new Linear(in, out, (Boolean) bias, Init.zeros(), Init.zeros(), null, dtype);
      }
      case "leaky_relu": {
        keys(source, where, d, Set.of("type", "slope"), Set.of("type", "slope"));
        return new LeakyReLU(real(source, where + ".slope", d.get("slope"), -1e6, 1e6));
      }
      case "softmax": {
        keys(source, where, d, Set.of("type", "axis"), Set.of("type"));
        return new Softmax(d.containsKey("axis")
            ? integer(source, where + ".axis", d.get("axis"), -64, 63) : -1);
      }
      case "dropout": {
        keys(source, where, d, Set.of("type", "p"), Set.of("type", "p"));
        double p = real(source, where + ".p", d.get("p"), 0, 1);
        if (p >= 1) {
          throw new TensorFileException(source, where + ".p must be < 1, got " + p);
        }
        // Dropout is off in eval mode; a loaded model trained further draws masks from seed 0.
        return new Dropout(p, new SplittableRandom(0));
      }
      case "relu":
      case "sigmoid":
      case "tanh":
      case "identity": {
        keys(source, where, d, Set.of("type"), Set.of("type"));
        String t = (String) type;
        return t.equals("relu") ? new ReLU() : t.equals("sigmoid") ? new Sigmoid()
            : t.equals("tanh") ? new Tanh() : new Identity();
      }
      default:
        throw new TensorFileException(source, where + ".type " + show(type) + " is not a known "
            + "layer (linear, relu, leaky_relu, sigmoid, tanh, identity, softmax, dropout)");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String source, String where, Object v)
      throws TensorFileException {
    if (!(v instanceof Map)) {
      throw new TensorFileException(source, where + " must be a JSON object, got " + show(v));
    }
    return (Map<String, Object>) v;
  }

  private static void keys(String source, String where, Map<String, Object> d, Set<String> allowed,
      Set<String> required) throws TensorFileException {
    for (String k : d.keySet()) {
      if (!allowed.contains(k)) {
        throw new TensorFileException(source, where + " has an unknown field \"" + k
            + "\" (allowed: " + new java.util.TreeSet<>(allowed) + ")");
      }
    }
    for (String k : required) {
      if (!d.containsKey(k)) {
        throw new TensorFileException(source, where + " lacks the field \"" + k + "\"");
      }
    }
  }

  private static int integer(String source, String where, Object v, int min, int max)
      throws TensorFileException {
    BigDecimal b = number(v);
    if (b == null || b.stripTrailingZeros().scale() > 0) {
      throw new TensorFileException(source, where + " must be an integer, got " + show(v));
    }
    if (b.compareTo(BigDecimal.valueOf(min)) < 0 || b.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new TensorFileException(source, where + " is " + b.toPlainString() + ", outside ["
          + min + ", " + max + "]");
    }
    return b.intValueExact();
  }

  private static double real(String source, String where, Object v, double min, double max)
      throws TensorFileException {
    BigDecimal b = number(v);
    if (b == null) {
      throw new TensorFileException(source, where + " must be a number, got " + show(v));
    }
    double x = b.doubleValue();
    if (!(x >= min && x <= max)) {
      throw new TensorFileException(source, where + " is " + b + ", outside [" + min + ", " + max
          + "]");
    }
    return x;
  }

  private static BigDecimal number(Object v) {
    if (v instanceof BigDecimal) {
      return (BigDecimal) v;
    }
    if (v instanceof BigInteger) { // Json.parse: an integer literal beyond long
      return new BigDecimal((BigInteger) v);
    }
    if (v instanceof Long || v instanceof Integer) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Double && Double.isFinite((Double) v)) {
      return BigDecimal.valueOf((Double) v);
    }
    return null;
  }

  private static String show(Object v) {
    if (v == null) {
      return "null (or absent)";
    }
    if (v instanceof String) {
      String s = (String) v;
      return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "an array";
    }
    return String.valueOf(v).toLowerCase(Locale.ROOT);
  }
}
