package dev.jgrad.io;

import java.io.IOException;

/**
 * A tensor or model file was rejected: it is malformed, violates its format's rules, exceeds a
 * {@link ReadOptions} cap, or holds something jgrad refuses to load (such as a pickled NumPy
 * object array). Every reader of this package reports format problems with this one type.
 *
 * <p>The message is {@code source + ": " + problem}, naming the file (or {@code <bytes>} for
 * in-memory input) and the field or byte range at fault, e.g.
 * {@code model.safetensors: tensor "layers.0.weight": data_offsets [0, 48] cover 48 bytes but
 * dtype F32 × shape [3, 5] needs 60}.
 *
 * <p>Plain I/O failures (file not found, permission denied, disk errors) are other
 * {@link IOException}s and are passed through unchanged.
 */
public class TensorFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** See {@link #source()}. */
  private final String source;
  /** See {@link #problem()}. */
  private final String problem;

  /**
   * Creates an exception.
   *
   * @param source the file name, or a label such as {@code <bytes>} for in-memory input
   * @param problem what is wrong, naming the field, tensor or byte range
   */
  public TensorFileException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
    this.problem = problem;
  }

  /**
   * Creates an exception caused by a lower-level one (e.g. a {@link JsonException}).
   *
   * @param source the file name, or a label such as {@code <bytes>} for in-memory input
   * @param problem what is wrong, naming the field, tensor or byte range
   * @param cause the exception that revealed the problem
   */
  public TensorFileException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
    this.problem = problem;
  }

  /** {@return the file name or input label the message starts with} */
  public String source() {
    return source;
  }

  /** {@return what is wrong, without the source prefix} */
  public String problem() {
    return problem;
  }
}
