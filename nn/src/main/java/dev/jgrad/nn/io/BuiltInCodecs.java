package dev.jgrad.nn.io;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.io.TensorFileException;
import dev.jgrad.nn.AdaptiveAvgPool2d;
import dev.jgrad.nn.AvgPool2d;
import dev.jgrad.nn.BatchNorm;
import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.BatchNorm2d;
import dev.jgrad.nn.Conv1d;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Convolution;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.ELU;
import dev.jgrad.nn.Embedding;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.GELU;
import dev.jgrad.nn.GroupNorm;
import dev.jgrad.nn.Hardtanh;
import dev.jgrad.nn.Identity;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.LayerNorm;
import dev.jgrad.nn.LeakyReLU;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.LogSigmoid;
import dev.jgrad.nn.Mish;
import dev.jgrad.nn.MultiheadAttention;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.SELU;
import dev.jgrad.nn.SiLU;
import dev.jgrad.nn.Sigmoid;
import dev.jgrad.nn.Softmax;
import dev.jgrad.nn.Softplus;
import dev.jgrad.nn.Softsign;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.Unflatten;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The architecture format of every built-in layer: one codec per layer class, in one place.
 * Field bounds guard against hostile files; a layer's own constructor checks the rest (its
 * error is reported with the layer's position).
 */
final class BuiltInCodecs {
  private BuiltInCodecs() {}

  /** Largest unit/feature/channel count read from a file (2^24). */
  static final int MAX_UNITS = ModelFiles.MAX_UNITS;
  /** Largest axis index (either sign) read from a file. */
  private static final int MAX_AXIS = 64;
  private static final double FINITE = Double.MAX_VALUE;

  static List<LayerCodec<?>> all() {
    return List.of(
        LayerCodec.of("linear", Linear.class,
            l -> fields("in", l.inFeatures(), "out", l.outFeatures(), "bias", l.hasBias()),
            s -> {
              int in = s.integer("in", 1, MAX_UNITS);
              int out = s.integer("out", 1, MAX_UNITS);
              return s.bool("bias", true) ? shapes("weight", dims(out, in), "bias", dims(out))
                  : shapes("weight", dims(out, in));
            },
            s -> new Linear(s.integer("in", 1, MAX_UNITS), s.integer("out", 1, MAX_UNITS),
                s.bool("bias", true), Init.zeros(), Init.zeros(), null, s.dtype())),
        LayerCodec.of("relu", ReLU.class, ReLU::new),
        LayerCodec.of("sigmoid", Sigmoid.class, Sigmoid::new),
        LayerCodec.of("tanh", Tanh.class, Tanh::new),
        LayerCodec.of("identity", Identity.class, Identity::new),
        LayerCodec.of("silu", SiLU.class, SiLU::new),
        LayerCodec.of("selu", SELU.class, SELU::new),
        LayerCodec.of("mish", Mish.class, Mish::new),
        LayerCodec.of("softsign", Softsign.class, Softsign::new),
        LayerCodec.of("log_sigmoid", LogSigmoid.class, LogSigmoid::new),
        LayerCodec.of("leaky_relu", LeakyReLU.class, l -> fields("slope", l.slope()),
            BuiltInCodecs::noState, s -> new LeakyReLU(s.real("slope", -FINITE, FINITE))),
        LayerCodec.of("elu", ELU.class, l -> fields("alpha", l.alpha()), BuiltInCodecs::noState,
            s -> new ELU(s.real("alpha", -FINITE, FINITE, 1))),
        LayerCodec.of("softplus", Softplus.class,
            l -> fields("beta", l.beta(), "threshold", l.threshold()), BuiltInCodecs::noState,
            s -> new Softplus(s.real("beta", 0, FINITE, 1), s.real("threshold", -FINITE, FINITE,
                20))),
        LayerCodec.of("hardtanh", Hardtanh.class, l -> fields("min", l.min(), "max", l.max()),
            BuiltInCodecs::noState,
            s -> new Hardtanh(s.real("min", -FINITE, FINITE, -1), s.real("max", -FINITE, FINITE,
                1))),
        LayerCodec.of("gelu", GELU.class, l -> fields("approximate", l.approximate()),
            BuiltInCodecs::noState,
            s -> new GELU(s.string("approximate", Set.of("none", "tanh")))),
        LayerCodec.of("softmax", Softmax.class, l -> fields("axis", l.axis()),
            BuiltInCodecs::noState,
            s -> new Softmax(s.integer("axis", -MAX_AXIS, MAX_AXIS - 1, -1))),
        LayerCodec.of("dropout", Dropout.class, l -> fields("p", l.p(), "seed", l.seed()),
            BuiltInCodecs::noState,
            s -> new Dropout(s.real("p", 0, 1), s.longInteger("seed", Long.MIN_VALUE,
                Long.MAX_VALUE, 0))),
        LayerCodec.of("flatten", Flatten.class, l -> fields("start", l.start(), "end", l.end()),
            BuiltInCodecs::noState,
            s -> new Flatten(s.integer("start", -MAX_AXIS, MAX_AXIS - 1, 1),
                s.integer("end", -MAX_AXIS, MAX_AXIS - 1, -1))),
        LayerCodec.of("unflatten", Unflatten.class,
            l -> fields("axis", l.axis(), "sizes", list(l.sizes())), BuiltInCodecs::noState,
            s -> new Unflatten(s.integer("axis", -MAX_AXIS, MAX_AXIS - 1),
                s.integers("sizes", MAX_AXIS, 1, Integer.MAX_VALUE))),
        LayerCodec.of("layer_norm", LayerNorm.class,
            l -> fields("shape", list(l.normalizedShape()), "eps", l.eps(), "affine",
                l.elementwiseAffine(), "bias", l.hasBias()),
            s -> {
              int[] shape = s.integers("shape", MAX_AXIS, 1, MAX_UNITS);
              boolean affine = s.bool("affine", true);
              boolean bias = s.bool("bias", true);
              return !affine ? shapes() : bias ? shapes("weight", shape, "bias", shape)
                  : shapes("weight", shape);
            },
            s -> new LayerNorm(s.integers("shape", MAX_AXIS, 1, MAX_UNITS),
                s.real("eps", 0, 1, 1e-5), s.bool("affine", true), s.bool("bias", true),
                s.dtype())),
        LayerCodec.of("embedding", Embedding.class,
            l -> fields("num", l.numEmbeddings(), "dim", l.embeddingDim(), "padding_idx",
                l.paddingIdx()),
            s -> shapes("weight", dims(s.integer("num", 1, MAX_UNITS),
                s.integer("dim", 1, MAX_UNITS))),
            s -> {
              int num = s.integer("num", 1, MAX_UNITS);
              return new Embedding(num, s.integer("dim", 1, MAX_UNITS),
                  s.integer("padding_idx", -1, num - 1, Embedding.NO_PADDING), Init.zeros(), null,
                  s.dtype());
            }),
        conv("conv1d", Conv1d.class, 1,
            s -> new Conv1d(s.integer("in", 1, MAX_UNITS), s.integer("out", 1, MAX_UNITS),
                axes(s, "kernel", 1, 1)[0], axes(s, "stride", 1, 1)[0],
                axes(s, "padding", 1, 0)[0], axes(s, "dilation", 1, 1)[0],
                s.integer("groups", 1, MAX_UNITS), s.bool("bias", true), Init.zeros(),
                Init.zeros(), null, s.dtype())),
        conv("conv2d", Conv2d.class, 2,
            s -> new Conv2d(s.integer("in", 1, MAX_UNITS), s.integer("out", 1, MAX_UNITS),
                axes(s, "kernel", 2, 1), axes(s, "stride", 2, 1), axes(s, "padding", 2, 0),
                axes(s, "dilation", 2, 1), s.integer("groups", 1, MAX_UNITS),
                s.bool("bias", true), Init.zeros(), Init.zeros(), null, s.dtype())),
        LayerCodec.of("max_pool2d", MaxPool2d.class,
            l -> fields("kernel", list(l.kernelSize()), "stride", list(l.stride()), "padding",
                list(l.padding())),
            BuiltInCodecs::noState,
            s -> new MaxPool2d(axes(s, "kernel", 2, 1), axes(s, "stride", 2, 1),
                axes(s, "padding", 2, 0))),
        LayerCodec.of("avg_pool2d", AvgPool2d.class,
            l -> fields("kernel", list(l.kernelSize()), "stride", list(l.stride()), "padding",
                list(l.padding()), "count_include_pad", l.countIncludePad()),
            BuiltInCodecs::noState,
            s -> new AvgPool2d(axes(s, "kernel", 2, 1), axes(s, "stride", 2, 1),
                axes(s, "padding", 2, 0), s.bool("count_include_pad", true))),
        LayerCodec.of("adaptive_avg_pool2d", AdaptiveAvgPool2d.class,
            l -> fields("size", list(l.outputSize())), BuiltInCodecs::noState,
            s -> {
              int[] size = axes(s, "size", 2, 1);
              return new AdaptiveAvgPool2d(size[0], size[1]);
            }),
        LayerCodec.of("multihead_attention", MultiheadAttention.class,
            l -> fields("embed_dim", l.embedDim(), "heads", l.numHeads(), "bias", l.hasBias(),
                "causal", l.causal()),
            s -> {
              int e = s.integer("embed_dim", 1, MAX_UNITS);
              return s.bool("bias", true)
                  ? shapes("in_proj_weight", dims(3 * e, e), "in_proj_bias", dims(3 * e),
                      "out_proj.weight", dims(e, e), "out_proj.bias", dims(e))
                  : shapes("in_proj_weight", dims(3 * e, e), "out_proj.weight", dims(e, e));
            },
            s -> new MultiheadAttention(s.integer("embed_dim", 1, MAX_UNITS),
                s.integer("heads", 1, MAX_UNITS), s.bool("bias", true), s.bool("causal", false),
                Init.zeros(), Init.zeros(), null, s.dtype())),
        batchNorm("batch_norm1d", BatchNorm1d.class,
            s -> new BatchNorm1d(s.integer("features", 1, MAX_UNITS), s.real("eps", 0, 1, 1e-5),
                s.real("momentum", 0, 1, 0.1), s.bool("affine", true), s.dtype())),
        batchNorm("batch_norm2d", BatchNorm2d.class,
            s -> new BatchNorm2d(s.integer("features", 1, MAX_UNITS), s.real("eps", 0, 1, 1e-5),
                s.real("momentum", 0, 1, 0.1), s.bool("affine", true), s.dtype())),
        LayerCodec.of("group_norm", GroupNorm.class,
            l -> fields("groups", l.numGroups(), "channels", l.numChannels(), "eps", l.eps(),
                "affine", l.affine()),
            s -> {
              s.integer("groups", 1, MAX_UNITS);
              int c = s.integer("channels", 1, MAX_UNITS);
              return s.bool("affine", true) ? shapes("weight", dims(c), "bias", dims(c))
                  : shapes();
            },
            s -> new GroupNorm(s.integer("groups", 1, MAX_UNITS),
                s.integer("channels", 1, MAX_UNITS), s.real("eps", 0, 1, 1e-5),
                s.bool("affine", true), s.dtype())));
  }

  private static <L extends BatchNorm> LayerCodec<L> batchNorm(String type, Class<L> cls,
      LayerCodec.SpecReader<L> create) {
    return LayerCodec.of(type, cls,
        l -> fields("features", l.numFeatures(), "eps", l.eps(), "momentum", l.momentum(),
            "affine", l.affine()),
        s -> {
          int c = s.integer("features", 1, MAX_UNITS);
          Map<String, int[]> out = s.bool("affine", true)
              ? shapes("weight", dims(c), "bias", dims(c)) : shapes();
          out.put("running_mean", dims(c));
          out.put("running_var", dims(c));
          out.put("num_batches_tracked", dims());
          return out;
        },
        create);
  }

  /** Largest kernel size, stride, padding or dilation read from a file. */
  private static final int MAX_WINDOW = 1 << 16;

  /** A per-spatial-axis field: exactly {@code sd} integers in {@code [min, MAX_WINDOW]}. */
  private static int[] axes(LayerSpec s, String key, int sd, int min) throws TensorFileException {
    int[] v = s.integers(key, sd, min, MAX_WINDOW);
    if (v.length != sd) {
      throw new TensorFileException(s.source(), "layers[" + s.index() + "]." + key + " must have "
          + sd + " values, got " + v.length);
    }
    return v;
  }

  private static <L extends Convolution> LayerCodec<L> conv(String type, Class<L> cls, int sd,
      LayerCodec.SpecReader<L> create) {
    return LayerCodec.of(type, cls,
        l -> fields("in", l.inChannels(), "out", l.outChannels(), "kernel", list(l.kernelSize()),
            "stride", list(l.stride()), "padding", list(l.padding()), "dilation",
            list(l.dilation()), "groups", l.groups(), "bias", l.hasBias()),
        s -> {
          int in = s.integer("in", 1, MAX_UNITS);
          int out = s.integer("out", 1, MAX_UNITS);
          int g = s.integer("groups", 1, MAX_UNITS);
          checkArgument(in % g == 0 && out % g == 0, "%s: in channels %s and out channels %s "
              + "must both be divisible by groups %s", type, in, out, g);
          int[] k = axes(s, "kernel", sd, 1);
          int[] w = new int[2 + sd];
          w[0] = out;
          w[1] = in / g;
          System.arraycopy(k, 0, w, 2, sd);
          return s.bool("bias", true) ? shapes("weight", w, "bias", dims(out))
              : shapes("weight", w);
        },
        create);
  }

  private static Map<String, int[]> noState(LayerSpec s) throws TensorFileException {
    return Map.of();
  }

  private static int[] dims(int... d) {
    return d;
  }

  private static List<Integer> list(int[] v) {
    return Arrays.stream(v).boxed().toList();
  }

  /** Name/value pairs in order. */
  private static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Name/shape pairs in order (mutable, for appending buffers). */
  private static Map<String, int[]> shapes(Object... kv) {
    Map<String, int[]> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (int[]) kv[i + 1]);
    }
    return m;
  }
}
