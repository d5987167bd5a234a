package dev.zerodown.provisioner.scale;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** scale changes only a settled web stack; a failed one gets the command that gets it out, not a circle. */
class ScaleStateTest {
  private static final Function<String, String> HINT = verb -> "java -jar provisioner.jar " + verb + " --env dev";

  private static StackInfo web(String status) {
    return new StackInfo("zerodown-dev-web", "arn:aws:cloudformation:eu-west-3:123456789012:stack/zerodown-dev-web/1",
        status, null, Map.of(), Map.of(), Instant.EPOCH);
  }

  @Test
  void an_update_rollback_failed_stack_is_sent_to_continue_rollback() {
    assertThatThrownBy(() -> Scaling.requireSettled(web("UPDATE_ROLLBACK_FAILED"), HINT))
        .isInstanceOf(UserException.class)
        .hasMessage("zerodown-dev-web is UPDATE_ROLLBACK_FAILED: run java -jar provisioner.jar continue-rollback --env dev"
            + " (add --skip ID for a resource that cannot be rolled back), then run scale again")
        .extracting(e -> ((UserException) e).exitCode()).isEqualTo(ExitCode.PRECONDITION);
  }

  @Test
  void a_stack_still_changing_is_busy_and_a_complete_one_may_be_scaled() {
    assertThatThrownBy(() -> Scaling.requireSettled(web("UPDATE_IN_PROGRESS"), HINT))
        .extracting(e -> ((UserException) e).exitCode()).isEqualTo(ExitCode.STACK_BUSY);
    assertThatCode(() -> Scaling.requireSettled(web("UPDATE_COMPLETE"), HINT)).doesNotThrowAnyException();
  }
}
