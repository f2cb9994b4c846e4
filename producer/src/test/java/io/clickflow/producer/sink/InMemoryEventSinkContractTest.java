package io.clickflow.producer.sink;

import java.util.Map;

class InMemoryEventSinkContractTest extends EventSinkContractTest {

  @Override
  EventSink newSink() {
    return new InMemoryEventSink();
  }

  @Override
  Map<String, byte[]> visibleFiles(EventSink sink) {
    return ((InMemoryEventSink) sink).files();
  }
}
