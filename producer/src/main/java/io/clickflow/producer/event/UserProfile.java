package io.clickflow.producer.event;

import io.clickflow.producer.event.Catalog.DeviceProfile;
import io.clickflow.producer.event.Catalog.Location;
import java.util.Objects;

/**
 * A simulated visitor's attributes at one point in time. Drift replaces the profile with a new one,
 * so every session keeps the snapshot it started with.
 *
 * @param userId null while the visitor is anonymous
 * @param email null while the visitor is anonymous
 */
record UserProfile(
    String userId,
    String anonymousId,
    String email,
    String plan,
    Location home,
    String ip,
    DeviceProfile primaryDevice) {

  static final String ANONYMOUS = "anonymous";

  UserProfile {
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(plan, "plan");
    if ((userId == null) != plan.equals(ANONYMOUS)) {
      throw new IllegalArgumentException("only visitors without user_id have plan anonymous");
    }
  }

  boolean signedIn() {
    return userId != null;
  }

  UserProfile withPlan(String newPlan) {
    return new UserProfile(userId, anonymousId, email, newPlan, home, ip, primaryDevice);
  }

  UserProfile withEmail(String newEmail) {
    return new UserProfile(userId, anonymousId, newEmail, plan, home, ip, primaryDevice);
  }

  UserProfile movedTo(Location newHome, String newIp) {
    return new UserProfile(userId, anonymousId, email, plan, newHome, newIp, primaryDevice);
  }

  UserProfile signedUp(String newUserId, String newEmail, String newPlan) {
    return new UserProfile(newUserId, anonymousId, newEmail, newPlan, home, ip, primaryDevice);
  }
}
