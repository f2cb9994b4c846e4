package io.clickflow.producer.sink;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where landing files go: a local folder, ADLS Gen2, or Blob storage (Azurite included). The
 * producer builds whole files in memory and hands each one over once per attempt.
 *
 * <p>Contract, which every implementation's contract test checks:
 *
 * <ul>
 *   <li>{@link #publish} makes the complete file visible at {@code path} atomically, or throws. A
 *       reader never sees a partial file at {@code path}, whatever fails and whenever.
 *   <li>Anything staged on the way (temp files, uncommitted blocks) has a name whose segment starts
 *       with {@code _} or {@code .}, which Spark's file source ignores, and is cleaned up on
 *       failure where the store allows it.
 *   <li>Publishing the same path again replaces the file with the given content. A retried publish
 *       therefore never duplicates data, as long as the caller retries with the same path.
 *   <li>Implementations are not required to be thread-safe; the producer publishes from one thread.
 * </ul>
 */
public interface EventSink extends Closeable {

  /**
   * Publishes one complete file.
   *
   * @param path where the file lands, relative to the sink's root
   * @param content the whole file; the sink neither keeps nor modifies the array
   * @throws SinkException if the file may not be visible; {@link SinkException#retryable()} says
   *     whether trying again with the same path can help
   */
  void publish(LandingPath path, byte[] content) throws SinkException;

  /**
   * The highest file sequence this producer id already has anywhere under the sink's root, or 0. A
   * new run continues after it: file stream readers remember files by path, so a replaced file
   * would never be read again and its new events would be lost.
   *
   * @throws SinkException if the root cannot be listed
   */
  long lastSequence(String producerId) throws SinkException;

  /**
   * Where this sink writes, as the user gave it, for messages: e.g. {@code local:/data/landing}.
   */
  String describe();

  @Override
  default void close() throws IOException {}
}
