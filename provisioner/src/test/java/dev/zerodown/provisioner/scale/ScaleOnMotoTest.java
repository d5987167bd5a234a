package dev.zerodown.provisioner.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.e2e.MotoAccount;
import dev.zerodown.provisioner.error.ExitCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/**
 * scale against an environment deployed into moto_server with the real templates: the size change reaches the web
 * stack's parameters and the group, and scale shows it. moto creates no scaling policies and records no scaling
 * activities (docs/aws-emulator.md): those are ScalingTemplateTest (the template) and ScaleReplayTest (the replies).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ScaleOnMotoTest {
  @RegisterExtension
  static final MotoAccount moto = MotoAccount.forTheClass();

  @BeforeAll
  static void deploy() {
    Result r = Cli.run(moto.deployDirect());
    assertThat(r.code()).as(r.toString()).isZero();
  }

  private static String[] args(String verb, String... rest) {
    return moto.args(verb, rest);
  }

  private static StackInfo web() {
    return moto.cfn().describe("zerodown-dev-web").orElseThrow();
  }

  private static AutoScalingGroup group() {
    return moto.aws().autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("web-dev")).autoScalingGroups().get(0);
  }

  private static Map<String, String> without(Map<String, String> p, String... keys) {
    Map<String, String> m = new HashMap<>(p);
    for (String k : keys) m.remove(k);
    return m;
  }

  @Test
  void scale_min_2_max_5_updates_only_the_sizes_then_scale_shows_them_and_deploy_keeps_them() {
    Map<String, String> before = web().parameters();
    assertThat(before).containsEntry("WebMinSize", "2").containsEntry("WebMaxSize", "4");

    Result r = Cli.run(args("scale", "--min", "2", "--max", "5", "--method", "direct", "--yes"));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("zerodown-dev-web: min 2 -> 2, max 4 -> 5 (WebMinSize and WebMaxSize; the template and "
        + "every other parameter as deployed)", "zerodown-dev-web UPDATE_COMPLETE: min 2 -> 2, max 4 -> 5",
        "web group web-dev: min 2, max 5, desired 2 (2 in service)");
    StackInfo after = web();
    assertThat(after.status()).isEqualTo("UPDATE_COMPLETE");
    assertThat(after.parameters()).containsEntry("WebMinSize", "2").containsEntry("WebMaxSize", "5");
    assertThat(without(after.parameters(), "WebMaxSize")).isEqualTo(without(before, "WebMaxSize"));
    AutoScalingGroup g = group();
    assertThat(List.of(g.minSize(), g.maxSize(), g.desiredCapacity())).containsExactly(2, 5, 2);

    Result shown = Cli.run(args("scale"));
    assertThat(shown.code()).as(shown.toString()).isZero();
    assertThat(shown.out()).isEqualTo(String.join("\n",
        "web group web-dev: min 2, max 5, desired 2 (2 in service)",
        "Scaling policies",
        "  none reported by Auto Scaling (the web stack asks for 3000 requests per instance per minute and 60 % average CPU)",
        "Recent scaling activities (newest first)",
        "  none", ""));

    Result json = Cli.run(args("scale", "--output", "json"));
    assertThat(json.code()).as(json.toString()).isZero();
    assertThat(json.out().strip()).startsWith("{").endsWith("}").contains("\"min\": 2", "\"max\": 5", "\"desired\": 2",
        "\"policies\": []", "\"activities\": []");

    var changed = web().lastChanged();
    Result same = Cli.run(args("scale", "--min", "2", "--max", "5", "--method", "direct", "--yes"));
    assertThat(same.code()).as(same.toString()).isZero();
    assertThat(same.out()).startsWith("zerodown-dev-web already has min 2, max 5: nothing to change\n");
    assertThat(web().lastChanged()).isEqualTo(changed);

    Result again = Cli.run(moto.deployDirect());
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("web group min 2, max 5 (as deployed; --web-min-size and --web-max-size, or scale, "
        + "change them)", "zerodown-dev-web: up to date");
    assertThat(group().maxSize()).isEqualTo(5);
  }

  @Test
  void scale_without_a_terminal_or_yes_changes_nothing() {
    var changed = web().lastChanged();
    Map<String, String> before = web().parameters();

    Result r = Cli.run(args("scale", "--min", "3", "--max", "7", "--method", "direct"));

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.NOT_CONFIRMED);
    assertThat(r.err()).isEqualTo("error: no terminal to confirm the size change: pass --yes to proceed without prompts\n");
    assertThat(web().lastChanged()).isEqualTo(changed);
    assertThat(web().parameters()).isEqualTo(before);
  }

  @Test
  void scale_of_an_environment_that_is_not_deployed_says_what_to_run() {
    Result r = Cli.run(args("scale", "--env", "nothere"));
    assertThat(r.code()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err()).isEqualTo("error: zerodown-nothere-web is not deployed: run java -jar provisioner.jar deploy "
        + "--env nothere --endpoint-url " + moto.endpoint() + " first\n");
  }

  @Test
  void a_lone_max_not_above_the_deployed_min_is_refused_naming_the_other_option() {
    var changed = web().lastChanged();

    Result r = Cli.run(args("scale", "--max", "2", "--method", "direct", "--yes"));

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err()).isEqualTo("error: --max 2 is not above the deployed minimum 2: pass --min too (a rolling update "
        + "adds its new instance before an old one leaves)\n");
    assertThat(web().lastChanged()).isEqualTo(changed);
  }

  @Test
  void scale_max_alone_keeps_the_deployed_minimum() {
    // an environment of its own, so that the other tests see dev's sizes as they left them
    Result deployed = Cli.run(moto.deployDirect("--env", "onesize"));
    assertThat(deployed.code()).as(deployed.toString()).isZero();

    Result r = Cli.run(args("scale", "--env", "onesize", "--max", "6", "--method", "direct", "--yes"));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("zerodown-onesize-web: min 2 -> 2, max 4 -> 6 (WebMinSize and WebMaxSize; the template "
        + "and every other parameter as deployed)", "web group web-onesize: min 2, max 6, desired 2 (2 in service)");
    assertThat(moto.cfn().describe("zerodown-onesize-web").orElseThrow().parameters())
        .containsEntry("WebMinSize", "2").containsEntry("WebMaxSize", "6");
  }
}
