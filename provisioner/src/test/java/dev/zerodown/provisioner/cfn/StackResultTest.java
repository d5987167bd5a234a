package dev.zerodown.provisioner.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A stack operation's outcome: succeeded, nothing to change, or failed — never two of them. */
class StackResultTest {
  @Test
  void a_stack_with_nothing_to_change_is_neither_succeeded_nor_failed() {
    StackResult r = StackResult.upToDate("zerodown-dev-web", Optional.empty());
    assertThat(r.upToDate()).isTrue();
    assertThat(r.ok()).isFalse();
    assertThat(r.failed()).isFalse();
  }

  @Test
  void an_update_that_completed_succeeded() {
    StackResult r = new StackResult("zerodown-dev-web", "UPDATE_COMPLETE", Optional.empty(), List.of());
    assertThat(r.ok()).isTrue();
    assertThat(r.failed()).isFalse();
    assertThat(r.upToDate()).isFalse();
  }

  @Test
  void an_update_rolled_back_failed() {
    StackResult r = new StackResult("zerodown-dev-web", "UPDATE_ROLLBACK_COMPLETE", Optional.empty(), List.of());
    assertThat(r.failed()).isTrue();
    assertThat(r.ok()).isFalse();
  }

  @Test
  void a_failure_event_without_a_reason_is_listed_without_one() {
    StackEvent e = new StackEvent("1", Instant.parse("2026-12-02T16:00:00Z"), "zerodown-dev-web", "zerodown-dev-web",
        "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_FAILED", null, null);
    StackResult r = new StackResult("zerodown-dev-web", "UPDATE_ROLLBACK_FAILED", Optional.empty(), List.of(e));
    assertThat(r.reasons()).containsExactly("zerodown-dev-web (AWS::CloudFormation::Stack) UPDATE_ROLLBACK_FAILED");
  }
}
