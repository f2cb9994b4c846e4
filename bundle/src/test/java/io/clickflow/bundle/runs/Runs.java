package io.clickflow.bundle.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Jobs API 2.2 answers about runs, written the way the workspace writes them. */
final class Runs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Runs() {}

  /**
   * A runs/get answer.
   *
   * @param state {@code LIFE_CYCLE} or {@code LIFE_CYCLE RESULT}
   * @param tasks each {@code key:runId:LIFE_CYCLE[:RESULT]}
   */
  static String run(long runId, String url, String state, String... tasks) {
    ObjectNode run = JSON.createObjectNode().put("job_id", 11).put("run_id", runId);
    run.put("run_page_url", url);
    setState(run, state.split(" "));
    for (String task : tasks) {
      String[] parts = task.split(":");
      ObjectNode taskRun =
          run.withArrayProperty("tasks")
              .addObject()
              .put("task_key", parts[0])
              .put("run_id", Long.parseLong(parts[1]))
              .put("start_time", Long.parseLong(parts[1]));
      String[] taskState = new String[parts.length - 2];
      System.arraycopy(parts, 2, taskState, 0, taskState.length);
      setState(taskRun, taskState);
    }
    return run.toString();
  }

  private static void setState(ObjectNode node, String[] state) {
    ObjectNode runState = node.putObject("state").put("life_cycle_state", state[0]);
    if (state.length > 1) {
      runState.put("result_state", state[1]);
    }
    runState.put("state_message", "");
  }
}
