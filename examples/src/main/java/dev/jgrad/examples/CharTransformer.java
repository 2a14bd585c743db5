package dev.jgrad.examples;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Index;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Embedding;
import dev.jgrad.nn.GELU;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.LayerNorm;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MultiheadAttention;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A character-level transformer (a one-block GPT) trained on the opening sentence of Dickens's
 * <i>A Tale of Two Cities</i> (1859, public domain; shipped as
 * {@code tale-of-two-cities.txt}), to show {@link Embedding}, causal
 * {@link MultiheadAttention}, {@link LayerNorm} and {@link Linear} working together.
 *
 * <p>The model maps characters {@code [N, L]} (INT64 codes) to next-character logits
 * {@code [N, L, V]}: token embedding plus learned position embedding {@code [N, L, E]}, one
 * pre-norm block {@code x + attn(ln1(x))}, {@code x + mlp(ln2(x))} (causal self-attention with 4
 * heads, MLP {@code E → 4E → E} with GELU), a final layer norm and a linear head. It trains with
 * Adam 3e-3 on random windows of the text, prints the loss as it goes and then samples text
 * from the prompt "It was the ", one character at a time (softmax with temperature 0.8).
 */
public final class CharTransformer {
  private CharTransformer() {}

  /** The embedding size E. */
  static final int EMBED = 32;
  /** The context length: the longest window the model reads. */
  static final int CONTEXT = 32;

  /**
   * The text, from the resource shipped with the examples.
   *
   * @return the text, without its final newline
   */
  static String text() {
    try (InputStream in = CharTransformer.class.getResourceAsStream("tale-of-two-cities.txt")) {
      if (in == null) {
        throw new IllegalStateException("tale-of-two-cities.txt is missing from the examples' "
            + "resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Characters to codes and back: the text's distinct characters in sorted order. */
  record Vocabulary(String chars) {
    static Vocabulary of(String text) {
      StringBuilder sb = new StringBuilder();
      new TreeSet<>(text.chars().boxed().toList()).forEach(c -> sb.append((char) c.intValue()));
      return new Vocabulary(sb.toString());
    }

    int size() {
      return chars.length();
    }

    long[] encode(String s) {
      long[] out = new long[s.length()];
      for (int i = 0; i < out.length; i++) {
        int c = chars.indexOf(s.charAt(i));
        checkArgument(c >= 0, "char_transformer: '%s' is not in the vocabulary", s.charAt(i));
        out[i] = c;
      }
      return out;
    }
  }

  /** The one-block transformer: {@code [N, L]} codes to {@code [N, L, V]} logits. */
  static final class Model extends Layer {
    private final Embedding tokens;
    private final Embedding positions;
    private final LayerNorm ln1;
    private final MultiheadAttention attn;
    private final LayerNorm ln2;
    private final Sequential mlp;
    private final LayerNorm lnFinal;
    private final Linear head;

    Model(int vocab, SplittableRandom rng) {
      DType f = DType.FLOAT32;
      tokens = registerLayer("tokens", new Embedding(vocab, EMBED, Embedding.NO_PADDING,
          Init.normal(0, 0.1), rng, f));
      positions = registerLayer("positions", new Embedding(CONTEXT, EMBED,
          Embedding.NO_PADDING, Init.normal(0, 0.1), rng, f));
      ln1 = registerLayer("ln1", new LayerNorm(EMBED));
      attn = registerLayer("attn", new MultiheadAttention(EMBED, 4, true, true, rng, f));
      ln2 = registerLayer("ln2", new LayerNorm(EMBED));
      mlp = registerLayer("mlp", new Sequential(new Linear(EMBED, 4 * EMBED, rng), new GELU(),
          new Linear(4 * EMBED, EMBED, rng)));
      lnFinal = registerLayer("ln_final", new LayerNorm(EMBED));
      head = registerLayer("head", new Linear(EMBED, vocab, rng));
    }

    @Override
    public Tensor forward(Tensor codes) {
      int l = codes.size(1);
      checkArgument(l <= CONTEXT, "char_transformer: %s characters, more than the context %s",
          l, CONTEXT);
      Tensor x = tokens.forward(codes).add(positions.forward(Tensor.arange(DType.INT64, l)));
      x = x.add(attn.forward(ln1.forward(x)));
      x = x.add(mlp.forward(ln2.forward(x)));
      return head.forward(lnFinal.forward(x));
    }
  }

  /** A batch of random windows: inputs and their next characters, each {@code [n, CONTEXT]}. */
  static Tensor[] windows(long[] codes, int n, SplittableRandom rng) {
    long[] x = new long[n * CONTEXT];
    long[] y = new long[n * CONTEXT];
    for (int b = 0; b < n; b++) {
      int start = rng.nextInt(codes.length - CONTEXT);
      System.arraycopy(codes, start, x, b * CONTEXT, CONTEXT);
      System.arraycopy(codes, start + 1, y, b * CONTEXT, CONTEXT);
    }
    return new Tensor[] {Tensor.of(x, n, CONTEXT), Tensor.of(y, n, CONTEXT)};
  }

  /** The mean next-character cross-entropy of a batch. */
  static Tensor loss(Model model, Tensor[] batch) {
    Tensor logits = model.forward(batch[0]); // [N, L, V]
    return Losses.crossEntropy(logits.permute(0, 2, 1), batch[1]); // over [N, V, L]
  }

  /**
   * Continues {@code prompt} by {@code count} characters, each drawn from the model's
   * next-character distribution {@code softmax(logits / temperature)} given the last
   * {@link #CONTEXT} characters.
   */
  static String sample(Model model, Vocabulary vocab, String prompt, int count,
      double temperature, SplittableRandom rng) {
    StringBuilder sb = new StringBuilder(prompt);
    model.eval();
    for (int i = 0; i < count; i++) {
      String ctx = sb.substring(Math.max(0, sb.length() - CONTEXT));
      long[] codes = vocab.encode(ctx);
      double[] p = Autograd.noGrad(() -> model.forward(Tensor.of(codes, 1, codes.length))
          .index(Index.at(0), Index.at(-1)).to(DType.FLOAT64)
          .div(temperature).softmax(0).toDoubleArray());
      double u = rng.nextDouble();
      int c = 0;
      for (double acc = p[0]; acc < u && c < p.length - 1; acc += p[++c]) {
        // walk the cumulative distribution to u
      }
      sb.append(vocab.chars().charAt(c));
    }
    model.train();
    return sb.toString();
  }

  /**
   * Trains and samples.
   *
   * @param steps Adam steps
   * @param batch windows per step
   * @param seed seeds the weights, the windows and the sampling
   * @param out where the report goes
   * @return the losses: {@code {first step's, mean of the last 20 steps'}}
   */
  static double[] run(int steps, int batch, long seed, PrintStream out) {
    String text = text();
    Vocabulary vocab = Vocabulary.of(text);
    long[] codes = vocab.encode(text);
    SplittableRandom rng = new SplittableRandom(seed);
    Model model = new Model(vocab.size(), rng);
    out.printf(Locale.ROOT, "%d characters, %d distinct; one transformer block, E = %d, 4 heads, "
        + "context %d, %,d parameters%n", text.length(), vocab.size(), EMBED, CONTEXT,
        model.numParameters());
    Optimizer opt = new Adam(model.parameters(), 3e-3);
    double first = Double.NaN;
    double tail = 0;
    int tailSteps = Math.min(20, steps);
    long start = System.nanoTime();
    for (int step = 0; step < steps; step++) {
      opt.zeroGrad();
      Tensor loss = loss(model, windows(codes, batch, rng));
      loss.backward();
      opt.step();
      double v = loss.item();
      if (step == 0) {
        first = v;
      }
      if (step >= steps - tailSteps) {
        tail += v / tailSteps;
      }
      if (step % 100 == 0 || step == steps - 1) {
        out.printf(Locale.ROOT, "step %4d   loss %.3f%n", step, v);
      }
    }
    out.printf(Locale.ROOT, "trained in %.1f s; loss %.3f -> %.3f (uniform guessing: ln %d = "
        + "%.3f)%n", (System.nanoTime() - start) / 1e9, first, tail, vocab.size(),
        Math.log(vocab.size()));
    for (int s = 0; s < 2; s++) {
      out.println("sample " + (s + 1) + ": " + sample(model, vocab, "It was the ", 160, 0.8,
          rng));
    }
    return new double[] {first, tail};
  }

  /**
   * Trains for 600 steps of 16 windows and prints two samples.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(600, 16, 1, System.out);
  }
}
