package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CharTransformerTest {
  @Test
  void theShippedTextAndItsVocabulary() {
    String text = CharTransformer.text();
    assertTrue(text.startsWith("It was the best of times, it was the worst of times"), text);
    assertTrue(text.endsWith("in the superlative degree of comparison only."), text);
    CharTransformer.Vocabulary v = CharTransformer.Vocabulary.of(text);
    assertEquals(' ', v.chars().charAt(0), "sorted: the space first");
    long[] codes = v.encode("It was");
    assertEquals("It was", new String(java.util.Arrays.stream(codes)
        .mapToObj(c -> String.valueOf(v.chars().charAt((int) c))).reduce("", String::concat)));
    assertEquals("char_transformer: 'Z' is not in the vocabulary",
        assertThrows(IllegalArgumentException.class, () -> v.encode("Zed")).getMessage());
  }

  @Test
  void theModelPredictsEveryPositionAndIsCausal() {
    CharTransformer.Model m = new CharTransformer.Model(11, new SplittableRandom(1));
    Tensor codes = Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor logits = m.forward(codes);
    assertEquals(Shape.of(2, 3, 11), logits.shape());
    // Changing the last character leaves the logits of the earlier positions as they were.
    Tensor changed = m.forward(Tensor.of(new long[] {1, 2, 9, 4, 5, 10}, 2, 3));
    for (int n = 0; n < 2; n++) {
      for (int t = 0; t < 2; t++) {
        for (int c = 0; c < 11; c++) {
          assertEquals(logits.get(n, t, c), changed.get(n, t, c), 1e-6);
        }
      }
    }
    assertTrue(Math.abs(logits.get(0, 2, 0) - changed.get(0, 2, 0)) > 0);
    assertEquals(DType.FLOAT32, logits.dtype());
  }

  @Test
  void trainingLowersTheLossAndSamplesContinueThePrompt() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    double[] losses = CharTransformer.run(120, 8, 1,
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(losses[1] < losses[0] - 1, "loss " + losses[0] + " -> " + losses[1]);
    assertTrue(text.contains("sample 1: It was the "), text);
    assertTrue(text.contains("sample 2: It was the "), text);
    String sample = text.substring(text.indexOf("sample 1: ") + 10).lines().findFirst().get();
    assertEquals("It was the ".length() + 160, sample.length());
    CharTransformer.Vocabulary v = CharTransformer.Vocabulary.of(CharTransformer.text());
    v.encode(sample); // every sampled character is in the vocabulary
  }
}
