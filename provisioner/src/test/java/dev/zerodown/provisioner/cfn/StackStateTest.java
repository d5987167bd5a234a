package dev.zerodown.provisioner.cfn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StackStateTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "NULL", value = {
      "NULL, ABSENT",
      "DELETE_COMPLETE, ABSENT",
      "REVIEW_IN_PROGRESS, REVIEW",
      "CREATE_COMPLETE, STABLE",
      "UPDATE_COMPLETE, STABLE",
      "UPDATE_ROLLBACK_COMPLETE, STABLE",
      "IMPORT_COMPLETE, STABLE",
      "CREATE_IN_PROGRESS, BUSY",
      "UPDATE_IN_PROGRESS, BUSY",
      "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, BUSY",
      "UPDATE_ROLLBACK_IN_PROGRESS, BUSY",
      "ROLLBACK_IN_PROGRESS, BUSY",
      "DELETE_IN_PROGRESS, BUSY",
      "ROLLBACK_COMPLETE, ROLLED_BACK_CREATE",
      "CREATE_FAILED, BROKEN",
      "ROLLBACK_FAILED, BROKEN",
      "UPDATE_ROLLBACK_FAILED, BROKEN",
      "DELETE_FAILED, BROKEN",
      "CREATE_PENDING, BROKEN",
  })
  void classifies_every_stack_status(String status, StackState expected) {
    assertThat(StackState.of(status)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} succeeded: {1}")
  @CsvSource({
      "CREATE_COMPLETE, true", "UPDATE_COMPLETE, true", "DELETE_COMPLETE, true", "IMPORT_COMPLETE, true",
      "ROLLBACK_COMPLETE, false", "UPDATE_ROLLBACK_COMPLETE, false", "DELETE_FAILED, false", "CREATE_IN_PROGRESS, false",
  })
  void only_complete_forward_operations_count_as_success(String status, boolean ok) {
    assertThat(StackState.succeeded(status)).isEqualTo(ok);
  }
}
