package dev.zerodown.provisioner.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.aws.LoadBalancingGateway;
import dev.zerodown.provisioner.aws.SsmGateway;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.fleet.Fleet;
import dev.zerodown.provisioner.probe.FakeFleet;
import dev.zerodown.provisioner.probe.Probe;
import dev.zerodown.provisioner.probe.Prober;
import dev.zerodown.provisioner.replay.AwsReplay;
import dev.zerodown.provisioner.replay.Clients;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The drill's timing and decisions against recorded AWS responses replayed on a real loopback socket
 * ({@link AwsReplay}), because moto shows every target healthy at once and has no health-check timing.
 * The probed "load balancer" is a loopback stand-in whose rotation follows the replayed target health.
 */
class DrillReplayTest {
  static final String A = "i-0aaa1111aaaa1111a";
  static final String B = "i-0bbb2222bbbb2222b";
  static final String C = "i-0ccc3333cccc3333c";
  static final String D = "i-0ddd4444dddd4444d";
  static final String E = "i-0eee5555eeee5555e";
  static final String TG = "arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/tg-web-dev/f27e237b48261609";
  static final Duration POLL = Duration.ofMillis(60);

  @RegisterExtension final AwsReplay aws = AwsReplay.forEachTest();
  @RegisterExtension final FakeFleet lb = FakeFleet.forEachTest(A, B);
  private final List<String> events = new CopyOnWriteArrayList<>();

  private Drill drill(Takedown takedown, Duration timeout) {
    Fleet fleet = new Fleet(new AutoScalingGateway(Clients.autoScaling(aws.endpoint())),
        new LoadBalancingGateway(Clients.elb(aws.endpoint())), "web-dev", TG);
    Drill.Timing timing = new Drill.Timing(Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofMillis(200),
        POLL, Duration.ofMillis(100), timeout);
    return new Drill(fleet, takedown, new Prober(lb.url(), Duration.ofSeconds(2)), timing, events::add);
  }

  @Test
  void terminate_reports_failures_after_the_kill_and_the_replacement_healthy_at_the_recorded_poll() throws Exception {
    aws.scenario("/replay/drill-terminate.txt");
    // The stand-in load balancer follows the recording: the victim answers 502 from the kill until the
    // target group drains it (pair 3), the replacement joins when the target group reports it healthy (pair 6).
    aws.onCall("TerminateInstanceInAutoScalingGroup", n -> lb.answer(A, FakeFleet.Answer.BAD_GATEWAY));
    aws.onCall("DescribeTargetHealth", n -> {
      if (n == 3) lb.remove(A);
      if (n == 6) lb.add(C);
    });
    Drill drill = drill(new Takedown.Terminate(new AutoScalingGateway(Clients.autoScaling(aws.endpoint()))), Duration.ofSeconds(20));

    Drill.Plan plan = drill.plan(Optional.empty());
    DrillReport report = drill.run(plan, -1);

    assertThat(plan.victim()).isEqualTo(A);
    var terminate = aws.calls("TerminateInstanceInAutoScalingGroup");
    assertThat(terminate).hasSize(1);
    assertThat(terminate.get(0).params()).containsEntry("InstanceId", A)
        .containsEntry("ShouldDecrementDesiredCapacity", "false");
    assertThat(report.actionId()).isEqualTo("5e3f9d2c-1c3e-4a7e-9d55-0a3f0c6a2b11");

    ReplacementWatch.Outcome o = report.outcome();
    assertThat(o.recovered()).isTrue();
    assertThat(o.replacement()).hasValue(C);
    // The watch reads the fleet right after the kill, then every POLL: healthy is seen on the 5th read,
    // so at least 4 polls after the kill; it stops reading there (1 plan read + 5 watch reads).
    assertThat(aws.calls("DescribeAutoScalingGroups")).hasSize(6);
    assertThat(o.replacementHealthy().orElseThrow()).isGreaterThanOrEqualTo(POLL.multipliedBy(4));
    assertThat(o.replacementInService().orElseThrow()).isGreaterThanOrEqualTo(POLL.multipliedBy(3))
        .isLessThan(o.replacementHealthy().orElseThrow());
    assertThat(o.victimOut().orElseThrow()).isLessThan(o.replacementInService().orElseThrow());

    FailureWindow w = report.window();
    assertThat(w.failed()).isPositive();
    assertThat(w.failedBeforeKill()).isZero();
    assertThat(report.failedProbes()).extracting(Probe::error).containsOnly("HTTP 502");
    assertThat(w.firstAfterKill().orElseThrow()).isGreaterThanOrEqualTo(Duration.ZERO);
    assertThat(w.lastAfterKill().orElseThrow()).isLessThan(o.replacementHealthy().orElseThrow());
    assertThat(report.text()).contains("RECOVERED: " + C).contains("HTTP 502 ×" + w.failed());
    assertThat(events).anyMatch(e -> e.contains(A + "  InService/healthy → Terminating/draining"))
        .anyMatch(e -> e.contains(C + "  InService/initial → InService/healthy"));
  }

  @Test
  void a_replacement_whose_launch_is_abandoned_is_reported_and_the_drill_ends_not_recovered_at_the_deadline() throws Exception {
    aws.scenario("/replay/drill-replacement-abandoned.txt");
    aws.onCall("DescribeTargetHealth", n -> {
      if (n == 2) lb.remove(A);
    });
    Drill drill = drill(new Takedown.Terminate(new AutoScalingGateway(Clients.autoScaling(aws.endpoint()))), Duration.ofMillis(1500));

    DrillReport report = drill.run(drill.plan(Optional.empty()), -1);

    assertThat(report.recovered()).isFalse();
    assertThat(report.outcome().replacement()).as("the group's next replacement").hasValue(E);
    assertThat(report.outcome().replacementHealthy()).isEmpty();
    assertThat(events).anyMatch(e -> e.endsWith("  new instance " + C + " was terminated before it served: its launch was "
        + "abandoned; waiting for the group's next one"));
    assertThat(events).noneMatch(e -> e.contains("new instance " + E + " was terminated"));
    assertThat(aws.calls("DescribeAutoScalingGroups").size()).isGreaterThan(4);
    assertThat(report.text()).contains("NOT RECOVERED: no replacement was InService and healthy within 1.5 s");
  }

  @Test
  void stop_agent_sends_the_systemctl_command_through_ssm_and_waits_for_the_replacement() throws Exception {
    aws.scenario("/replay/drill-stop-agent.txt");
    aws.onCall("SendCommand", n -> lb.answer(A, FakeFleet.Answer.DROP_CONNECTION));
    aws.onCall("DescribeTargetHealth", n -> {
      if (n == 3) lb.remove(A);
      if (n == 7) lb.add(D);
    });
    Drill drill = drill(new Takedown.StopAgent(new SsmGateway(Clients.ssm(aws.endpoint()))), Duration.ofSeconds(20));

    DrillReport report = drill.run(drill.plan(Optional.of(A)), 0);

    var send = aws.calls("SendCommand");
    assertThat(send).hasSize(1);
    assertThat(send.get(0).body()).contains("\"DocumentName\":\"AWS-RunShellScript\"")
        .contains("\"InstanceIds\":[\"" + A + "\"]").contains("systemctl stop zerodown-agent");
    assertThat(report.recovered()).isTrue();
    assertThat(report.outcome().replacement()).hasValue(D);
    assertThat(report.outcome().victimOut().orElseThrow()).isGreaterThanOrEqualTo(POLL);
    assertThat(report.window().failed()).isPositive();
    assertThat(report.tooManyFailures()).isTrue();
    assertThat(report.text()).contains("FAILED: " + report.window().failed() + " requests failed, at most 0 allowed");
  }

  @Test
  void refuses_to_start_when_fewer_than_two_instances_serve() throws Exception {
    aws.scenario("/replay/drill-replacement-abandoned.txt");
    // Skip to the recorded state with one serving instance and one waiting in its launching hook.
    for (int i = 0; i < 3; i++) {
      drillFleet().snapshot();
    }
    Drill drill = drill(new Takedown.Terminate(new AutoScalingGateway(Clients.autoScaling(aws.endpoint()))), Duration.ofSeconds(5));
    assertThatThrownBy(() -> drill.plan(Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessage("a drill needs at least 2 instances InService and healthy in web-dev, found 1 ("
            + B + " InService/healthy, " + E + " Pending:Wait/absent): wait until the group is whole, then run it again");
    assertThat(aws.calls("TerminateInstanceInAutoScalingGroup")).isEmpty();
  }

  @Test
  void refuses_an_instance_that_is_not_serving() throws Exception {
    aws.scenario("/replay/drill-terminate.txt");
    Drill drill = drill(new Takedown.Terminate(new AutoScalingGateway(Clients.autoScaling(aws.endpoint()))), Duration.ofSeconds(5));
    assertThatThrownBy(() -> drill.plan(Optional.of(D)))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("--instance " + D + " is not InService and healthy in web-dev (");
  }

  @Test
  void stop_agent_on_an_instance_without_ssm_stops_with_a_one_line_reason_and_no_probe_left_running() throws Exception {
    aws.scenario("/replay/drill-terminate.txt");
    aws.add("SendCommand", 400, "{\"__type\":\"InvalidInstanceId\",\"message\":\"Instances [[" + A
        + "]] not in a valid state for account 123456789012\"}");
    Drill drill = drill(new Takedown.StopAgent(new SsmGateway(Clients.ssm(aws.endpoint()))), Duration.ofSeconds(20));

    assertThatThrownBy(() -> drill.run(drill.plan(Optional.empty()), -1))
        .isInstanceOf(UserException.class)
        .hasMessage(A + " is not managed by SSM, so its agent cannot be stopped remotely: deploy with --ssm-access, "
            + "or use --mode terminate");
    Thread.sleep(100); // a probe already on the wire may still land
    int requests = lb.requests();
    Thread.sleep(300);
    assertThat(lb.requests()).isEqualTo(requests);
    assertThat(aws.calls("DescribeAutoScalingGroups")).hasSize(1);
  }

  @Test
  void the_json_document_carries_the_window_and_the_replacement_times() throws Exception {
    aws.scenario("/replay/drill-terminate.txt");
    aws.onCall("TerminateInstanceInAutoScalingGroup", n -> lb.answer(A, FakeFleet.Answer.BAD_GATEWAY));
    aws.onCall("DescribeTargetHealth", n -> {
      if (n == 3) lb.remove(A);
      if (n == 6) lb.add(C);
    });
    Drill drill = drill(new Takedown.Terminate(new AutoScalingGateway(Clients.autoScaling(aws.endpoint()))),
        Duration.ofSeconds(20));

    var doc = drill.run(drill.plan(Optional.empty()), -1).document();

    assertThat(doc).containsEntry("mode", "terminate").containsEntry("victim", A).containsEntry("replacement", C)
        .containsEntry("recovered", true).containsEntry("failedBeforeKill", 0);
    assertThat((Long) doc.get("replacementHealthyAfterMs")).isGreaterThanOrEqualTo(POLL.multipliedBy(4).toMillis());
    assertThat((Long) doc.get("firstFailureAfterKillMs")).isNotNull().isLessThanOrEqualTo((Long) doc.get("lastFailureAfterKillMs"));
    assertThat(doc.get("failureKinds")).isEqualTo(java.util.Map.of("HTTP 502", ((Integer) doc.get("failed")).longValue()));
  }

  private Fleet drillFleet() {
    return new Fleet(new AutoScalingGateway(Clients.autoScaling(aws.endpoint())),
        new LoadBalancingGateway(Clients.elb(aws.endpoint())), "web-dev", TG);
  }
}
