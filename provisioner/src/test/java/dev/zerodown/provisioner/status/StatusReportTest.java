package dev.zerodown.provisioner.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.cfn.DriftDetection;
import dev.zerodown.provisioner.cfn.ResourceDrift;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.environment.Endpoints;
import dev.zerodown.provisioner.environment.StackPart;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StatusReportTest {
  private static final Function<String, String> COMMAND = verb -> "java -jar provisioner.jar " + verb;
  private final Console plain = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
      Cli.host(), false, false, false, false);

  @Test
  void stacks_left_failed_show_in_the_json_as_they_are_and_the_failure_names_each_way_out() {
    StatusReport r = report(Map.of(StackPart.NETWORK, "UPDATE_ROLLBACK_COMPLETE", StackPart.BASTION, "DELETE_FAILED",
        StackPart.WEB, "UPDATE_ROLLBACK_FAILED"));

    @SuppressWarnings("unchecked") Map<String, Object> stacks = (Map<String, Object>) r.document().get("stacks");
    assertThat(stacks.keySet()).containsExactly("zerodown-dev-artifacts", "zerodown-dev-network", "zerodown-dev-bastion",
        "zerodown-dev-database", "zerodown-dev-web");
    assertThat(stacks.get("zerodown-dev-web")).isEqualTo(Map.of("status", "UPDATE_ROLLBACK_FAILED", "outputs", Map.of()));
    assertThat(stacks.get("zerodown-dev-database")).isEqualTo(Map.of("status", "NOT_DEPLOYED", "outputs", Map.of()));
    assertThat(r.document()).containsEntry("web", null).containsEntry("bastion", null);
    assertThat(r.failure(COMMAND)).contains("zerodown-dev-bastion is DELETE_FAILED: delete it with java -jar "
        + "provisioner.jar destroy (or `aws cloudformation delete-stack --stack-name zerodown-dev-bastion`); "
        + "zerodown-dev-web is UPDATE_ROLLBACK_FAILED: run java -jar provisioner.jar continue-rollback (add --skip ID "
        + "for a resource that cannot be rolled back)");
  }

  @Test
  void a_stack_rolled_back_to_a_stable_state_is_no_failure() {
    assertThat(report(Map.of(StackPart.WEB, "UPDATE_ROLLBACK_COMPLETE", StackPart.NETWORK, "ROLLBACK_COMPLETE"))
        .failure(COMMAND)).isEmpty();
  }

  @Test
  void nothing_deployed_is_every_stack_not_deployed_and_one_line_naming_deploy() {
    StatusReport r = report(Map.of());

    assertThat(r.deployed()).isFalse();
    assertThat(r.lines(plain, COMMAND)).containsExactly("zerodown-dev (eu-west-3)", "Stacks",
        "  zerodown-dev-artifacts  not deployed",
        "  zerodown-dev-network    not deployed",
        "  zerodown-dev-bastion    not deployed",
        "  zerodown-dev-database   not deployed",
        "  zerodown-dev-web        not deployed",
        "Nothing deployed for environment dev: run java -jar provisioner.jar deploy");
  }

  @Test
  void a_failed_drift_detection_names_its_reason_and_a_drifted_resource_lists_each_property_that_differs() {
    assertThat(StatusReport.driftLine(plain, new Drift.StackDrift("zerodown-dev-web",
        new DriftDetection("DETECTION_FAILED", "UNKNOWN", "Failed to detect drift on resource [Dashboard]"))))
        .isEqualTo("  zerodown-dev-web  UNKNOWN (detection failed: Failed to detect drift on resource [Dashboard])");
    assertThat(StatusReport.driftLine(plain, new Drift.StackDrift("zerodown-dev-web",
        new DriftDetection("DETECTION_IN_PROGRESS", null, null))))
        .isEqualTo("  zerodown-dev-web  drift detection still running after 10m");
    assertThat(StatusReport.driftResourceLine(new ResourceDrift("WebSecurityGroupIngress", "AWS::EC2::SecurityGroupIngress",
        "MODIFIED", List.of(new ResourceDrift.Difference("/FromPort", "80", "8080"),
            new ResourceDrift.Difference("/ToPort", "80", "8080")))))
        .isEqualTo("    WebSecurityGroupIngress (AWS::EC2::SecurityGroupIngress) MODIFIED; /FromPort: 80 -> 8080; "
            + "/ToPort: 80 -> 8080");
  }

  /** Environment dev in eu-west-3 with the given stacks (no parameters, outputs or groups), the others not deployed. */
  private static StatusReport report(Map<StackPart, String> statuses) {
    Map<StackPart, Optional<StackInfo>> stacks = new EnumMap<>(StackPart.class);
    for (StackPart p : StackPart.values()) {
      stacks.put(p, Optional.ofNullable(statuses.get(p)).map(s -> new StackInfo(p.stackName("dev"),
          "arn:aws:cloudformation:eu-west-3:123456789012:stack/" + p.stackName("dev") + "/1", s, null, Map.of(), Map.of(),
          null)));
    }
    Endpoints none = Endpoints.from("dev", "eu-west-3", Map.of(), Optional.empty(), List.of(), false);
    return new StatusReport("dev", "eu-west-3", stacks, Optional.empty(), List.of(), Optional.empty(), List.of(), Map.of(),
        Optional.empty(), List.of(), none);
  }
}
