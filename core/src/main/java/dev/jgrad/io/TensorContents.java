package dev.jgrad.io;

import dev.jgrad.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * What a multi-tensor file held: named tensors in file order, the file's string metadata, and
 * notes on every conversion the reader made (e.g. {@code tensor "emb": F16 converted to FLOAT32
 * (exact)}). Immutable.
 */
public final class TensorContents {
  private final Map<String, Tensor> tensors;
  private final Map<String, String> metadata;
  private final List<String> notes;

  TensorContents(Map<String, Tensor> tensors, Map<String, String> metadata, List<String> notes) {
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    this.notes = List.copyOf(notes);
  }

  /** {@return the tensors by name, in the order the file lists them} */
  public Map<String, Tensor> tensors() {
    return tensors;
  }

  /**
   * The tensor with this name.
   *
   * @param name the tensor's name in the file
   * @return the tensor
   * @throws NoSuchElementException naming the missing name and the names present
   */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new NoSuchElementException("no tensor named " + Json.quote(name) + "; the file has "
          + abbreviatedNames());
    }
    return t;
  }

  private String abbreviatedNames() {
    StringBuilder sb = new StringBuilder("[");
    int i = 0;
    for (String n : tensors.keySet()) {
      if (i > 0) {
        sb.append(", ");
      }
      if (i == 20) {
        sb.append("... (").append(tensors.size()).append(" in all)");
        break;
      }
      sb.append(Json.quote(n));
      i++;
    }
    return sb.append(']').toString();
  }

  /** {@return string metadata (safetensors {@code __metadata__}); empty when the file has none} */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * {@return one line per conversion made while reading; empty when every tensor was read as
   * stored}
   */
  public List<String> notes() {
    return notes;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TensorContents{");
    boolean first = true;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(Json.quote(e.getKey())).append(": ").append(e.getValue().dtype())
          .append(e.getValue().shape());
    }
    return sb.append(first ? "" : ", ").append("metadata=").append(metadata)
        .append(", notes=").append(notes.size()).append('}').toString();
  }
}
