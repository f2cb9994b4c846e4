package io.clickflow.bundle.control;

import io.clickflow.bundle.render.JobRenderer;
import io.clickflow.bundle.render.RenderRequest;
import io.clickflow.bundle.render.RenderedJob;
import io.clickflow.bundle.render.WorkspaceContext;
import io.clickflow.bundle.workspace.CurrentUser;
import io.clickflow.bundle.workspace.JobsClient;
import io.clickflow.bundle.workspace.WorkspaceException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the job that a deploy of the bundle created. Deploys name jobs after the bundle (in
 * development mode with the deploying user's prefix), so the job is found by the name that the
 * bundle renders to for the signed-in identity.
 */
public final class JobLocator {

  /**
   * @param job the job rendered with what the workspace knows, user and host included
   * @param jobId the deployed job, or empty when no deploy created it yet
   */
  public record Located(RenderedJob job, Optional<Long> jobId, CurrentUser user) {
    public Located {
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(jobId, "jobId");
      Objects.requireNonNull(user, "user");
    }
  }

  private final JobRenderer renderer;

  public JobLocator(JobRenderer renderer) {
    this.renderer = Objects.requireNonNull(renderer, "renderer");
  }

  /**
   * @throws WorkspaceException when the workspace cannot be read or holds several jobs of that name
   */
  public Located locate(RenderRequest request, JobsClient client) {
    // Rendered offline first, so that a broken bundle fails before any workspace call.
    renderer.render(request, WorkspaceContext.offline());
    CurrentUser user = client.currentUser();
    RenderedJob job = renderer.render(request, WorkspaceContext.of(user, client.host()));
    List<Long> ids = client.jobIdsNamed(job.name());
    if (ids.size() > 1) {
      throw new WorkspaceException(
          "find job '"
              + job.name()
              + "' on "
              + client.host()
              + ": "
              + ids.size()
              + " jobs have this name "
              + ids
              + "; a deploy manages one — delete the others");
    }
    return new Located(job, ids.stream().findFirst(), user);
  }
}
