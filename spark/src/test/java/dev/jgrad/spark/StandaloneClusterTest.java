package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Standardizer;
import java.io.File;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Training on a standalone Spark cluster: a master and two workers (Spark's
 * {@code local-cluster[2,1,1024]}), whose executors are separate JVM processes started from the
 * Maven test class path, so parameters, gradients and closures really cross process boundaries
 * serialized. The run must equal the same training on {@code local[2]} bit for bit.
 */
class StandaloneClusterTest {

  private static SparkSession cluster() {
    // Executors are launched as `java -cp <extraClassPath>:$SPARK_HOME/jars/*`: the class path is
    // this test JVM's, and SPARK_HOME (set by the pom) holds an empty jars directory.
    String home = System.getenv("SPARK_HOME");
    assertTrue(home != null && new File(home, "jars").mkdirs() | new File(home, "jars").isDirectory(),
        "the spark pom sets SPARK_HOME for the tests, got " + home);
    return SparkSession.builder().master("local-cluster[2,1,1024]").appName("jgrad-cluster-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executor.memory", "512m")
        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .config("spark.executor.extraJavaOptions", System.getProperty("jgrad.spark.jvm.flags", ""))
        .getOrCreate();
  }

  private static TrainingResult train(SparkSession spark, Dataset iris) {
    return new SparkTrainer(EquivalenceTest.mlp(), Losses::crossEntropy,
        p -> new dev.jgrad.nn.optim.Adam(p, 0.01)).batchSize(16).epochs(3).seed(11)
        .fit(Frames.frame(spark, iris, 2));
  }

  @Test
  void twoWorkerProcessesTrainBitIdenticallyToLocalMode() {
    Dataset raw = Datasets.iris();
    Dataset iris = Standardizer.fit(raw).transform(raw);
    long driver = ProcessHandle.current().pid();
    TrainingResult onCluster;
    SparkSession spark = cluster();
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      List<Long> pids = jsc.parallelize(List.of(0, 1, 2, 3), 4)
          .map(i -> ProcessHandle.current().pid()).collect();
      Set<Long> distinct = new HashSet<>(pids);
      assertTrue(!distinct.contains(driver) && distinct.size() == 2,
          "tasks should run in two executor processes, not the driver " + driver + ": " + pids);
      onCluster = train(spark, iris);
    } finally {
      spark.stop();
    }
    SparkSession local = Frames.session("local[2]");
    TrainingResult inProcess;
    try {
      inProcess = train(local, iris);
    } finally {
      local.stop();
    }
    Map<String, double[]> a = Frames.values(onCluster.model());
    Map<String, double[]> b = Frames.values(inProcess.model());
    assertEquals(b.keySet(), a.keySet());
    for (String k : b.keySet()) {
      assertArrayEquals(b.get(k), a.get(k), 0.0, k);
    }
    assertArrayEquals(inProcess.history().losses(), onCluster.history().losses(), 0.0);
    double[] losses = onCluster.history().losses();
    assertTrue(losses[2] < losses[0], java.util.Arrays.toString(losses));
  }
}
