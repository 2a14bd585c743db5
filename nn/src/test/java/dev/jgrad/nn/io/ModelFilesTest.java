package dev.jgrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.io.TensorFileException;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.LeakyReLU;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Sigmoid;
import dev.jgrad.nn.Softmax;
import dev.jgrad.nn.Tanh;
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
    net.fit(DataLoader.of(Datasets.digits().to(DType.FLOAT32), 128).shuffle(1), 2);
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

  @Test
  void everyLayerTypeRoundTrips() throws Exception {
    SplittableRandom r = new SplittableRandom(1);
    Sequential m = new Sequential(new Linear(3, 4, Init.heNormal(), r, DType.FLOAT64),
        new LeakyReLU(0.2), new Linear(4, 4, false, Init.xavierNormal(), Init.zeros(), r,
            DType.FLOAT64), new Tanh(), new Sigmoid(), new dev.jgrad.nn.Identity(),
        new Dropout(0.25, r), new Linear(4, 2, Init.xavierUniform(), r, DType.FLOAT64),
        new Softmax(-1));
    Path arch = dir.resolve("a.json");
    Path params = dir.resolve("a.safetensors");
    ModelFiles.save(m, arch, params);
    Sequential back = ModelFiles.load(arch, params);
    assertEquals(m.toString(), back.toString());
    Tensor x = Tensor.uniform(r, DType.FLOAT64, -1, 1, 5, 3);
    assertArrayEquals(m.eval().forward(x).toDoubleArray(),
        back.eval().forward(x).toDoubleArray());
  }

  /** A file laid out as PyTorch's safetensors writes {@code self.layers = Sequential(...)}. */
  static byte[] torchStyleFile(Map<String, float[]> tensors, Map<String, int[]> shapes) {
    StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Map.Entry<String, float[]> e : tensors.entrySet()) {
      int start = data.size();
      ByteBuffer bb = ByteBuffer.allocate(4 * e.getValue().length).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : e.getValue()) bb.putFloat(v);
      data.writeBytes(bb.array());
      header.append(",\"").append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
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

  @Test
  void loadingParametersReportsMissingUnexpectedAndMisShapedNames() {
    SplittableRandom r = new SplittableRandom(1);
    Sequential m = new Sequential(new Linear(3, 2, r), new ReLU(), new Linear(2, 1, r));
    Map<String, Tensor> src = new LinkedHashMap<>(m.namedParameters());
    src.remove("layers.2.bias");
    src.put("layers.0.weight", Tensor.zeros(DType.FLOAT32, 3, 2));
    src.put("head.weight", Tensor.zeros(DType.FLOAT32, 1));
    float[] before = m.namedParameters().get("layers.0.bias").toFloatArray();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.loadParameters(src, true));
    assertEquals("load_parameters: mis-shaped [layers.0.weight: expected [2, 3], got [3, 2]]; "
        + "missing [layers.2.bias]; unexpected [head.weight]", e.getMessage());
    assertArrayEquals(before, m.namedParameters().get("layers.0.bias").toFloatArray(),
        "a rejected load changes nothing");
    src.put("layers.0.weight", Tensor.ones(DType.FLOAT64, 2, 3));
    Layer.LoadResult res = m.loadParameters(src, false);
    assertEquals(java.util.List.of("layers.2.bias"), res.missing());
    assertEquals(java.util.List.of("head.weight"), res.unexpected());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1},
        m.namedParameters().get("layers.0.weight").toFloatArray(), "converted to float32");
  }

  private TensorFileException badArchitecture(String json) {
    return assertThrows(TensorFileException.class, () -> ModelFiles.fromArchitecture(
        json.getBytes(StandardCharsets.UTF_8), "bad.json"));
  }

  private static final String HEAD =
      "{\"format\": \"jgrad-sequential\", \"version\": 1, \"dtype\": \"float32\", ";

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
        + "MULTI_LABEL, REGRESSION_L2, REGRESSION_L1]",
        badArchitecture(HEAD + "\"task\": \"CLUSTER\", \"layers\": "
            + "[]}").getMessage());
    assertEquals("bad.json: layers[0].type \"conv2d\" is not a known layer (linear, relu, "
        + "leaky_relu, sigmoid, tanh, identity, softmax, dropout)",
        badArchitecture(HEAD + "\"layers\": [{\"type\": \"conv2d\"}]}").getMessage());
    assertEquals("bad.json: layers[0].in must be an integer, got 2.5",
        badArchitecture(HEAD + "\"layers\": [{\"type\": \"linear\", \"in\": 2.5, \"out\": 1}]}")
            .getMessage());
    assertEquals("bad.json: layers[0].out is 0, outside [1, 16777216]",
        badArchitecture(HEAD + "\"layers\": [{\"type\": \"linear\", \"in\": 2, \"out\": 0}]}")
            .getMessage());
    assertEquals("bad.json: layers[0..0] already have 281474993487872 parameters, more than the "
        + "67108864 allowed (the parameter file's size, or the default cap)",
        badArchitecture(HEAD + "\"layers\": [{\"type\": \"linear\", \"in\": 16777216, \"out\": "
            + "16777216}]}").getMessage());
    assertEquals("bad.json: layers[1] lacks the field \"slope\"",
        badArchitecture(HEAD + "\"layers\": [{\"type\": \"relu\"}, {\"type\": \"leaky_relu\"}]}")
            .getMessage());
    assertEquals("bad.json: layers[0].p must be < 1, got 1.0",
        badArchitecture(HEAD + "\"layers\": [{\"type\": \"dropout\", \"p\": 1}]}").getMessage());
  }

  @Test
  void anArchitectureCannotAllocateMoreThanTheParameterFileHolds() throws Exception {
    SplittableRandom r = new SplittableRandom(1);
    Path arch = dir.resolve("big.json");
    Path params = dir.resolve("big.safetensors");
    ModelFiles.save(new Sequential(new Linear(3, 2, r)), arch, params); // 8 parameters
    Files.writeString(arch, HEAD + "\"layers\": [{\"type\": \"linear\", \"in\": 116, \"out\": "
        + "16777216}]}");
    TensorFileException e = assertThrows(TensorFileException.class,
        () -> ModelFiles.load(arch, params));
    assertEquals(arch + ": layers[0..0] already have 1962934272 parameters, more than the 8 "
        + "allowed (the parameter file's size, or the default cap)", e.getMessage());
  }

  @Test
  void parametersThatDoNotMatchTheArchitectureNameBothFiles() throws Exception {
    SplittableRandom r = new SplittableRandom(1);
    Sequential small = new Sequential(new Linear(3, 2, r));
    Path arch = dir.resolve("m.json");
    Path params = dir.resolve("m.safetensors");
    ModelFiles.save(small, arch, params);
    Files.writeString(arch, HEAD + "\"layers\": [{\"type\": \"linear\", \"in\": 2, \"out\": 2}]}");
    TensorFileException e = assertThrows(TensorFileException.class,
        () -> ModelFiles.load(arch, params));
    assertEquals(params + ": does not match the architecture in m.json: load_parameters: "
        + "mis-shaped [layers.0.weight: expected [2, 2], got [2, 3]]", e.getMessage());
  }
}
