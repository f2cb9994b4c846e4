package io.clickflow.bundle.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One parsed configuration file of the bundle.
 *
 * @param name path relative to the bundle directory, with forward slashes, as printed in problems
 * @param text the raw file content, kept for checks that must also see comments
 * @param root the parsed YAML; an empty file parses to an empty object
 */
public record BundleFile(String name, String text, JsonNode root) {
  public BundleFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(root, "root");
  }
}
