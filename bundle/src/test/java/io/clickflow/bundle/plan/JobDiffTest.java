package io.clickflow.bundle.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JobDiffTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void fieldsTheServerAddsAreNotChanges() {
    JsonNode desired = json("{'name':'p','tasks':[{'task_key':'a','max_retries':1}]}");
    JsonNode deployed =
        json(
            "{'name':'p','timeout_seconds':0,'webhook_notifications':{},"
                + "'tasks':[{'task_key':'a','max_retries':1,'run_if':'ALL_SUCCESS'}]}");

    assertThat(JobDiff.between(desired, deployed)).isEmpty();
  }

  @Test
  void keyedElementsMatchWhateverTheirOrder() {
    JsonNode desired = json("{'tasks':[{'task_key':'a'},{'task_key':'b','timeout_seconds':60}]}");
    JsonNode deployed = json("{'tasks':[{'task_key':'b','timeout_seconds':90},{'task_key':'a'}]}");

    assertThat(JobDiff.between(desired, deployed))
        .extracting(Change::format)
        .containsExactly("$.tasks[?(@.task_key=='b')].timeout_seconds: 90 → 60");
  }

  @Test
  void aDeployedElementTheBundleDroppedIsRemoved() {
    JsonNode desired = json("{'parameters':[{'name':'x','default':'1'}]}");
    JsonNode deployed =
        json("{'parameters':[{'name':'x','default':'1'},{'name':'y','default':'2'}]}");

    assertThat(JobDiff.between(desired, deployed))
        .extracting(Change::format)
        .containsExactly(
            "$.parameters[?(@.name=='y')]: {\"name\":\"y\",\"default\":\"2\"} → (absent)");
  }

  @Test
  void plainListsCompareAsAWhole() {
    JsonNode desired = json("{'spark_jar_task':{'parameters':['run','--catalog','prod']}}");
    JsonNode deployed = json("{'spark_jar_task':{'parameters':['run','--catalog','dev']}}");

    assertThat(JobDiff.between(desired, deployed))
        .extracting(Change::format)
        .containsExactly(
            "$.spark_jar_task.parameters: [\"run\",\"--catalog\",\"dev\"] →"
                + " [\"run\",\"--catalog\",\"prod\"]");
  }

  @Test
  void aFieldMissingOnTheServerIsAChangeUnlessTheBundleLeavesItEmpty() {
    JsonNode desired =
        json(
            "{'description':'d','tags':{},'queue':{'enabled':false},'x':'',"
                + "'schedule':{'pause_status':'PAUSED','timezone_id':''}}");
    JsonNode deployed = json("{}");

    assertThat(JobDiff.between(desired, deployed))
        .extracting(Change::format)
        .containsExactly(
            "$.description: (absent) → \"d\"", "$.schedule.pause_status: (absent) → \"PAUSED\"");
  }

  @Test
  void numbersCompareByValue() {
    assertThat(JobDiff.between(json("{'n':1}"), json("{'n':1.0}"))).isEmpty();
  }

  @Test
  void anUnresolvedReferenceMatchesAnyText() {
    JsonNode desired = json("{'name':'[dev ${workspace.current_user.short_name}] p'}");

    assertThat(JobDiff.between(desired, json("{'name':'[dev jane] p'}"))).isEmpty();
    assertThat(JobDiff.between(desired, json("{'name':'[prod] p'}"))).hasSize(1);
  }

  private static JsonNode json(String singleQuoted) {
    try {
      return JSON.readTree(singleQuoted.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
