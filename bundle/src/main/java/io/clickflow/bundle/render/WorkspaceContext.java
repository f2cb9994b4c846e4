package io.clickflow.bundle.render;

import io.clickflow.bundle.workspace.CurrentUser;
import java.util.Objects;
import java.util.Optional;

/**
 * What only a workspace knows: who deploys, and where. Offline, both are empty and references to
 * them ({@code ${workspace.current_user.userName}}, {@code ${workspace.current_user.short_name}},
 * {@code ${workspace.host}}) stay in the rendered settings as written.
 */
public record WorkspaceContext(Optional<CurrentUser> user, Optional<String> host) {
  public WorkspaceContext {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(host, "host");
  }

  public static WorkspaceContext offline() {
    return new WorkspaceContext(Optional.empty(), Optional.empty());
  }

  public static WorkspaceContext of(CurrentUser user, String host) {
    return new WorkspaceContext(Optional.of(user), Optional.of(host).filter(h -> !h.isBlank()));
  }
}
