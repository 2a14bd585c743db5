package dev.jgrad.spark;

import dev.jgrad.Tensor;
import dev.jgrad.io.SafeTensors;
import dev.jgrad.io.TensorContents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Training checkpoints: one safetensors file per checkpoint, {@code step-00000012.safetensors}
 * after the 12th driver update, holding the model's parameters ({@code model.<name>}), the
 * optimizer's state ({@code optimizer.<key>}) and, as string metadata, where training stands
 * (update count, the running epoch's sums, the finished epochs' history) and what it was run with
 * (partition sizes, batch size, seed, mode), so a resume under different conditions is refused.
 * Files are written under a temporary name and renamed, so a crash never leaves a partial file
 * under the final name.
 */
public final class Checkpoints {
  private static final Pattern NAME = Pattern.compile("step-(\\d{8,})\\.safetensors");
  static final String FORMAT = "jgrad-spark-checkpoint";

  private Checkpoints() {}

  /** What a checkpoint holds. */
  record Contents(Map<String, Tensor> model, Map<String, Tensor> optimizer,
      Map<String, String> metadata) {}

  /**
   * The newest checkpoint in {@code directory}: the one after the most updates.
   *
   * @param directory where {@link SparkTrainer#checkpoints} writes
   * @return the file, or empty if the directory has none (or does not exist)
   * @throws IOException if the directory cannot be listed
   */
  public static Optional<Path> latest(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    Path best = null;
    long bestStep = -1;
    try (Stream<Path> files = Files.list(directory)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches() && Long.parseLong(m.group(1)) > bestStep) {
          bestStep = Long.parseLong(m.group(1));
          best = p;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Writes a checkpoint for {@code updates} into {@code directory} and returns its path. */
  static Path write(Path directory, long updates, Map<String, Tensor> model,
      Map<String, Tensor> optimizer, Map<String, String> metadata) throws IOException {
    Files.createDirectories(directory);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    model.forEach((k, v) -> tensors.put(WorkerStep.MODEL + k, v));
    optimizer.forEach((k, v) -> tensors.put(WorkerStep.OPTIMIZER + k, v));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", FORMAT);
    meta.putAll(metadata);
    Path file = directory.resolve(String.format("step-%08d.safetensors", updates));
    SafeTensors.write(file, tensors, meta);
    return file;
  }

  /**
   * Reads a checkpoint.
   *
   * @throws IllegalArgumentException if the file is not a jgrad-spark checkpoint
   * @throws IOException if it cannot be read or is malformed
   */
  static Contents read(Path file) throws IOException {
    TensorContents c = SafeTensors.read(file);
    if (!FORMAT.equals(c.metadata().get("format"))) {
      throw new IllegalArgumentException(String.format("spark_trainer: %s is not a checkpoint "
          + "(metadata format is %s, expected %s)", file, c.metadata().get("format"), FORMAT));
    }
    return new Contents(WorkerStep.prefixed(c, WorkerStep.MODEL),
        WorkerStep.prefixed(c, WorkerStep.OPTIMIZER), c.metadata());
  }
}
