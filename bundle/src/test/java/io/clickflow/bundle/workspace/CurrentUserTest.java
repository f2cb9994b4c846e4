package io.clickflow.bundle.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CurrentUserTest {
  @ParameterizedTest
  @CsvSource({
    "jane.doe@example.com, Jane Doe, jane_doe",
    "Jane-Doe+ci@example.com, , jane_doe_ci",
    "0a1b2c3d-0000-4000-8000-123456789abc, Deploy Bot, deploy_bot",
    "0a1b2c3d-0000-4000-8000-123456789abc, , 0a1b2c3d_0000_4000_8000_123456789abc"
  })
  void shortNameFollowsTheDatabricksCli(String userName, String displayName, String shortName) {
    assertThat(new CurrentUser(userName, displayName).shortName()).isEqualTo(shortName);
  }
}
