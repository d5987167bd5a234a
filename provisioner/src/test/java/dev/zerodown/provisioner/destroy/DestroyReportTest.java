package dev.zerodown.provisioner.destroy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.console.Json;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What destroy prints once its stacks are deleted or left: the lines and the exit-6 message (asserted through the
 * command line against moto and replayed CloudFormation in DeployLifecycleTest and ReplayedDestroyTest), and the
 * JSON document, whose keys come in one order on every run.
 */
class DestroyReportTest {
  private static final String SG = "AWS::EC2::SecurityGroup";

  private static StackEvent failed(String logicalId, String reason) {
    return new StackEvent("e-" + logicalId, Instant.parse("2026-11-25T10:00:00Z"), "zerodown-dev-web", logicalId, SG,
        "DELETE_FAILED", reason);
  }

  @Test
  void the_json_document_gives_deleted_leftovers_and_resources_in_that_order() {
    Map<String, String> leftovers = new LinkedHashMap<>();
    leftovers.put("zerodown-dev-network", "DELETE_FAILED");
    DestroyReport r = new DestroyReport("dev", true, List.of("zerodown-dev-web"), leftovers,
        List.of("VPC vpc-0a1b (made by zerodown-dev-network)"), List.of());
    assertThat(Json.write(r.document())).isEqualTo("""
        {
          "deleted": [
            "zerodown-dev-web"
          ],
          "leftovers": {
            "zerodown-dev-network": "DELETE_FAILED"
          },
          "resources": [
            "VPC vpc-0a1b (made by zerodown-dev-network)"
          ]
        }""");
  }

  @Test
  void with_no_stack_to_delete_leftovers_is_still_an_object() {
    DestroyReport r = new DestroyReport("dev", false, List.of(), Map.of(), List.of(), List.of());
    assertThat(Json.write(r.document())).isEqualTo("{\n  \"deleted\": [],\n  \"leftovers\": {},\n  \"resources\": []\n}");
    assertThat(r.complete()).isTrue();
    assertThat(r.lines()).isEmpty();
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void every_stack_deleted_is_one_green_line_and_nothing_on_standard_error() {
    DestroyReport r = new DestroyReport("dev", true, List.of("zerodown-dev-web", "zerodown-dev-artifacts"), Map.of(),
        List.of(), List.of());
    assertThat(r.lines()).containsExactly("Destroyed zerodown-dev: 2 stacks deleted");
    assertThat(r.complete()).isTrue();
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void a_resource_that_failed_twice_is_listed_once_with_the_retain_command_that_gets_past_it() {
    DestroyReport r = new DestroyReport("dev", true, List.of(), Map.of("zerodown-dev-web", "DELETE_FAILED: SG busy"),
        List.of(), List.of(failed("WebSecurityGroup", "has a dependent object"), failed("WebSecurityGroup", "again"),
            failed("WebRole", "in use")));
    assertThat(r.lines()).isEmpty();
    assertThat(r.problems()).containsExactly("Left behind:", "  zerodown-dev-web  DELETE_FAILED: SG busy",
        "Deletion failed twice for these resources:", "  WebSecurityGroup (" + SG + "): has a dependent object",
        "  WebRole (" + SG + "): in use",
        "To delete the stacks and keep these resources (then delete them yourself), run: destroy "
            + "--retain WebSecurityGroup --retain WebRole");
    UserException e = r.failure(Optional.empty());
    assertThat(e.exitCode()).isEqualTo(ExitCode.PARTIAL_DESTROY);
    assertThat(e.getMessage())
        .isEqualTo("destroy incomplete: 1 stack left behind (listed above); fix the cause and run destroy again");
  }

  @Test
  void named_resources_left_without_a_stack_say_to_reset_the_emulator_or_to_delete_them_by_hand() {
    DestroyReport r = new DestroyReport("dev", false, List.of(), Map.of(), List.of("target group tg-web-dev"),
        List.of());
    assertThat(r.problems()).containsExactly("Still there, named for zerodown-dev (no stack deletes them any more; "
        + "the next deploy fails on their names):", "  target group tg-web-dev");
    assertThat(r.failure(Optional.of(URI.create("http://127.0.0.1:5000/"))).getMessage()).isEqualTo(
        "destroy incomplete: 1 resource of zerodown-dev left without a stack (listed above): against an emulator, "
            + "reset it (moto: curl -X POST http://127.0.0.1:5000/moto-api/reset)");
    assertThat(r.failure(Optional.empty()).getMessage()).isEqualTo("destroy incomplete: 1 resource of zerodown-dev "
        + "left without a stack (listed above): delete them in the AWS console or with the AWS CLI");
  }
}
