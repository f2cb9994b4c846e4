package io.clickflow.monitoring;

import java.util.List;

class InMemoryEventLogSourceTest extends EventLogSourceContractTest {

  @Override
  Fixture newFixture() {
    InMemoryEventLogSource source = new InMemoryEventLogSource();
    return new Fixture() {
      @Override
      public EventLogSource source() {
        return source;
      }

      @Override
      public void append(List<FlowProgress> rows) {
        source.append(rows);
      }
    };
  }
}
