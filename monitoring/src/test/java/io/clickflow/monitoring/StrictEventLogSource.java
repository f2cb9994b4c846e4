package io.clickflow.monitoring;

import java.util.List;

/** A source where every method a test does not override fails loudly. */
class StrictEventLogSource implements EventLogSource {

  @Override
  public List<List<FlowProgress>> readGroups() throws EventLogReadException {
    throw new UnsupportedOperationException("readGroups not expected in this test");
  }

  @Override
  public String location() {
    throw new UnsupportedOperationException("location not expected in this test");
  }
}
