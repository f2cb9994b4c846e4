package io.clickflow.pipeline;

import io.clickflow.pipeline.runtime.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** One local SparkSession per test JVM: starting Spark is the slow part of every test. */
public final class SharedSpark {

  private static SparkSession session;

  private SharedSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.local("clickflow-tests", "local[2]");
    }
    return session;
  }
}
