package io.clickflow.pipeline.graph;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named data-quality rule: a SQL boolean over a dataset's columns. A row passes when the
 * expression is true; false and NULL both fail, as in Lakeflow.
 */
public record Expectation(String name, String sql, ExpectationAction action) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public Expectation {
    Objects.requireNonNull(action, "action");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "expectation name must match " + NAME.pattern() + ", got: " + name);
    }
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("expectation " + name + " has an empty SQL condition");
    }
  }

  public static Expectation warn(String name, String sql) {
    return new Expectation(name, sql, ExpectationAction.WARN);
  }

  public static Expectation drop(String name, String sql) {
    return new Expectation(name, sql, ExpectationAction.DROP);
  }

  public static Expectation fail(String name, String sql) {
    return new Expectation(name, sql, ExpectationAction.FAIL);
  }
}
