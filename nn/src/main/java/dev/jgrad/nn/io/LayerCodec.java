package dev.jgrad.nn.io;

import dev.jgrad.io.TensorFileException;
import dev.jgrad.nn.Layer;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How {@link ModelFiles} saves and rebuilds one layer class: its {@code type} name in the
 * architecture JSON, its hyperparameters as JSON values, and the names and shapes of its state
 * (parameters and buffers, as in {@link Layer#stateDict()}), which are stored by name in the
 * parameter file. Every built-in layer has one; register one for a layer of your own with
 * {@link ModelFiles#register}:
 *
 * <pre>{@code
 * ModelFiles.register(LayerCodec.of("scale", Scale.class,
 *     s -> Map.of("n", s.size()),                                         // hyperparameters
 *     spec -> Map.of("scale", new int[] {spec.integer("n", 1, 1 << 20)}),  // state shapes
 *     spec -> new Scale(spec.integer("n", 1, 1 << 20))));                  // the layer
 * }</pre>
 *
 * <p>Loading checks the state shapes against the parameter file (by name, before anything is
 * allocated) and then calls {@link #create}; the created layer's state must have exactly the
 * declared names and shapes, and is then loaded from the file. The bounds given to the
 * {@link LayerSpec} accessors are what keeps an untrusted file from asking for a huge layer.
 *
 * @param <L> the layer class
 */
public interface LayerCodec<L extends Layer> {
  /**
   * The {@code type} written in the architecture file: lower case letters, digits and
   * {@code _}, starting with a letter; unique among all codecs.
   *
   * @return the type name
   */
  String type();

  /**
   * The exact class saved with this codec (subclasses need their own codec).
   *
   * @return the layer class
   */
  Class<L> layerClass();

  /**
   * The layer's hyperparameters, as JSON values (String, Boolean, Integer, Long, Double, lists
   * and maps of them) by field name; {@code type} is reserved.
   *
   * @param layer the layer being saved
   * @return the fields (none by default)
   */
  default Map<String, Object> hyperparameters(L layer) {
    return Map.of();
  }

  /**
   * The names and shapes of the state a layer with these hyperparameters has, without
   * allocating it: its {@link Layer#stateDict()} names relative to the layer (e.g.
   * {@code weight}, {@code bias}, {@code running_mean}).
   *
   * @param spec the layer's entry in the file
   * @return shapes by name (none by default)
   * @throws TensorFileException if a field is missing or invalid
   */
  default Map<String, int[]> stateShapes(LayerSpec spec) throws TensorFileException {
    return Map.of();
  }

  /**
   * A new layer with these hyperparameters (its state's values are loaded afterwards).
   *
   * @param spec the layer's entry in the file
   * @return the layer
   * @throws TensorFileException if a field is missing or invalid
   */
  L create(LayerSpec spec) throws TensorFileException;

  /**
   * A step of reading a {@link LayerSpec}.
   *
   * @param <T> what it produces
   */
  @FunctionalInterface
  interface SpecReader<T> {
    /**
     * Reads from the spec.
     *
     * @param spec the layer's entry
     * @return the result
     * @throws TensorFileException if a field is missing or invalid
     */
    T read(LayerSpec spec) throws TensorFileException;
  }

  /**
   * A codec from its parts.
   *
   * @param type the type name
   * @param layerClass the exact layer class
   * @param hyperparameters the layer's fields
   * @param stateShapes its state's shapes from the fields
   * @param create the layer from the fields
   * @param <L> the layer class
   * @return the codec
   * @throws NullPointerException if a part is null
   */
  static <L extends Layer> LayerCodec<L> of(String type, Class<L> layerClass,
      Function<L, Map<String, Object>> hyperparameters, SpecReader<Map<String, int[]>> stateShapes,
      SpecReader<L> create) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(layerClass, "layerClass");
    Objects.requireNonNull(hyperparameters, "hyperparameters");
    Objects.requireNonNull(stateShapes, "stateShapes");
    Objects.requireNonNull(create, "create");
    return new LayerCodec<>() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public Class<L> layerClass() {
        return layerClass;
      }

      @Override
      public Map<String, Object> hyperparameters(L layer) {
        return hyperparameters.apply(layer);
      }

      @Override
      public Map<String, int[]> stateShapes(LayerSpec spec) throws TensorFileException {
        return stateShapes.read(spec);
      }

      @Override
      public L create(LayerSpec spec) throws TensorFileException {
        return create.read(spec);
      }

      @Override
      public String toString() {
        return "LayerCodec(" + type + ", " + layerClass.getName() + ")";
      }
    };
  }

  /**
   * A codec for a layer without hyperparameters or state (e.g. an activation).
   *
   * @param type the type name
   * @param layerClass the exact layer class
   * @param create makes a new layer
   * @param <L> the layer class
   * @return the codec
   * @throws NullPointerException if a part is null
   */
  static <L extends Layer> LayerCodec<L> of(String type, Class<L> layerClass,
      java.util.function.Supplier<L> create) {
    Objects.requireNonNull(create, "create");
    return of(type, layerClass, l -> Map.of(), s -> Map.of(), s -> create.get());
  }
}
