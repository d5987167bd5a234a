package dev.zerodown.provisioner.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.console.Json;
import dev.zerodown.provisioner.replay.AwsReplay;
import dev.zerodown.provisioner.replay.Clients;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code scale} shows of a group that target tracking has scaled, against recorded Auto Scaling responses
 * replayed on a loopback socket (replay/scale-activities.txt): moto creates no scaling policies and records no
 * scaling activities, so this is where the policies' targets and the activities' causes are read.
 */
class ScaleReplayTest {
  @RegisterExtension final AwsReplay aws = AwsReplay.forEachTest().scenario("/replay/scale-activities.txt");
  private AutoScalingGateway autoScaling;

  @BeforeEach
  void client() {
    autoScaling = new AutoScalingGateway(Clients.autoScaling(aws.endpoint()));
  }

  private ScaleReport read() {
    return Scaling.read(autoScaling, "zerodown-dev-web", "web-dev",
        Map.of("TargetRequestsPerInstance", "3000", "TargetCpuUtilization", "60", "WebMinSize", "2"));
  }

  @Test
  void shows_the_sizes_both_policies_with_their_targets_and_the_activities_newest_first_with_their_causes() {
    ScaleReport r = read();

    assertThat(r.min()).isEqualTo(2);
    assertThat(r.max()).isEqualTo(6);
    assertThat(r.desired()).isEqualTo(3);
    assertThat(r.inService()).isEqualTo(3);
    assertThat(r.policies()).extracting(AutoScalingGateway.Policy::metric)
        .containsExactly("ALBRequestCountPerTarget", "ASGAverageCPUUtilization");
    assertThat(r.policies().get(0).resourceLabel())
        .isEqualTo("app/alb-web-dev/50dc6c495c0c9188/targetgroup/tg-web-dev/f27e237b48261609");
    assertThat(r.activities()).hasSize(3);
    assertThat(r.activities().get(0).start()).isEqualTo(Instant.parse("2026-11-30T10:14:33.412Z"));
    assertThat(r.activities().get(2).end()).isNull();
    assertThat(r.lines()).containsExactly(
        "web group web-dev: min 2, max 6, desired 3 (3 in service)",
        "Scaling policies",
        "  zerodown-dev-web-RequestCountScalingPolicy-1Q2W3E4R5T6Y  target tracking  ALBRequestCountPerTarget  target 3000"
            + " requests per instance per minute",
        "  zerodown-dev-web-CpuScalingPolicy-7U8I9O0P1A2S  target tracking  ASGAverageCPUUtilization  target 60 % average CPU",
        "Recent scaling activities (newest first)",
        "  2026-11-30 10:14:33Z  Successful  Launching a new EC2 instance: i-0ddd4444dddd4444d",
        "      cause: At 2026-11-30T10:14:27Z a monitor alarm TargetTracking-web-dev-AlarmHigh-5d6e7f8a9b0c in state ALARM "
            + "triggered policy zerodown-dev-web-RequestCountScalingPolicy-1Q2W3E4R5T6Y changing the desired capacity from 2 "
            + "to 3.  At 2026-11-30T10:14:31Z an instance was started in response to a difference between desired and "
            + "actual capacity, increasing the capacity from 2 to 3.",
        "  2026-11-29 22:41:12Z  Successful  Terminating EC2 instance: i-0ccc3333cccc3333c",
        "      cause: At 2026-11-29T22:41:05Z a monitor alarm TargetTracking-web-dev-AlarmLow-5d6e7f8a9b0c in state ALARM "
            + "triggered policy zerodown-dev-web-RequestCountScalingPolicy-1Q2W3E4R5T6Y changing the desired capacity from 3 "
            + "to 2.  At 2026-11-29T22:41:12Z an instance was taken out of service in response to a difference between "
            + "desired and actual capacity, shrinking the capacity from 3 to 2.  At 2026-11-29T22:41:12Z instance "
            + "i-0ccc3333cccc3333c was selected for termination.",
        "  2026-11-29 18:02:51Z  MidLifecycleAction  Launching a new EC2 instance: i-0ccc3333cccc3333c",
        "      cause: At 2026-11-29T18:02:44Z a monitor alarm TargetTracking-web-dev-AlarmHigh-1c2d3e4f5a6b in state ALARM "
            + "triggered policy zerodown-dev-web-CpuScalingPolicy-7U8I9O0P1A2S changing the desired capacity from 2 to 3.  "
            + "At 2026-11-29T18:02:49Z an instance was started in response to a difference between desired and actual "
            + "capacity, increasing the capacity from 2 to 3.");
  }

  @Test
  void asks_for_the_groups_policies_and_a_bounded_page_of_its_activities() {
    read();

    assertThat(aws.calls("DescribePolicies")).hasSize(1);
    assertThat(aws.calls("DescribePolicies").get(0).params()).containsEntry("AutoScalingGroupName", "web-dev");
    assertThat(aws.calls("DescribeScalingActivities")).hasSize(1);
    assertThat(aws.calls("DescribeScalingActivities").get(0).params()).containsEntry("AutoScalingGroupName", "web-dev")
        .containsEntry("MaxRecords", String.valueOf(Scaling.ACTIVITIES));
  }

  @Test
  void the_json_report_carries_the_targets_and_the_causes() {
    String json = Json.write(read().document());

    assertThat(json).contains("\"max\": 6", "\"desired\": 3", "\"metric\": \"ALBRequestCountPerTarget\"", "\"target\": 3000.0",
        "\"status\": \"MidLifecycleAction\"", "\"end\": null", "\"start\": \"2026-11-30T10:14:33.412Z\"",
        "changing the desired capacity from 3 to 2", "\"change\": null");
  }
}
