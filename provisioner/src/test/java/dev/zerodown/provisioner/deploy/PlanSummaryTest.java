package dev.zerodown.provisioner.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.cfn.ChangeSet;
import dev.zerodown.provisioner.cfn.ResourceChange;
import dev.zerodown.provisioner.cfn.StackDeployer.Action;
import dev.zerodown.provisioner.cfn.StackDeployer.Prepared;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** plan's last line says of each stack what its listing said: the change set's count, never "update" over "0 changes". */
class PlanSummaryTest {
  private static Prepared planned(boolean create, int changes) {
    List<ResourceChange> list = java.util.stream.IntStream.range(0, changes)
        .mapToObj(i -> new ResourceChange("Modify", "R" + i, "AWS::S3::Bucket", "False", List.of())).toList();
    return new Prepared(null, Action.PLANNED, create, "cs", null,
        Optional.of(new ChangeSet("zerodown-dev-network", "cs", "CREATE_COMPLETE", null, list)), null);
  }

  @Test
  void a_change_set_that_listed_nothing_is_summarised_as_0_changes() {
    assertThat(Deployment.planned(planned(false, 0))).isEqualTo("0 changes");
  }

  @Test
  void counts_follow_the_listing() {
    assertThat(Deployment.planned(planned(false, 1))).isEqualTo("1 change");
    assertThat(Deployment.planned(planned(false, 3))).isEqualTo("3 changes");
    assertThat(Deployment.planned(planned(true, 2))).isEqualTo("create (2 changes)");
  }

  @Test
  void up_to_date_and_direct_mode() {
    assertThat(Deployment.planned(new Prepared(null, Action.UP_TO_DATE, false, null, null, Optional.empty(), null)))
        .isEqualTo("up to date");
    assertThat(Deployment.planned(new Prepared(null, Action.PLANNED, false, null, null, Optional.empty(), null)))
        .isEqualTo("update");
    assertThat(Deployment.planned(new Prepared(null, Action.PLANNED, true, null, null, Optional.empty(), null)))
        .isEqualTo("create");
  }
}
