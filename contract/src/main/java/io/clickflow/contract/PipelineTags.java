package io.clickflow.contract;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tags that the pipeline's dataset graph declares, which {@code --tags} selects by. The bundle
 * checks the tags its job tasks pass against this set offline, without the pipeline on its
 * classpath; pipeline-src tests that its graph declares exactly {@link #ALL}.
 */
public final class PipelineTags {

  public static final String BRONZE = "bronze";
  public static final String SILVER = "silver";
  public static final String GOLD = "gold";

  /** The Gold materialized views, which also carry {@link #GOLD}. */
  public static final String MV = "mv";

  /** Every tag, in layer order; iteration order is stable so that messages are too. */
  public static final Set<String> ALL =
      Collections.unmodifiableSet(new LinkedHashSet<>(List.of(BRONZE, SILVER, GOLD, MV)));

  private PipelineTags() {}

  public static boolean isKnown(String tag) {
    return ALL.contains(tag);
  }

  /** The one wording for a tag the graph does not declare, wherever a tag is checked. */
  public static String unknownTagMessage(String tag) {
    return "tag '" + tag + "' is not in the pipeline graph; known tags: " + ALL;
  }
}
