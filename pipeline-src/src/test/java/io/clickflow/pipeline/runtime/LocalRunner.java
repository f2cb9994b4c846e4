package io.clickflow.pipeline.runtime;

import io.clickflow.pipeline.ClickstreamPipeline;
import io.clickflow.pipeline.SharedSpark;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A runner of custom definitions over {@code <dir>/landing}, in the shared session, quiet. */
final class LocalRunner {

  private LocalRunner() {}

  static PipelineContext context(Path dir, TableStore store) {
    return new PipelineContext(
        SharedSpark.session(),
        store,
        new PipelineSettings(dir.resolve("landing").toString(), "10 minutes", 0, 0, null, false),
        Clock.systemUTC());
  }

  static PipelineRunner of(Path dir, TableStore store, List<DatasetDefinition> definitions) {
    return new PipelineRunner(
        context(dir, store),
        definitions,
        ClickstreamPipeline.EXTERNAL_SOURCES,
        new EventLogWriter(SharedSpark.session(), store),
        new PrintStream(OutputStream.nullOutputStream()));
  }
}
