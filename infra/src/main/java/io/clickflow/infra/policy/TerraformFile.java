package io.clickflow.infra.policy;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One parsed {@code .tf} file: its path, its source text and its blocks as hcl4j returns them
 * (nested maps; literals as Java values, references as symbols or as their dotted text).
 *
 * <p>hcl4j evaluates {@code var.x} while it parses, and an unset variable would turn into null or
 * vanish from an interpolated string. Every {@code var.x} is therefore bound to the placeholder
 * text {@code ${var.x}}, so that a policy sees {@code "repo:${var.github_repository}:..."} rather
 * than {@code "repo::..."}.
 */
public record TerraformFile(Path path, String source, Map<String, Object> blocks) {

  private static final Pattern VARIABLE_REFERENCE =
      Pattern.compile("\\bvar\\.([A-Za-z_][A-Za-z0-9_-]*)");

  public TerraformFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(source, "source");
    blocks = Map.copyOf(blocks);
  }

  /** Parses one file. */
  public static TerraformFile parse(Path file) {
    String source;
    try {
      source = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("read Terraform file " + file, e);
    }
    Brackets.firstProblem(source)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("parse Terraform file " + file + ": " + problem);
            });
    HCLParser parser = new HCLParser();
    Matcher references = VARIABLE_REFERENCE.matcher(source);
    while (references.find()) {
      parser.setVariable(references.group(1), "${var." + references.group(1) + "}");
    }
    try {
      Map<String, Object> blocks = parser.parse(new StringReader(source));
      return new TerraformFile(file, source, blocks == null ? Map.of() : withoutNulls(blocks));
    } catch (HCLParserException | IOException | RuntimeException e) {
      throw new IllegalArgumentException("parse Terraform file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses every {@code .tf} file under {@code root}, in path order, skipping {@code .terraform}.
   */
  public static List<TerraformFile> parseTree(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("no Terraform folder at " + root.toAbsolutePath());
    }
    try (Stream<Path> paths = Files.walk(root)) {
      return paths
          .filter(p -> p.getFileName().toString().endsWith(".tf"))
          .filter(p -> !root.relativize(p).toString().contains(".terraform"))
          .filter(Files::isRegularFile)
          .sorted()
          .map(TerraformFile::parse)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("list Terraform files under " + root, e);
    }
  }

  /** The named blocks of one kind, e.g. {@code variable} or {@code output}: name to body. */
  public Map<String, Map<String, Object>> blocks(String kind) {
    return bodies(blocks.get(kind));
  }

  /** The resources of one type: resource name to body. */
  public Map<String, Map<String, Object>> resources(String type) {
    return bodies(section("resource").get(type));
  }

  /** A nested map such as {@code terraform.required_providers}, or an empty map. */
  public Map<String, Object> section(String... keys) {
    Object current = blocks;
    for (String key : keys) {
      current = current instanceof Map<?, ?> map ? map.get(key) : null;
    }
    return asMap(current);
  }

  /** The line (1-based) of a character offset in the source, for messages. */
  public int lineOf(int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static Map<String, Map<String, Object>> bodies(Object named) {
    Map<String, Map<String, Object>> result = new LinkedHashMap<>();
    asMap(named).forEach((name, body) -> result.put(name, asMap(body)));
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** Map.copyOf refuses null values; an attribute hcl4j could not evaluate is simply absent. */
  private static Map<String, Object> withoutNulls(Map<String, Object> blocks) {
    Map<String, Object> result = new LinkedHashMap<>();
    blocks.forEach(
        (key, value) -> {
          if (value != null) {
            result.put(key, value);
          }
        });
    return result;
  }
}
