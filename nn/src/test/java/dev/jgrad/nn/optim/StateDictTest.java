package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.Autograd;
import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming from files is exact: for every optimizer (with parameter groups, and with schedulers)
 * 10 steps, a save of model parameters, optimizer and scheduler state to safetensors files, a
 * load into new objects and 10 more steps give bit-for-bit the parameters and state of 20 steps
 * in one go. Plus the state's names and the errors of a bad state.
 */
class StateDictTest {
  @TempDir Path dir;

  private static final int IN = 5;
  private static final int HIDDEN = 4;
  private static final int OUT = 2;

  /** A tiny MLP's parameters under model-style names (weights [out, in], biases [out]). */
  private static LinkedHashMap<String, Tensor> model(DType dtype, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    LinkedHashMap<String, Tensor> m = new LinkedHashMap<>();
    m.put("layers.0.weight", Tensor.normal(rng, dtype, 0, 0.5, HIDDEN, IN).requiresGrad(true));
    m.put("layers.0.bias", Tensor.normal(rng, dtype, 0, 0.1, HIDDEN).requiresGrad(true));
    m.put("layers.2.weight", Tensor.normal(rng, dtype, 0, 0.5, OUT, HIDDEN).requiresGrad(true));
    m.put("layers.2.bias", Tensor.normal(rng, dtype, 0, 0.1, OUT).requiresGrad(true));
    return m;
  }

  private static final Tensor X = Tensor.normal(new SplittableRandom(3), DType.FLOAT64, 0, 1, 8,
      IN);
  private static final Tensor Y = Tensor.normal(new SplittableRandom(4), DType.FLOAT64, 0, 1, 8,
      OUT);

  /** The MSE of batch {@code step % 4} (two rows), so consecutive steps see different data. */
  private static Tensor loss(Map<String, Tensor> m, int step) {
    DType dtype = m.get("layers.0.weight").dtype();
    int b = step % 4;
    Tensor x = X.slice(0, 2 * b, 2 * b + 2).to(dtype);
    Tensor y = Y.slice(0, 2 * b, 2 * b + 2).to(dtype);
    Tensor h = x.matmul(m.get("layers.0.weight").transpose()).add(m.get("layers.0.bias")).tanh();
    Tensor out = h.matmul(m.get("layers.2.weight").transpose()).add(m.get("layers.2.bias"));
    return out.sub(y).square().mean();
  }

  /** Weights decay, biases do not. */
  private static List<ParamGroup> groups(Map<String, Tensor> m) {
    List<Tensor> weights = new ArrayList<>();
    List<Tensor> biases = new ArrayList<>();
    m.forEach((name, t) -> (name.endsWith("bias") ? biases : weights).add(t));
    return List.of(ParamGroup.of(weights), ParamGroup.of(biases).weightDecay(0));
  }

  /** What drives the learning rate between steps. */
  enum Sched { NONE, WARMUP_COSINE, PLATEAU }

  /** A training run: model, optimizer and scheduler, stepped from any point. */
  private static final class Run {
    final Map<String, Tensor> model;
    final Optimizer opt;
    final LrScheduler scheduler;
    final ReduceLrOnPlateau plateau;

    Run(DType dtype, long seed, Function<Map<String, Tensor>, Optimizer> make, Sched sched) {
      model = model(dtype, seed);
      opt = make.apply(model);
      scheduler = sched == Sched.WARMUP_COSINE
          ? new LrScheduler(opt, LrSchedule.linear(0.1, 1, 4).then(4, LrSchedule.cosine(12, 1e-4)))
          : null;
      plateau = sched == Sched.PLATEAU
          ? new ReduceLrOnPlateau(opt).patience(1).factor(0.5).threshold(0.05,
              ReduceLrOnPlateau.ThresholdMode.RELATIVE) : null;
    }

    void train(int from, int to) {
      for (int s = from; s < to; s++) {
        int step = s;
        double l;
        if (opt instanceof LBFGS) {
          l = opt.step(() -> loss(model, step)).item();
        } else {
          opt.zeroGrad();
          Tensor loss = loss(model, step);
          l = loss.item();
          loss.backward();
          opt.step();
        }
        if (scheduler != null) {
          scheduler.step();
        }
        if (plateau != null && s % 2 == 1) {
          plateau.step(l); // an "epoch" of two batches
        }
      }
    }

    void save(Path dir) throws IOException {
      SafeTensors.write(dir.resolve("model.safetensors"), model);
      SafeTensors.write(dir.resolve("optimizer.safetensors"), opt.stateDict());
      if (scheduler != null) {
        SafeTensors.write(dir.resolve("scheduler.safetensors"), scheduler.stateDict());
      }
      if (plateau != null) {
        SafeTensors.write(dir.resolve("scheduler.safetensors"), plateau.stateDict());
      }
    }

    @SuppressWarnings("try") // the scope is only opened and closed
    void load(Path dir) throws IOException {
      Map<String, Tensor> saved = SafeTensors.read(dir.resolve("model.safetensors")).tensors();
      try (Autograd.Scope s = Autograd.noGrad()) {
        model.forEach((name, t) -> t.set(saved.get(name)));
      }
      opt.loadStateDict(SafeTensors.read(dir.resolve("optimizer.safetensors")).tensors());
      if (scheduler != null) {
        scheduler.loadStateDict(SafeTensors.read(dir.resolve("scheduler.safetensors")).tensors());
      }
      if (plateau != null) {
        plateau.loadStateDict(SafeTensors.read(dir.resolve("scheduler.safetensors")).tensors());
      }
    }
  }

  private static long[] bits(Tensor t) {
    double[] v = t.toDoubleArray(); // float32 widens exactly
    long[] b = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Double.doubleToRawLongBits(v[i]);
    }
    return b;
  }

  private static void assertBitIdentical(Map<String, Tensor> expected, Map<String, Tensor> actual,
      String what) {
    assertEquals(expected.keySet(), actual.keySet(), what);
    for (String k : expected.keySet()) {
      Tensor e = expected.get(k);
      Tensor a = actual.get(k);
      assertEquals(e.shape(), a.shape(), what + " " + k);
      assertEquals(e.dtype(), a.dtype(), what + " " + k);
      assertArrayEquals(bits(e), bits(a), what + " " + k);
    }
  }

  private void assertResumesExactly(String name, DType dtype,
      Function<Map<String, Tensor>, Optimizer> make, Sched sched) throws IOException {
    Run straight = new Run(dtype, 1, make, sched);
    straight.train(0, 20);

    Run first = new Run(dtype, 1, make, sched);
    first.train(0, 10);
    Path d = dir.resolve(name + "-" + dtype + "-" + sched);
    java.nio.file.Files.createDirectories(d);
    first.save(d);

    Run resumed = new Run(dtype, 2, make, sched); // other initial values, fresh state
    resumed.load(d);
    resumed.train(10, 20);

    String what = name + " " + dtype + " " + sched;
    assertBitIdentical(straight.model, resumed.model, what + " parameters");
    assertBitIdentical(straight.opt.stateDict(), resumed.opt.stateDict(), what + " state");
    if (sched == Sched.WARMUP_COSINE) {
      assertEquals(20, resumed.scheduler.time());
    }
    if (sched == Sched.PLATEAU) {
      assertBitIdentical(straight.plateau.stateDict(), resumed.plateau.stateDict(), what);
    }
    // The check can fail: the saved run really differs from a fresh one.
    Run fresh = new Run(dtype, 2, make, sched);
    fresh.train(10, 20);
    assertNotEquals(straight.model.get("layers.0.weight").toDoubleArray()[0],
        fresh.model.get("layers.0.weight").toDoubleArray()[0], what);
  }

  private static final Map<String, Function<Map<String, Tensor>, Optimizer>> OPTIMIZERS =
      new LinkedHashMap<>();

  static {
    OPTIMIZERS.put("sgd", m -> new SGD(groups(m), 0.05).momentum(0.9).weightDecay(1e-2));
    OPTIMIZERS.put("sgd-nesterov", m -> new SGD(groups(m), 0.05).momentum(0.9).nesterov(true));
    OPTIMIZERS.put("sgd-dampening", m -> new SGD(groups(m), 0.05).momentum(0.8).dampening(0.3));
    OPTIMIZERS.put("sgd-course", m -> new SGD(groups(m), 0.1).momentum(0.9,
        SGD.MomentumForm.COURSE));
    OPTIMIZERS.put("adam", m -> new Adam(groups(m), 0.01).weightDecay(1e-3));
    OPTIMIZERS.put("adam-amsgrad", m -> new Adam(groups(m), 0.01).amsgrad(true));
    OPTIMIZERS.put("adamw", m -> new AdamW(groups(m), 0.01));
    OPTIMIZERS.put("rmsprop", m -> new RMSProp(groups(m), 0.01).centered(true).momentum(0.5));
    OPTIMIZERS.put("adagrad", m -> new Adagrad(groups(m), 0.05).lrDecay(0.01)
        .initialAccumulator(0.1));
    OPTIMIZERS.put("nadam", m -> new NAdam(groups(m), 0.01).weightDecay(1e-3));
    OPTIMIZERS.put("radam", m -> new RAdam(groups(m), 0.01).betas(0.9, 0.9));
  }

  @Test
  void everyOptimizerResumesBitIdenticallyWithAndWithoutSchedulers() throws IOException {
    for (Map.Entry<String, Function<Map<String, Tensor>, Optimizer>> e : OPTIMIZERS.entrySet()) {
      for (Sched sched : Sched.values()) {
        DType dtype = sched == Sched.PLATEAU ? DType.FLOAT64 : DType.FLOAT32;
        assertResumesExactly(e.getKey(), dtype, e.getValue(), sched);
      }
    }
  }

  @Test
  void lbfgsResumesBitIdentically() throws IOException {
    for (LBFGS.LineSearch search : LBFGS.LineSearch.values()) {
      assertResumesExactly("lbfgs-" + search, DType.FLOAT64, m -> new LBFGS(
          new ArrayList<>(m.values()), 0.5).maxIter(3).historySize(4).lineSearch(search),
          Sched.NONE);
      assertResumesExactly("lbfgs-" + search, DType.FLOAT32, m -> new LBFGS(
          new ArrayList<>(m.values()), 0.5).maxIter(3).historySize(4).lineSearch(search),
          Sched.WARMUP_COSINE);
    }
  }

  @Test
  void stateHasFixedNamesAndIsACopy() {
    Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Tensor b = Tensor.of(new float[] {3}).requiresGrad(true);
    Adam opt = new Adam(List.of(ParamGroup.of(List.of(w)), ParamGroup.of(List.of(b))
        .learningRate(0.5)), 0.1).amsgrad(true);
    assertEquals(List.of("steps", "param_groups.0.lr", "param_groups.0.initial_lr",
        "param_groups.0.weight_decay", "param_groups.1.lr", "param_groups.1.initial_lr",
        "param_groups.1.weight_decay", "state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq",
        "state.0.max_exp_avg_sq", "state.1.step", "state.1.exp_avg", "state.1.exp_avg_sq",
        "state.1.max_exp_avg_sq", "config.beta1", "config.beta2", "config.eps", "config.amsgrad",
        "config.decoupled_weight_decay"), new ArrayList<>(opt.stateDict().keySet()));
    w.square().sum().add(b.sum()).backward();
    opt.step();
    Map<String, Tensor> s = opt.stateDict();
    assertEquals(1L, s.get("steps").longItem());
    assertEquals(1L, s.get("state.1.step").longItem());
    assertEquals(DType.FLOAT32, s.get("state.1.exp_avg").dtype());
    assertEquals(DType.INT64, s.get("steps").dtype());
    assertEquals(DType.INT64, s.get("state.1.step").dtype());
    assertEquals(DType.FLOAT64, s.get("param_groups.1.lr").dtype());
    assertArrayEquals(new double[] {0.2, 0.4}, s.get("state.0.exp_avg").toDoubleArray(), 1e-15);
    assertEquals(0.5, s.get("param_groups.1.lr").item());
    opt.step();
    assertArrayEquals(new double[] {0.2, 0.4}, s.get("state.0.exp_avg").toDoubleArray(), 1e-15,
        "the returned map is a snapshot");
    assertEquals(2L, opt.stateDict().get("state.0.step").longItem());
  }

  /** Counts are INT64; whole float64 counts, as earlier versions saved them, still load. */
  @Test
  void countsAreInt64AndOldFloatCountsStillLoad() {
    Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Adam opt = new Adam(List.of(w), 0.1);
    for (int i = 0; i < 3; i++) {
      opt.zeroGrad();
      w.square().sum().backward();
      opt.step();
    }
    Map<String, Tensor> state = opt.stateDict();
    Map<String, Tensor> old = new LinkedHashMap<>(state);
    old.put("steps", Tensor.scalar(DType.FLOAT64, 3));
    old.put("state.0.step", Tensor.scalar(DType.FLOAT64, 3));
    Adam resumed = new Adam(List.of(Tensor.of(new double[] {1, 2}).requiresGrad(true)), 0.1);
    resumed.loadStateDict(old);
    assertBitIdentical(state, resumed.stateDict(), "loaded from float counts");
    assertEquals(3, resumed.stepCount());

    Map<String, Tensor> bad = new LinkedHashMap<>(state);
    bad.put("steps", Tensor.scalar(DType.INT64, -1L));
    bad.put("state.0.step", Tensor.scalar(DType.INT32, 3L));
    assertEquals("adam: loadStateDict: mis-shaped [state.0.step: expected [] int64, got [] "
        + "int32]; steps must be an integer >= 0, got -1; nothing was loaded",
        assertThrows(IllegalArgumentException.class, () -> resumed.loadStateDict(bad))
            .getMessage());

    SGD sgd = new SGD(List.of(Tensor.of(new double[] {1}).requiresGrad(true)), 1);
    LrScheduler scheduler = new LrScheduler(sgd, LrSchedule.exponential(0.5));
    scheduler.step();
    assertEquals(DType.INT64, scheduler.stateDict().get("last_step").dtype());
    ReduceLrOnPlateau plateau = new ReduceLrOnPlateau(sgd);
    for (String count : List.of("num_bad_epochs", "cooldown_counter", "last_epoch")) {
      assertEquals(DType.INT64, plateau.stateDict().get(count).dtype(), count);
    }
    assertEquals(DType.FLOAT64, plateau.stateDict().get("best").dtype());
  }

  @Test
  void aBadStateNamesEveryProblemAndChangesNothing() {
    Tensor w = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    Adam opt = new Adam(List.of(w), 0.1);
    w.square().sum().backward();
    opt.step();
    Map<String, Tensor> before = opt.stateDict();

    Map<String, Tensor> bad = new LinkedHashMap<>(before);
    bad.remove("state.0.exp_avg");
    bad.put("state.0.exp_avg_sq", Tensor.zeros(DType.FLOAT32, 2));
    bad.put("state.1.step", Tensor.scalar(DType.FLOAT64, 1));
    bad.put("state.0.step", Tensor.scalar(DType.FLOAT64, 1.5));
    bad.put("param_groups.0.lr", Tensor.scalar(DType.FLOAT64, -1));
    bad.put("config.beta1", Tensor.scalar(DType.FLOAT64, 0.8));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> opt.loadStateDict(bad));
    assertEquals("adam: loadStateDict: missing [state.0.exp_avg]; unexpected [state.1.step]; "
        + "mis-shaped [state.0.exp_avg_sq: expected [2] float64, got [2] float32]; "
        + "param_groups.0.lr must be finite and >= 0, got -1.0; "
        + "state.0.step must be an integer >= 0, got 1.5; "
        + "config.beta1 is 0.8 in the state but 0.9 in this adam (configure it as the saved one "
        + "was); nothing was loaded", e.getMessage());
    assertBitIdentical(before, opt.stateDict(), "after a failed load");

    assertEquals("sgd: loadStateDict: missing [state.0.momentum_buffer, config.momentum, "
        + "config.dampening, config.nesterov, config.course_form]; unexpected [config.amsgrad, "
        + "config.beta1, config.beta2, config.decoupled_weight_decay, config.eps, "
        + "state.0.exp_avg, state.0.exp_avg_sq]; nothing was loaded",
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w), 0.1)
            .momentum(0.9).loadStateDict(before)).getMessage());
    assertEquals("adam: loadStateDict: the state is null", assertThrows(
        IllegalArgumentException.class, () -> opt.loadStateDict(null)).getMessage());
  }

  @Test
  void schedulerStatesAreValidatedToo() {
    SGD opt = new SGD(List.of(Tensor.of(new double[] {1}).requiresGrad(true)), 1);
    LrScheduler s = new LrScheduler(opt, LrSchedule.exponential(0.5));
    assertEquals("lr_scheduler: loadStateDict: missing [last_step]; unexpected [t]; nothing was "
        + "loaded", assertThrows(IllegalArgumentException.class,
            () -> s.loadStateDict(Map.of("t", Tensor.scalar(DType.FLOAT64, 3)))).getMessage());
    s.loadStateDict(Map.of("last_step", Tensor.scalar(DType.FLOAT64, 3)));
    assertEquals(0.125, opt.learningRate(), "loading re-applies the schedule");
    ReduceLrOnPlateau p = new ReduceLrOnPlateau(opt).patience(2);
    Map<String, Tensor> state = new ReduceLrOnPlateau(opt).patience(3).stateDict();
    assertEquals("reduce_lr_on_plateau: loadStateDict: config.patience is 3.0 in the state but "
        + "2.0 in this reduce_lr_on_plateau (configure it as the saved one was); nothing was "
        + "loaded", assertThrows(IllegalArgumentException.class, () -> p.loadStateDict(state))
        .getMessage());
  }
}
