package io.clickflow.producer.sink;

import java.util.Map;

class InMemoryEventSinkContractTest extends EventSinkContractTest {

  @Override
  protected EventSink newSink() {
    return new InMemoryEventSink();
  }

  @Override
  protected Map<String, byte[]> visibleFiles(EventSink sink) {
    return ((InMemoryEventSink) sink).files();
  }
}
