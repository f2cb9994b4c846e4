package io.clickflow.bundle.workspace;

import com.databricks.sdk.core.DatabricksConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickflow.bundle.workspace.sdk.SdkWorkspaceConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Points the real SDK at a {@link LocalJobsApi} with a personal access token that exists nowhere
 * else, and remembers the profiles the commands asked for.
 */
public final class LocalWorkspace {
  public static final String TOKEN = "local-test-token";
  public static final String USER = "jane.doe@example.com";
  public static final String ME =
      "{\"id\":\"4711\",\"userName\":\"" + USER + "\",\"displayName\":\"Jane Doe\"}";

  private final LocalJobsApi api;
  private final List<Optional<String>> profiles = new ArrayList<>();

  public LocalWorkspace(LocalJobsApi api) {
    this.api = api;
  }

  public static DatabricksConfig config(LocalJobsApi api) {
    return new DatabricksConfig().setHost(api.url()).setToken(TOKEN).setAuthType("pat");
  }

  public WorkspaceConnector connector() {
    return new SdkWorkspaceConnector(
        profile -> {
          profiles.add(profile);
          return config(api);
        });
  }

  /** A jobs/list page with one job of that name. */
  public static String listing(long jobId, String name) {
    ObjectNode page = new ObjectMapper().createObjectNode();
    ObjectNode job = page.putArray("jobs").addObject().put("job_id", jobId);
    job.putObject("settings").put("name", name);
    return page.toString();
  }

  public List<Optional<String>> profiles() {
    return List.copyOf(profiles);
  }
}
