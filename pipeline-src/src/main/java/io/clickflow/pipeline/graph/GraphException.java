package io.clickflow.pipeline.graph;

/** The pipeline definition is inconsistent; fixing the definition is the only remedy. */
public final class GraphException extends RuntimeException {
  public GraphException(String message) {
    super(message);
  }
}
