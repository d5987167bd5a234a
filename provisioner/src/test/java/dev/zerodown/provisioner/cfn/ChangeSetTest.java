package dev.zerodown.provisioner.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeSetTest {

  @Test
  void failed_change_set_without_changes_is_up_to_date_not_a_failure() {
    ChangeSet empty = new ChangeSet("s", "c", "FAILED",
        "The submitted information didn't contain changes. Submit different information to create a change set.",
        List.of(new ResourceChange("Modify", "Spurious", "AWS::S3::Bucket", "False", List.of())));
    assertThat(empty.empty()).isTrue();
    assertThat(empty.failed()).isFalse();
  }

  @Test
  void failed_change_set_with_another_reason_is_a_failure() {
    ChangeSet bad = new ChangeSet("s", "c", "FAILED", "No export named zerodown-dev-network-VpcId found", List.of());
    assertThat(bad.empty()).isFalse();
    assertThat(bad.failed()).isTrue();
  }
}
