package io.clickflow.pipeline.runtime;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Replaces PII with {@code sha256(pepper || lower(trim(value)))} in hex, the value of {@code
 * sha2(concat(pepper, lower(trim(x))), 256)} in SQL. It runs as a function rather than as SQL so
 * the pepper never appears in a query plan, the Spark UI or a log line.
 */
public final class Pseudonymiser implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Environment variable the pepper is read from. */
  public static final String PEPPER_ENV = "CLICKFLOW_PII_PEPPER";

  private static final int MIN_PEPPER_LENGTH = 16;

  private final byte[] pepper;

  public Pseudonymiser(String pepper) {
    if (pepper == null || pepper.length() < MIN_PEPPER_LENGTH) {
      throw new IllegalArgumentException(
          "the PII pepper must be at least "
              + MIN_PEPPER_LENGTH
              + " characters; set "
              + PEPPER_ENV
              + " (on Databricks: a secret scope)");
    }
    this.pepper = pepper.getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the pseudonym, or null for a null or blank value. */
  public String pseudonymise(String value) {
    if (value == null) {
      return null;
    }
    String normalised = value.trim().toLowerCase(Locale.ROOT);
    if (normalised.isEmpty()) {
      return null;
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(pepper);
      return HexFormat.of().formatHex(sha256.digest(normalised.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "Pseudonymiser[pepper=***]";
  }
}
