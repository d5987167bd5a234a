package dev.zerodown.provisioner.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.fleet.FleetSnapshot;
import dev.zerodown.provisioner.fleet.Member;
import dev.zerodown.provisioner.rollout.RolloutTracker.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutTrackerTest {
  private final List<String> events = new ArrayList<>();

  private static Member m(String id, String lifecycle, String target) {
    return new Member(id, lifecycle, target, target.equals("unhealthy") ? "Target.ResponseCodeMismatch" : null);
  }

  private static FleetSnapshot fleet(Member... members) {
    return new FleetSnapshot(List.of(members));
  }

  private static Duration s(int seconds) {
    return Duration.ofSeconds(seconds);
  }

  @Test
  void one_at_a_time_replacement_completes_with_per_instance_times_and_never_fewer_than_two_serving() {
    RolloutTracker t = new RolloutTracker(fleet(m("i-a", "InService", "healthy"), m("i-b", "InService", "healthy")), events::add);
    assertThat(t.observe(s(5), "UPDATE_IN_PROGRESS", null, fleet(m("i-a", "InService", "healthy"),
        m("i-b", "InService", "healthy"), m("i-c", "Pending", "absent")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(60), "UPDATE_IN_PROGRESS", null, fleet(m("i-a", "InService", "healthy"),
        m("i-b", "InService", "healthy"), m("i-c", "InService", "healthy")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(70), "UPDATE_IN_PROGRESS", null, fleet(m("i-a", "Terminating", "draining"),
        m("i-b", "InService", "healthy"), m("i-c", "InService", "healthy")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(100), "UPDATE_IN_PROGRESS", null, fleet(m("i-b", "InService", "healthy"),
        m("i-c", "InService", "healthy"), m("i-d", "InService", "initial")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(130), "UPDATE_IN_PROGRESS", null, fleet(m("i-b", "Terminating", "draining"),
        m("i-c", "InService", "healthy"), m("i-d", "InService", "healthy")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(160), "UPDATE_COMPLETE", null, fleet(m("i-c", "InService", "healthy"),
        m("i-d", "InService", "healthy")))).isEqualTo(Verdict.COMPLETE);

    assertThat(t.minServing()).isEqualTo(2);
    List<InstanceProgress> p = t.instances();
    assertThat(p).extracting(InstanceProgress::instanceId).containsExactly("i-a", "i-b", "i-c", "i-d");
    InstanceProgress a = p.get(0);
    assertThat(a.replacement()).isFalse();
    assertThat(a.leftRotation()).hasValue(s(70));
    assertThat(a.gone()).hasValue(s(100));
    InstanceProgress c = p.get(2);
    assertThat(c.replacement()).isTrue();
    assertThat(c.seen()).hasValue(s(5));
    assertThat(c.inService()).hasValue(s(60));
    assertThat(c.healthy()).hasValue(s(60));
    InstanceProgress d = p.get(3);
    assertThat(d.inService()).hasValue(s(100));
    assertThat(d.healthy()).hasValue(s(130));
    assertThat(events).contains("+1 min 40 s  i-a  Terminating/draining → gone", "+5.0 s  i-c  Pending/absent  [new]");
  }

  private RolloutTracker tracker() {
    return new RolloutTracker(fleet(m("i-a", "InService", "healthy"), m("i-b", "InService", "healthy")), events::add);
  }

  private static FleetSnapshot withNew(Member c) {
    return fleet(m("i-a", "InService", "healthy"), m("i-b", "InService", "healthy"), c);
  }

  @Test
  void a_new_instance_in_its_launching_hook_and_initial_checks_is_not_judged() {
    RolloutTracker t = tracker();
    assertThat(t.observe(s(5), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "Pending", "absent")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(60), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "Pending:Wait", "absent")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(120), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "Pending:Proceed", "initial")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(130), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "InService", "initial")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(140), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "InService", "healthy")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.failure()).isEmpty();
  }

  @Test
  void a_new_instance_unhealthy_while_it_boots_without_a_hook_is_not_judged_within_the_boot_budget() {
    RolloutTracker t = tracker();
    t.observe(s(5), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "Pending", "initial")));
    assertThat(t.observe(s(40), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "InService", "unhealthy")))).isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(14 * 60), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "InService", "unhealthy"))))
        .isEqualTo(Verdict.RUNNING);
    assertThat(t.observe(s(14 * 60 + 30), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "InService", "healthy"))))
        .isEqualTo(Verdict.RUNNING);
    assertThat(t.failure()).isEmpty();
  }

  @Test
  void a_new_instance_terminated_before_it_served_fails_the_rollout() {
    RolloutTracker t = tracker();
    t.observe(s(5), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "Pending:Wait", "absent")));
    Verdict v = t.observe(s(150), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "Terminating", "absent")));
    assertThat(v).isEqualTo(Verdict.NEW_INSTANCE_FAILED);
    assertThat(t.failure()).hasValue("new instance i-c was terminated before it served (Terminating/absent): "
        + "its boot failed and its launch was abandoned");
  }

  @Test
  void a_new_instance_that_vanishes_before_it_served_fails_the_rollout() {
    RolloutTracker t = tracker();
    t.observe(s(5), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "Pending:Wait", "absent")));
    Verdict v = t.observe(s(150), "UPDATE_IN_PROGRESS", null, fleet(m("i-a", "InService", "healthy"), m("i-b", "InService", "healthy")));
    assertThat(v).isEqualTo(Verdict.NEW_INSTANCE_FAILED);
    assertThat(t.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("new instance i-c was terminated before it served (gone)"));
  }

  @Test
  void a_new_instance_unhealthy_after_it_had_been_healthy_fails_the_rollout() {
    RolloutTracker t = tracker();
    t.observe(s(5), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "InService", "healthy")));
    Verdict v = t.observe(s(40), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "InService", "unhealthy")));
    assertThat(v).isEqualTo(Verdict.NEW_INSTANCE_FAILED);
    assertThat(t.failure()).hasValue("new instance i-c failed its health checks in the target group after it had been healthy "
        + "(Target.ResponseCodeMismatch)");
  }

  @Test
  void a_new_instance_not_healthy_within_the_boot_budget_fails_the_rollout() {
    RolloutTracker t = new RolloutTracker(fleet(m("i-a", "InService", "healthy"), m("i-b", "InService", "healthy")), events::add,
        Duration.ofMinutes(10));
    t.observe(s(5), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "Pending:Wait", "absent")));
    assertThat(t.observe(s(9 * 60), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "Pending:Wait", "absent")))).isEqualTo(Verdict.RUNNING);
    Verdict v = t.observe(s(10 * 60 + 5), "UPDATE_IN_PROGRESS", null, withNew(m("i-c", "Pending:Wait", "absent")));
    assertThat(v).isEqualTo(Verdict.NEW_INSTANCE_FAILED);
    assertThat(t.failure()).hasValue("new instance i-c is not healthy 10 min 0 s after it was launched (Pending:Wait/absent)");
  }

  @Test
  void an_old_instance_going_unhealthy_is_not_blamed_on_the_rollout() {
    RolloutTracker t = new RolloutTracker(fleet(m("i-a", "InService", "healthy"), m("i-b", "InService", "healthy")), events::add);
    Verdict v = t.observe(s(5), "UPDATE_IN_PROGRESS", null, fleet(m("i-a", "InService", "unhealthy"),
        m("i-b", "InService", "healthy")));
    assertThat(v).isEqualTo(Verdict.RUNNING);
    assertThat(t.minServing()).isEqualTo(1);
    assertThat(events).contains("+5.0 s  only 1 instance InService and healthy");
  }

  @Test
  void a_rollback_is_a_stack_failure_with_its_reason() {
    RolloutTracker t = new RolloutTracker(fleet(m("i-a", "InService", "healthy"), m("i-b", "InService", "healthy")), events::add);
    Verdict v = t.observe(s(900), "UPDATE_ROLLBACK_IN_PROGRESS",
        "The following resource(s) failed to update: [AutoScalingGroup].", fleet(m("i-a", "InService", "healthy"),
            m("i-b", "InService", "healthy")));
    assertThat(v).isEqualTo(Verdict.STACK_FAILED);
    assertThat(t.failure()).hasValue("the stack is UPDATE_ROLLBACK_IN_PROGRESS: The following resource(s) failed to update: [AutoScalingGroup].");
  }
}
