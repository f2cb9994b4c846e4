package io.clickflow.bundle.render;

import io.clickflow.bundle.UsageException;
import io.clickflow.bundle.config.Bundle;
import io.clickflow.bundle.config.BundleLoader;
import io.clickflow.bundle.config.Problem;
import io.clickflow.bundle.config.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** The options that say which bundle, target and job a command works on. */
public final class BundleTargetOptions {

  @Option(
      names = {"-t", "--target"},
      paramLabel = "NAME",
      description = "Target to render the job for. Default: the target marked default: true.")
  String target;

  @Option(
      names = "--bundle-dir",
      paramLabel = "DIR",
      description =
          "Directory holding databricks.yml. Default: the current directory if it holds one,"
              + " else ./bundle.")
  Path bundleDir;

  @Option(
      names = "--job",
      paramLabel = "KEY",
      description =
          "Job key under resources.jobs. Needed only when the bundle defines several jobs.")
  String job;

  @Option(
      names = "--var",
      paramLabel = "NAME=VALUE",
      description =
          "Value for a bundle variable; repeatable. Wins over BUNDLE_VAR_<NAME>, the target's"
              + " value and the default, as in `databricks bundle`.")
  Map<String, String> variables = new LinkedHashMap<>();

  /**
   * Loads the bundle and picks the target.
   *
   * @throws UsageException when there is no bundle or no target can be chosen
   * @throws RenderException when a bundle file cannot be read as configuration
   */
  public RenderRequest request(Map<String, String> environment, Path workingDir) {
    Path dir = bundleDir == null ? defaultBundleDir(workingDir) : workingDir.resolve(bundleDir);
    BundleLoader.Result loaded = new BundleLoader().load(dir);
    if (loaded.problems().stream().anyMatch(Problem::isError)) {
      throw new RenderException(
          "the bundle cannot be read: "
              + loaded.problems().stream()
                  .filter(Problem::isError)
                  .map(Problem::format)
                  .collect(Collectors.joining("; ")));
    }
    Bundle bundle = loaded.bundle();
    Targets.Selection selection = new Targets(bundle).select(Optional.ofNullable(target));
    String chosen =
        selection.name().orElseThrow(() -> new UsageException(selection.failure().orElseThrow()));
    return new RenderRequest(bundle, chosen, Optional.ofNullable(job), variables, environment);
  }

  private static Path defaultBundleDir(Path workingDir) {
    if (Files.isRegularFile(workingDir.resolve(Bundle.ROOT_FILE))) {
      return workingDir;
    }
    return workingDir.resolve("bundle");
  }
}
