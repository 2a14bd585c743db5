package dev.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.io.TensorFileException;
import dev.jgrad.nn.AdaptiveAvgPool2d;
import dev.jgrad.nn.AvgPool2d;
import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.Conv1d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.ELU;
import dev.jgrad.nn.Embedding;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.GELU;
import dev.jgrad.nn.GroupNorm;
import dev.jgrad.nn.Hardtanh;
import dev.jgrad.nn.Identity;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.LayerNorm;
import dev.jgrad.nn.LeakyReLU;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.LogSigmoid;
import dev.jgrad.nn.Mish;
import dev.jgrad.nn.MultiheadAttention;
import dev.jgrad.nn.Parameter;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.SELU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.SiLU;
import dev.jgrad.nn.Sigmoid;
import dev.jgrad.nn.Softmax;
import dev.jgrad.nn.Softplus;
import dev.jgrad.nn.Softsign;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.Unflatten;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.models.DeepNetwork;
import dev.jgrad.nn.models.Network;
import dev.jgrad.nn.models.Task;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
  @TempDir
  Path dir;

  @Test
  void aTrainedNetworkRoundTripsToIdenticalPredictions() throws Exception {
    DeepNetwork net = DeepNetwork.builder(64, 32, 10).task(Task.MULTICLASS).seed(3).build();
    net.fit(DataLoader.of(Datasets.digits().to(DType.FLOAT32), 128).shuffle(1),
        new dev.jgrad.nn.optim.Adam(net.parameters(), 1e-3), 2);
    Path arch = dir.resolve("model.json");
    Path params = dir.resolve("model.safetensors");
    ModelFiles.save(net, arch, params);

    Sequential back = ModelFiles.load(arch, params);
    Network loaded = assertInstanceOf(Network.class, back);
    assertEquals(Task.MULTICLASS, loaded.task());
    assertEquals(net.namedParameters().keySet(), loaded.namedParameters().keySet());
    Tensor x = Datasets.digits().to(DType.FLOAT32).features();
    Tensor a = Autograd.noGrad(() -> net.eval().forward(x));
    Tensor b = Autograd.noGrad(() -> loaded.eval().forward(x));
    assertArrayEquals(a.toFloatArray(), b.toFloatArray(), "bit-identical predictions");
    String json = Files.readString(arch);
    assertTrue(json.contains("\"format\": \"jgrad-sequential\""), json);
    assertTrue(json.contains("\"type\": \"linear\""), json);
  }

  /**
   * A file laid out as PyTorch's safetensors writes {@code self.layers = Sequential(...)}: F32
   * tensors, and I64 for names ending in {@code num_batches_tracked}.
   */
  static byte[] torchStyleFile(Map<String, float[]> tensors, Map<String, int[]> shapes) {
    StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Map.Entry<String, float[]> e : tensors.entrySet()) {
      int start = data.size();
      boolean count = e.getKey().endsWith("num_batches_tracked");
      ByteBuffer bb = ByteBuffer.allocate((count ? 8 : 4) * e.getValue().length)
          .order(ByteOrder.LITTLE_ENDIAN);
      for (float v : e.getValue()) {
        if (count) {
          bb.putLong((long) v);
        } else {
          bb.putFloat(v);
        }
      }
      data.writeBytes(bb.array());
      header.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"")
          .append(count ? "I64" : "F32").append("\",\"shape\":")
          .append(java.util.Arrays.toString(shapes.get(e.getKey())).replace(" ", ""))
          .append(",\"data_offsets\":[").append(start).append(',').append(data.size())
          .append("]}");
    }
    header.append('}');
    byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(h.length).put(h).put(data.toByteArray());
    return out.array();
  }

  @Test
  void weightsSavedByPyTorchLoadIntoTheEquivalentNetwork() throws Exception {
    Map<String, float[]> t = new LinkedHashMap<>();
    Map<String, int[]> s = new LinkedHashMap<>();
    t.put("layers.0.weight", new float[] {1, 2, 3, -1, 0, 1}); // nn.Linear(3, 2): [out, in]
    s.put("layers.0.weight", new int[] {2, 3});
    t.put("layers.0.bias", new float[] {0.5f, -4});
    s.put("layers.0.bias", new int[] {2});
    t.put("layers.2.weight", new float[] {2, -3});               // nn.Linear(2, 1)
    s.put("layers.2.weight", new int[] {1, 2});
    t.put("layers.2.bias", new float[] {1});
    s.put("layers.2.bias", new int[] {1});
    Path params = dir.resolve("torch.safetensors");
    Files.write(params, torchStyleFile(t, s));
    Path arch = dir.resolve("torch.json");
    Files.writeString(arch, "{\"format\": \"jgrad-sequential\", \"version\": 1, \"dtype\": "
        + "\"float32\", \"layers\": [{\"type\": \"linear\", \"in\": 3, \"out\": 2}, "
        + "{\"type\": \"relu\"}, {\"type\": \"linear\", \"in\": 2, \"out\": 1}]}");
    Sequential m = ModelFiles.load(arch, params);
    // x = [1, 1, 1]: h = relu([6.5, -4]) = [6.5, 0]; y = 2·6.5 - 3·0 + 1 = 14
    Tensor y = m.forward(Tensor.of(new float[] {1, 1, 1}, 1, 3));
    assertEquals(14f, (float) y.item());
  }


  /** Every built-in layer type, in a stack whose shapes chain, BatchNorm statistics moved. */
  static Sequential everyBuiltInLayer() {
    SplittableRandom r = new SplittableRandom(1);
    DType f64 = DType.FLOAT64;
    return new Sequential(
        new Linear(3, 8, Init.heNormal(), r, f64), new LeakyReLU(0.2),
        new BatchNorm1d(8, 1e-3, 0.3, true, f64), new LayerNorm(new int[] {8}, 1e-4, true, false,
            f64),
        GELU.tanhApproximation(), new SiLU(), new GELU(), new Unflatten(1, 2, 4),
        new GroupNorm(2, 2, 1e-5, true, f64), new Flatten(), new ELU(0.5), new SELU(),
        new Softplus(2, 10), new Mish(), new Hardtanh(-2, 2), new Softsign(), new LogSigmoid(),
        new Tanh(), new Sigmoid(), new Identity(), new Dropout(0.25, 5),
        new Linear(8, 4, false, Init.xavierNormal(), Init.zeros(), r, f64), new ReLU(),
        new Unflatten(-1, 1, 2, 2), new BatchNorm2d(1, 1e-5, 0.1, false, f64), new Flatten(1, 3),
        new Linear(4, 2, Init.xavierUniform(), r, f64), new Softmax(-1));
  }

  /**
   * The built-in layers of sequences and images, in a stack of their own whose shapes chain:
   * INT64 indices {@code [N, 6]} in.
   */
  static Sequential everySequenceAndImageLayer() {
    SplittableRandom r = new SplittableRandom(7);
    DType f64 = DType.FLOAT64;
    return new Sequential(
        new Embedding(9, 4, 0, Init.normal(0, 1), r, f64), // [N, 6, 4]
        new MultiheadAttention(4, 2, true, true, r, f64), // [N, 6, 4]
        new Unflatten(1, 2, 3), // [N, C=2, H=3, W=4]
        new Conv2d(2, 4, new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1}, new int[] {1, 1},
            2, true, null, null, r, f64), // [N, 4, 4, 2]
        new Flatten(2, 3), // [N, 4, 8]
        new Conv1d(4, 3, 3, 2, 1, 2, 1, false, null, null, r, f64), // [N, 3, 3]
        new Unflatten(1, 3, 1), // [N, 3, 1, 3]
        new MaxPool2d(new int[] {1, 2}, new int[] {1, 1}, new int[] {0, 1}), // [N, 3, 1, 4]
        new AvgPool2d(new int[] {1, 2}, new int[] {1, 2}, new int[] {0, 1}, false), // [N, 3, 1, 3]
        new AdaptiveAvgPool2d(2, 2)); // [N, 3, 2, 2]
  }

  private static java.util.Set<String> types(String json) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    java.util.regex.Matcher t = java.util.regex.Pattern.compile("\"type\": \"([a-z0-9_]+)\"")
        .matcher(json);
    while (t.find()) {
      out.add(t.group(1));
    }
    return out;
  }

  @Test
  void everySequenceAndImageLayerRoundTripsToIdenticalOutputs() throws Exception {
    Sequential m = everySequenceAndImageLayer();
    Path arch = dir.resolve("s.json");
    Path params = dir.resolve("s.safetensors");
    ModelFiles.save(m, arch, params);
    Sequential back = ModelFiles.load(arch, params);
    assertEquals(m.toString(), back.toString());
    assertEquals(m.stateDict().keySet(), back.stateDict().keySet());
    for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
      assertArrayEquals(e.getValue().toDoubleArray(),
          back.stateDict().get(e.getKey()).toDoubleArray(), e.getKey());
    }
    Tensor x = Tensor.of(new long[] {0, 3, 8, 1, 1, 2, 5, 0, 4, 7, 6, 2}, 2, 6);
    assertArrayEquals(m.eval().forward(x).toDoubleArray(), back.eval().forward(x).toDoubleArray());
    assertEquals("bad.json: layers[0].kernel must have 2 values, got 1", badArchitecture(layer(
        "\"type\": \"conv2d\", \"in\": 2, \"out\": 2, \"kernel\": [3], \"stride\": [1, 1], "
        + "\"padding\": [0, 0], \"dilation\": [1, 1], \"groups\": 1")).getMessage());
    String groups = badArchitecture(layer("\"type\": \"conv1d\", \"in\": 3, \"out\": 2, "
        + "\"kernel\": [3], \"stride\": [1], \"padding\": [0], \"dilation\": [1], "
        + "\"groups\": 2")).getMessage();
    assertTrue(groups.contains("conv1d: in channels 3 and out channels 2 must both be divisible "
        + "by groups 2"), groups);
  }

  @Test
  void everyBuiltInLayerRoundTripsWithItsStateAndRunningStatistics() throws Exception {
    Sequential m = everyBuiltInLayer();
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < 3; i++) { // training-mode passes move the running statistics
      m.forward(Tensor.uniform(r, DType.FLOAT64, -1, 1, 6, 3));
    }
    assertEquals(3L, ((BatchNorm1d) m.get(2)).numBatchesTracked());
    Path arch = dir.resolve("a.json");
    Path params = dir.resolve("a.safetensors");
    ModelFiles.save(m, arch, params);
    Sequential back = ModelFiles.load(arch, params);
    assertEquals(m.toString(), back.toString());
    assertEquals(m.stateDict().keySet(), back.stateDict().keySet());
    for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
      assertArrayEquals(e.getValue().toDoubleArray(),
          back.stateDict().get(e.getKey()).toDoubleArray(), e.getKey());
    }
    assertTrue(m.stateDict().containsKey("layers.2.running_var"));
    Tensor x = Tensor.uniform(r, DType.FLOAT64, -1, 1, 5, 3);
    assertArrayEquals(m.eval().forward(x).toDoubleArray(), back.eval().forward(x).toDoubleArray());

    // The two stacks cover every built-in type the format knows.
    java.util.Set<String> written = types(Files.readString(arch));
    written.addAll(types(ModelFiles.architectureJson(everySequenceAndImageLayer())));
    java.util.Set<String> builtIn = new java.util.TreeSet<>();
    BuiltInCodecs.all().forEach(c -> builtIn.add(c.type()));
    assertEquals(builtIn, written);
  }

  @Test
  void theFuzzSeedOfEveryBuiltInLayerIsAccepted() throws Exception {
    byte[] seed = getClass().getResourceAsStream(
        "ModelFilesFuzzTestInputs/fuzz/every_builtin_layer.json").readAllBytes();
    Sequential m = ModelFiles.fromArchitecture(seed, "seed.json");
    assertEquals(everyBuiltInLayer().toString(), m.toString());
  }

  @Test
  void aModelWithoutParametersKeepsItsBuffersDtype() throws Exception {
    Sequential m = new Sequential(new BatchNorm1d(2, 1e-5, 0.1, false, DType.FLOAT64));
    m.forward(Tensor.of(new double[][] {{1, 2}, {3, 5}}));
    Path arch = dir.resolve("b.json");
    Path params = dir.resolve("b.safetensors");
    ModelFiles.save(m, arch, params);
    assertTrue(Files.readString(arch).contains("\"dtype\": \"float64\""));
    Sequential back = ModelFiles.load(arch, params);
    assertEquals(DType.FLOAT64, back.namedBuffers().get("layers.0.running_mean").dtype());
    assertArrayEquals(m.namedBuffers().get("layers.0.running_var").toDoubleArray(),
        back.namedBuffers().get("layers.0.running_var").toDoubleArray());
  }

  @Test
  void batchNormStateLoadsFromAPyTorchFile() throws Exception {
    Map<String, float[]> t = new LinkedHashMap<>();
    Map<String, int[]> s = new LinkedHashMap<>();
    t.put("layers.0.weight", new float[] {2, 1});
    s.put("layers.0.weight", new int[] {2});
    t.put("layers.0.bias", new float[] {0, 1});
    s.put("layers.0.bias", new int[] {2});
    t.put("layers.0.running_mean", new float[] {1, -1});
    s.put("layers.0.running_mean", new int[] {2});
    t.put("layers.0.running_var", new float[] {4, 0.25f});
    s.put("layers.0.running_var", new int[] {2});
    t.put("layers.0.num_batches_tracked", new float[] {7});
    s.put("layers.0.num_batches_tracked", new int[] {});
    Path params = dir.resolve("bn.safetensors");
    Files.write(params, torchStyleFile(t, s));
    Path arch = dir.resolve("bn.json");
    Files.writeString(arch, HEAD + "\"layers\": [{\"type\": \"batch_norm1d\", \"features\": 2, "
        + "\"eps\": 0}]}".replace("0}", "1e-300}"));
    Sequential m = ModelFiles.load(arch, params);
    assertEquals(7L, ((BatchNorm1d) m.get(0)).numBatchesTracked());
    // eval: (x - mean) / sqrt(var) · w + b = (3 - 1)/2·2 + 0 = 2 and (0 + 1)/0.5·1 + 1 = 3
    Tensor y = m.eval().forward(Tensor.of(new float[] {3, 0}, 1, 2));
    assertArrayEquals(new float[] {2, 3}, y.toFloatArray(), 1e-6f);
  }

  /** A user layer in the field style. */
  static final class Scale extends Layer {
    private final int n;
    private final Parameter scale;

    Scale(int n) {
      this.n = n;
      this.scale = registerParameter("scale", Tensor.ones(DType.FLOAT64, n));
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.mul(scale.value());
    }
  }

  static final LayerCodec<Scale> SCALE = LayerCodec.of("test_scale", Scale.class,
      s -> Map.of("n", s.n),
      spec -> Map.of("scale", new int[] {spec.integer("n", 1, 1 << 20)}),
      spec -> new Scale(spec.integer("n", 1, 1 << 20)));

  @Test
  void aUserLayerWithACodecRoundTrips() throws Exception {
    ModelFiles.register(SCALE);
    ModelFiles.register(SCALE); // again: idempotent
    SplittableRandom r = new SplittableRandom(4);
    Scale scale = new Scale(3);
    Autograd.noGrad(() -> scale.parameters().get(0).set(Tensor.of(new double[] {2, -1, 0.5})));
    Sequential m = new Sequential(new Linear(2, 3, Init.heNormal(), r, DType.FLOAT64), scale);
    Path arch = dir.resolve("u.json");
    Path params = dir.resolve("u.safetensors");
    ModelFiles.save(m, arch, params);
    assertTrue(Files.readString(arch).contains("\"type\": \"test_scale\",\n      \"n\": 3"),
        Files.readString(arch));
    Sequential back = ModelFiles.load(arch, params);
    assertInstanceOf(Scale.class, back.get(1));
    assertArrayEquals(new double[] {2, -1, 0.5},
        back.namedParameters().get("layers.1.scale").toDoubleArray());
    Tensor x = Tensor.of(new double[][] {{1, 2}});
    assertArrayEquals(m.forward(x).toDoubleArray(), back.forward(x).toDoubleArray());
    assertEquals("bad.json: layers[0].n is 0, outside [1, 1048576]", badArchitecture(HEAD
        + "\"layers\": [{\"type\": \"test_scale\", \"n\": 0}]}").getMessage());
  }

  @Test
  void aLayerWithoutACodecIsRefusedByName() {
    Layer unsaved = new Layer() {
      @Override
      public Tensor forward(Tensor input) {
        return input;
      }
    };
    Sequential m = new Sequential(new ReLU(), unsaved);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.save(m, dir.resolve("x.json"), dir.resolve("x.safetensors")));
    assertEquals("model_files: layer 1 is a " + unsaved.getClass().getName() + ", which has no "
        + "codec; register a LayerCodec for it with ModelFiles.register", e.getMessage());
  }

  @Test
  void aCodecThatDoesNotDescribeItsLayerIsRefusedOnSave() {
    final class Twice extends Layer {
      private final Parameter w = registerParameter("w", Tensor.ones(DType.FLOAT64, 2));

      @Override
      public Tensor forward(Tensor input) {
        return input.mul(w.value());
      }
    }
    ModelFiles.register(LayerCodec.of("test_twice", Twice.class, l -> Map.of(),
        spec -> Map.of("w", new int[] {3}), spec -> new Twice()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.architectureJson(new Sequential(new Twice())));
    assertEquals("model_files: codec 'test_twice' does not describe layer 0: its codec declares "
        + "the state {w=[3]} but the layer has {w=[2]}", e.getMessage());
  }

  @Test
  void registrationRejectsTakenAndMalformedTypes() {
    assertEquals("model_files: cannot register relu for " + Scale.class.getName()
        + ": type 'relu' is built in", assertThrows(IllegalArgumentException.class,
            () -> ModelFiles.register(LayerCodec.of("relu", Scale.class, l -> Map.of(),
                s -> Map.of(), s -> new Scale(1)))).getMessage());
    assertEquals("model_files: cannot register my_relu for dev.jgrad.nn.ReLU: "
        + "dev.jgrad.nn.ReLU is saved as 'relu' (built in)",
        assertThrows(IllegalArgumentException.class,
            () -> ModelFiles.register(LayerCodec.of("my_relu", ReLU.class, ReLU::new)))
            .getMessage());
    assertEquals("model_files: codec type 'Scale!' must be lower case letters, digits and _, "
        + "starting with a letter", assertThrows(IllegalArgumentException.class,
            () -> ModelFiles.register(LayerCodec.of("Scale!", Scale.class, l -> Map.of(),
                s -> Map.of(), s -> new Scale(1)))).getMessage());
  }

  private Sequential mlp() {
    SplittableRandom r = new SplittableRandom(1);
    return new Sequential(new Linear(3, 4, r), new ReLU(), new Linear(4, 2, r)); // 26 parameters
  }

  @Test
  void aParameterFileMissingATensorNamesIt() throws Exception {
    Sequential m = mlp();
    Path arch = dir.resolve("m.json");
    Path params = dir.resolve("m.safetensors");
    ModelFiles.save(m, arch, params);
    Map<String, Tensor> state = new LinkedHashMap<>(m.stateDict());
    state.remove("layers.0.bias");
    dev.jgrad.io.SafeTensors.write(params, state, Map.of());
    TensorFileException e = assertThrows(TensorFileException.class,
        () -> ModelFiles.load(arch, params));
    // Once reported as "layers[0..2] already have 26 parameters, more than the 22 allowed".
    assertEquals(params + ": lacks the tensor \"layers.0.bias\" (shape [4]) that layers[0] "
        + "(linear) of m.json needs", e.getMessage());

    state.put("layers.0.bias", Tensor.zeros(DType.FLOAT32, 4));
    state.put("head.weight", Tensor.zeros(DType.FLOAT32, 1));
    dev.jgrad.io.SafeTensors.write(params, state, Map.of());
    assertEquals(params + ": holds tensors that the architecture in m.json does not have: "
        + "[head.weight]", assertThrows(TensorFileException.class,
            () -> ModelFiles.load(arch, params)).getMessage());
  }

  @Test
  void loadingStateReportsWhatWasLoadedMissingAndUnexpected() {
    Sequential m = mlp();
    Map<String, Tensor> src = new LinkedHashMap<>(m.stateDict());
    src.remove("layers.2.bias");
    src.put("layers.0.weight", Tensor.zeros(DType.FLOAT32, 3, 4));
    src.put("head.weight", Tensor.zeros(DType.FLOAT32, 1));
    float[] before = m.namedParameters().get("layers.0.bias").toFloatArray();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.loadStateDict(src, true));
    assertEquals("load_state_dict: mis-shaped [layers.0.weight: expected [4, 3], got [3, 4]]; "
        + "missing [layers.2.bias]; unexpected [head.weight]", e.getMessage());
    assertArrayEquals(before, m.namedParameters().get("layers.0.bias").toFloatArray(),
        "a rejected load changes nothing");
    src.put("layers.0.weight", Tensor.ones(DType.FLOAT64, 4, 3));
    Layer.LoadResult res = m.loadStateDict(src, false);
    assertEquals(java.util.List.of("layers.0.weight", "layers.0.bias", "layers.2.weight"),
        res.loaded());
    assertEquals(java.util.List.of("layers.2.bias"), res.missing());
    assertEquals(java.util.List.of("head.weight"), res.unexpected());
    assertEquals("loaded 3 of 4 tensors; missing [layers.2.bias]; unexpected [head.weight]",
        res.toString());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        m.namedParameters().get("layers.0.weight").toFloatArray(), "converted to float32");

    // Only wrong names: nothing loads, and the result says so.
    Layer.LoadResult none = m.loadStateDict(Map.of("fc1.weight", Tensor.zeros(DType.FLOAT32, 4,
        3)), false);
    assertEquals(java.util.List.of(), none.loaded());
    assertFalse(none.complete());
    assertEquals("loaded 0 of 4 tensors; missing [layers.0.weight, layers.0.bias, "
        + "layers.2.weight, layers.2.bias]; unexpected [fc1.weight]", none.toString());
  }

  private TensorFileException badArchitecture(String json) {
    return assertThrows(TensorFileException.class, () -> ModelFiles.fromArchitecture(
        json.getBytes(StandardCharsets.UTF_8), "bad.json"));
  }

  private static final String HEAD =
      "{\"format\": \"jgrad-sequential\", \"version\": 1, \"dtype\": \"float32\", ";

  private String layer(String fields) {
    return HEAD + "\"layers\": [{" + fields + "}]}";
  }

  @Test
  void everyArchitectureRuleHasASpecificError() {
    assertTrue(badArchitecture("{").getMessage().startsWith("bad.json: architecture is not "
        + "valid JSON"), badArchitecture("{").getMessage());
    assertEquals("bad.json: the top level must be a JSON object, got an array",
        badArchitecture("[]").getMessage());
    assertEquals("bad.json: field \"format\" is \"keras\", expected \"jgrad-sequential\"",
        badArchitecture("{\"format\": \"keras\", \"version\": 1, \"dtype\": \"float32\", "
            + "\"layers\": []}").getMessage());
    assertEquals("bad.json: field \"version\" is 2; this library reads version 1",
        badArchitecture("{\"format\": \"jgrad-sequential\", \"version\": 2, \"dtype\": "
            + "\"float32\", \"layers\": []}").getMessage());
    assertEquals("bad.json: field \"dtype\" is \"int8\", expected \"float32\" or \"float64\"",
        badArchitecture("{\"format\": \"jgrad-sequential\", \"version\": 1, \"dtype\": \"int8\","
            + " \"layers\": []}").getMessage());
    assertEquals("bad.json: the top level lacks the field \"layers\"",
        badArchitecture("{\"format\": \"jgrad-sequential\", \"version\": 1, \"dtype\": "
            + "\"float32\"}").getMessage());
    assertEquals("bad.json: the top level has an unknown field \"extra\" (allowed: [dtype, "
        + "format, layers, task, version])", badArchitecture(HEAD + "\"layers\": [], \"extra\": "
            + "1}").getMessage());
    assertEquals("bad.json: field \"task\" is \"CLUSTER\", expected one of [BINARY, MULTICLASS, "
        + "MULTI_LABEL, REGRESSION_L2, REGRESSION_L1, ADALINE, PERCEPTRON]",
        badArchitecture(HEAD + "\"task\": \"CLUSTER\", \"layers\": []}").getMessage());
    String unknown = badArchitecture(layer("\"type\": \"lstm\"")).getMessage();
    assertTrue(unknown.startsWith("bad.json: layers[0].type \"lstm\" is not a known layer type "
        + "(known: "), unknown);
    assertTrue(unknown.contains("batch_norm1d, batch_norm2d, "), unknown);
    assertTrue(unknown.contains(", embedding, flatten, gelu, group_norm, "), unknown);
    assertTrue(unknown.endsWith("; register a LayerCodec for your own)"), unknown);
    assertEquals("bad.json: layers[0].in must be an integer, got 2.5",
        badArchitecture(layer("\"type\": \"linear\", \"in\": 2.5, \"out\": 1")).getMessage());
    assertEquals("bad.json: layers[0].out is 0, outside [1, 16777216]",
        badArchitecture(layer("\"type\": \"linear\", \"in\": 2, \"out\": 0")).getMessage());
    assertEquals("bad.json: layers[0] has an unknown field \"units\" (a linear layer reads [bias, "
        + "in, out, type])", badArchitecture(layer("\"type\": \"linear\", \"in\": 2, \"out\": 1, "
            + "\"units\": 3")).getMessage());
    assertEquals("bad.json: layers[0] (linear) needs a tensor \"weight\" of shape [16777216, "
        + "16777216], more than a tensor can hold", badArchitecture(layer("\"type\": \"linear\", "
            + "\"in\": 16777216, \"out\": 16777216")).getMessage());
    assertEquals("bad.json: layers[0..0] already hold 67117056 parameter and buffer values, more "
        + "than the 67108864 allowed", badArchitecture(layer("\"type\": \"linear\", \"in\": 8192, "
            + "\"out\": 8193")).getMessage());
    assertEquals("bad.json: layers[1] lacks the field \"slope\"",
        badArchitecture(HEAD + "\"layers\": [{\"type\": \"relu\"}, {\"type\": \"leaky_relu\"}]}")
            .getMessage());
    assertEquals("bad.json: layers[0] (dropout) is invalid: dropout: probability must be in [0, "
        + "1), got 1.0", badArchitecture(layer("\"type\": \"dropout\", \"p\": 1")).getMessage());
    assertEquals("bad.json: layers[0] (group_norm) is invalid: group_norm: 6 channels do not "
        + "divide into 4 groups", badArchitecture(layer("\"type\": \"group_norm\", \"groups\": 4, "
            + "\"channels\": 6")).getMessage());
    assertEquals("bad.json: layers[0].approximate is \"erf\", expected one of [none, tanh]",
        badArchitecture(layer("\"type\": \"gelu\", \"approximate\": \"erf\"")).getMessage());
    assertEquals("bad.json: layers[0].sizes[1] is -2, outside [1, 2147483647]",
        badArchitecture(layer("\"type\": \"unflatten\", \"axis\": 1, \"sizes\": [3, -2]"))
            .getMessage());
  }

  /** Issue 15: these crashed with ArithmeticException, a 100 MB message, or OutOfMemoryError. */
  @Test
  void numbersWithHugeExponentsGiveShortClearErrors() throws Exception {
    // Exponents beyond ±1000 are refused by the JSON reader itself, before any conversion.
    for (String n : new String[] {"100e2147483647", "1e99999999", "1e999999999",
        "1e-999999999"}) {
      String m = badArchitecture(layer("\"type\": \"linear\", \"in\": " + n + ", \"out\": 1"))
          .getMessage();
      assertTrue(m.startsWith("bad.json: architecture is not valid JSON: line 1, column ")
          && m.endsWith(": number " + n + " has an exponent beyond the limit of ±1000"), m);
    }
    String[][] cases = {
        {"\"in\": -5e400, \"out\": 1", "layers[0].in is -5e+400, outside [1, 16777216]"},
        {"\"in\": 4.0000000000000000000000000000000000000000000001, \"out\": 1",
            "layers[0].in must be an integer, got 4.00000000000000000000000000000000000000..."},
    };
    // A parser that reads integer literals beyond long as BigInteger gets the same answer.
    assertEquals("bad.json: layers[0].in is 123456789012345678901234567890, outside [1, 16777216]",
        assertThrows(TensorFileException.class, () -> LayerSpec.boundedInteger("bad.json",
            "layers[0].in", new java.math.BigInteger("123456789012345678901234567890"), 1,
            16777216)).getMessage());
    assertEquals(1e30, LayerSpec.boundedReal("bad.json", "x", new java.math.BigInteger(
        "1000000000000000000000000000000"), 0, Double.MAX_VALUE));
    for (String[] c : cases) {
      assertEquals("bad.json: " + c[1], badArchitecture(layer("\"type\": \"linear\", " + c[0]))
          .getMessage(), c[0]);
    }
    assertEquals("bad.json: layers[0].slope is 1e+999, outside [-1.7976931348623157E308, "
        + "1.7976931348623157E308]", badArchitecture(layer("\"type\": \"leaky_relu\", \"slope\": "
            + "1e999")).getMessage());
    assertEquals("bad.json: layers[0].p is 1e+999, outside [0.0, 1.0]",
        badArchitecture(layer("\"type\": \"dropout\", \"p\": 1e999")).getMessage());
    assertEquals("bad.json: field \"version\" is 1e+999, outside [1, 2147483647]",
        badArchitecture("{\"format\": \"jgrad-sequential\", \"version\": 1e999, \"dtype\": "
            + "\"float32\", \"layers\": []}").getMessage());
    // Tiny magnitudes read as the nearest double, 0 (a slope of 0 is fine), and never as -0.0,
    // which JSON cannot carry back (a fuzzing finding: the written file read back differently).
    assertEquals("LeakyReLU(slope=0.0)", assertDoesNotThrowRead(layer("\"type\": \"leaky_relu\", "
        + "\"slope\": 1e-999")).get(0).toString());
    Sequential zero = assertDoesNotThrowRead(HEAD + "\"layers\": [{\"type\": \"dropout\", \"p\": "
        + "-1e-999}, {\"type\": \"elu\", \"alpha\": -1e-330}]}");
    assertEquals("Dropout(p=0.0, seed=0)", zero.get(0).toString());
    assertEquals("ELU(alpha=0.0)", zero.get(1).toString());
    assertEquals(ModelFiles.architectureJson(zero), ModelFiles.architectureJson(
        assertDoesNotThrowRead(ModelFiles.architectureJson(zero))));
  }

  private static Sequential assertDoesNotThrowRead(String json) {
    return org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> ModelFiles.fromArchitecture(
        json.getBytes(StandardCharsets.UTF_8), "ok.json"));
  }

  @Test
  void anArchitectureCannotAllocateMoreThanTheParameterFileHolds() throws Exception {
    SplittableRandom r = new SplittableRandom(1);
    Path arch = dir.resolve("big.json");
    Path params = dir.resolve("big.safetensors");
    ModelFiles.save(new Sequential(new Linear(3, 2, r)), arch, params); // 8 parameters
    Files.writeString(arch, layer("\"type\": \"linear\", \"in\": 116, \"out\": 16777216"));
    TensorFileException e = assertThrows(TensorFileException.class,
        () -> ModelFiles.load(arch, params));
    assertEquals(params + ": tensor \"layers.0.weight\" has shape [2, 3], but layers[0] (linear) "
        + "of big.json needs [16777216, 116]", e.getMessage());
  }

  @Test
  void parametersThatDoNotMatchTheArchitectureNameBothFiles() throws Exception {
    SplittableRandom r = new SplittableRandom(1);
    Sequential small = new Sequential(new Linear(3, 2, r));
    Path arch = dir.resolve("m.json");
    Path params = dir.resolve("m.safetensors");
    ModelFiles.save(small, arch, params);
    Files.writeString(arch, layer("\"type\": \"linear\", \"in\": 2, \"out\": 2"));
    TensorFileException e = assertThrows(TensorFileException.class,
        () -> ModelFiles.load(arch, params));
    assertEquals(params + ": tensor \"layers.0.weight\" has shape [2, 3], but layers[0] (linear) "
        + "of m.json needs [2, 2]", e.getMessage());
  }
}
