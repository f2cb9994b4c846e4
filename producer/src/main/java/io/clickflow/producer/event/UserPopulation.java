package io.clickflow.producer.event;

import io.clickflow.producer.event.Catalog.Location;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The visitors that sessions are drawn from. Visitors come back across sessions, and their
 * attributes drift between sessions (plan changes, moves, new e-mail addresses, sign-ups) so that a
 * slowly changing dimension built from the events has real history to track.
 */
final class UserPopulation {

  private static final double ANONYMOUS_SHARE = 0.3;
  private static final double SIGN_UP_PER_SESSION = 0.04;
  private static final double PLAN_CHANGE_PER_SESSION = 0.03;
  private static final double MOVE_PER_SESSION = 0.015;
  private static final double EMAIL_CHANGE_PER_SESSION = 0.015;
  private static final double NEW_IP_PER_SESSION = 0.1;

  private final UserProfile[] profiles;
  private final RandomGenerator random;
  private final String userIdPrefix;

  /**
   * @param userIdPrefix starts every user id, e.g. {@code usr-p1-}: producers with their own
   *     populations must not share business keys, or the user dimension would merge strangers
   */
  UserPopulation(int size, RandomGenerator random, String userIdPrefix) {
    this.random = random;
    this.userIdPrefix = userIdPrefix;
    this.profiles = new UserProfile[size];
    for (int i = 0; i < size; i++) {
      profiles[i] = newVisitor(i);
    }
  }

  /**
   * Picks the visitor of a new session and applies any drift since their last session. A few
   * visitors account for most sessions, as on a real shop.
   */
  UserProfile startSession() {
    double draw = random.nextDouble();
    int index = (int) (profiles.length * draw * draw);
    UserProfile drifted = drift(index, profiles[index]);
    profiles[index] = drifted;
    return drifted;
  }

  private UserProfile newVisitor(int index) {
    Location home = Catalog.pick(Catalog.LOCATIONS, random);
    UserProfile anonymous =
        new UserProfile(
            null,
            Uuids.next(random),
            null,
            UserProfile.ANONYMOUS,
            home,
            ip(home),
            Catalog.pickDevice(random));
    if (random.nextDouble() < ANONYMOUS_SHARE) {
      return anonymous;
    }
    return anonymous.signedUp(userId(index), email(), initialPlan());
  }

  private UserProfile drift(int index, UserProfile profile) {
    if (!profile.signedIn()) {
      return random.nextDouble() < SIGN_UP_PER_SESSION
          ? profile.signedUp(userId(index), email(), "free")
          : profile;
    }
    UserProfile result = profile;
    if (random.nextDouble() < PLAN_CHANGE_PER_SESSION) {
      result = result.withPlan(nextPlan(result.plan()));
    }
    if (random.nextDouble() < MOVE_PER_SESSION) {
      Location newHome = otherCountry(result.home());
      result = result.movedTo(newHome, ip(newHome));
    } else if (random.nextDouble() < NEW_IP_PER_SESSION) {
      result = result.movedTo(result.home(), ip(result.home()));
    }
    if (random.nextDouble() < EMAIL_CHANGE_PER_SESSION) {
      result = result.withEmail(email());
    }
    return result;
  }

  private String initialPlan() {
    double draw = random.nextDouble();
    return draw < 0.6 ? "free" : draw < 0.9 ? "pro" : "enterprise";
  }

  /** Mostly upgrades, some downgrades, as subscription businesses see. */
  private String nextPlan(String current) {
    boolean upgrade = random.nextDouble() < 0.75;
    return switch (current) {
      case "free" -> upgrade ? "pro" : "enterprise";
      case "pro" -> upgrade ? "enterprise" : "free";
      default -> "pro";
    };
  }

  private Location otherCountry(Location current) {
    List<Location> elsewhere =
        Catalog.LOCATIONS.stream()
            .filter(location -> !location.country().equals(current.country()))
            .toList();
    return Catalog.pick(elsewhere, random);
  }

  private String userId(int index) {
    return userIdPrefix + String.format("%06d", index + 1);
  }

  private String email() {
    return Catalog.pick(Catalog.FIRST_NAMES, random)
        + "."
        + (10 + random.nextInt(9990))
        + "@"
        + Catalog.pick(Catalog.EMAIL_DOMAINS, random);
  }

  private String ip(Location location) {
    return location.ipFirstOctet()
        + "."
        + random.nextInt(256)
        + "."
        + random.nextInt(256)
        + "."
        + (1 + random.nextInt(254));
  }
}
