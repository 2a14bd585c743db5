package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;

/**
 * Group normalization (Wu and He 2018), as PyTorch's {@code nn.GroupNorm}: the C channels of an
 * input {@code [N, C, ...]} are split into G groups of {@code C/G} consecutive channels, and each
 * sample's group is standardized over its channels and the remaining axes,
 * {@code (x - mean) / sqrt(var + eps)} (biased variance), then scaled and shifted per channel:
 * {@code · weight[c] + bias[c]}. The statistics are each sample's own, so training and evaluation
 * mode behave the same. Parameters {@code weight} (ones) and {@code bias} (zeros) {@code [C]}.
 * Saved as {@code {"type": "group_norm", "groups": G, "channels": C, "eps": eps, "affine": a}}.
 */
public final class GroupNorm extends Layer {
  private final int groups;
  private final int channels;
  private final double eps;
  private final Parameter weight; // null without affine
  private final Parameter bias;

  /**
   * With eps {@code 1e-5}, affine, in FLOAT32.
   *
   * @param groups G, which must divide C
   * @param channels C
   * @throws IllegalArgumentException if a count is not positive or G does not divide C
   */
  public GroupNorm(int groups, int channels) {
    this(groups, channels, 1e-5, true, DType.FLOAT32);
  }

  /**
   * G groups of C channels.
   *
   * @param groups G, which must divide C
   * @param channels C
   * @param eps added to the variance, {@code > 0}
   * @param affine whether to learn a per-channel weight and bias
   * @param dtype the parameters' dtype
   * @throws IllegalArgumentException if a count is not positive, G does not divide C, or eps is
   *     not finite and positive
   */
  public GroupNorm(int groups, int channels, double eps, boolean affine, DType dtype) {
    checkArgument(groups > 0 && channels > 0, "group_norm: groups and channels must be positive, "
        + "got groups=%s, channels=%s", groups, channels);
    checkArgument(channels % groups == 0, "group_norm: %s channels do not divide into %s groups",
        channels, groups);
    this.groups = groups;
    this.channels = channels;
    this.eps = Normalize.checkEps("group_norm", eps);
    this.weight = affine ? registerParameter("weight", Tensor.ones(dtype, channels)) : null;
    this.bias = affine ? registerParameter("bias", Tensor.zeros(dtype, channels)) : null;
  }

  /**
   * Standardizes each sample's groups, then applies weight and bias per channel.
   *
   * @param input {@code [N, C, ...]}
   * @return the same shape
   * @throws IllegalArgumentException if the rank is below 2 or the channel count differs
   */
  @Override
  public Tensor forward(Tensor input) {
    checkArgument(input.rank() >= 2 && input.size(1) == channels, "group_norm: expected input "
        + "[N, %s, ...], got shape %s", channels, input.shape());
    int n = input.size(0);
    int perGroup = (channels / groups) * (input.numel() == 0 ? 0
        : input.numel() / (n * channels));
    Tensor y = Normalize.standardize(input.reshape(n, groups, perGroup), new int[] {2}, eps)
        .reshape(input.shape().dims());
    if (weight != null) {
      int[] channel = Normalize.channelShape(input.rank(), channels);
      y = y.mul(weight.value().reshape(channel)).add(bias.value().reshape(channel));
    }
    return y;
  }

  /**
   * The number of groups G.
   *
   * @return G
   */
  public int numGroups() {
    return groups;
  }

  /**
   * The number of channels C.
   *
   * @return C
   */
  public int numChannels() {
    return channels;
  }

  /**
   * The constant added to the variance.
   *
   * @return eps
   */
  public double eps() {
    return eps;
  }

  /**
   * Whether {@code weight} and {@code bias} are learned.
   *
   * @return true with affine
   */
  public boolean affine() {
    return weight != null;
  }

  @Override
  protected String extraRepr() {
    return "groups=" + groups + ", channels=" + channels + ", eps=" + eps + ", affine="
        + affine();
  }
}
