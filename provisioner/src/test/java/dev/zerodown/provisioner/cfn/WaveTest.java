package dev.zerodown.provisioner.cfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A wave of stack operations on real threads: destroy collects every outcome, deploy stops at the first failure. */
class WaveTest {
  @Test
  void one_failure_leaves_the_other_operations_of_the_wave_to_finish() {
    List<Wave.Outcome<String, String>> outcomes = Wave.run(List.of("web", "bastion", "database"), stack -> {
      if (stack.equals("bastion")) throw new IllegalStateException("bastion refused");
      sleep(200);
      return stack + " deleted";
    });
    assertThat(outcomes).extracting(Wave.Outcome::item).containsExactly("web", "bastion", "database");
    assertThat(outcomes).extracting(Wave.Outcome::result).containsExactly("web deleted", null, "database deleted");
    assertThat(outcomes.get(1).failure()).hasMessage("bastion refused");
  }

  @Test
  void failing_fast_throws_the_first_failure_and_interrupts_the_stacks_still_followed() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch ended = new CountDownLatch(1);
    assertThatThrownBy(() -> Wave.runFailingFast(List.of("database", "bastion"), stack -> {
      if (stack.equals("bastion")) {
        await(started);
        throw new IllegalStateException("bastion refused");
      }
      started.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        interrupted.set(true);
      } finally {
        ended.countDown();
      }
      return "database created";
    })).hasMessage("bastion refused");
    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted).isTrue();
  }

  @Test
  void failing_fast_returns_the_results_in_the_order_of_the_stacks() {
    assertThat(Wave.runFailingFast(List.of("bastion", "database"), stack -> {
      sleep(stack.equals("bastion") ? 300 : 10);
      return stack + " created";
    })).containsExactly("bastion created", "database created");
  }

  @Test
  void a_single_stack_runs_on_the_calling_thread() {
    Thread caller = Thread.currentThread();
    assertThat(Wave.run(List.of("network"), stack -> Thread.currentThread() == caller).get(0).result()).isTrue();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
