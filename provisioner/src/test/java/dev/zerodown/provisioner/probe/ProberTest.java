package dev.zerodown.provisioner.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.testsupport.FreePort;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProberTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void reads_the_instance_and_counter_of_a_real_answer() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa")) {
      Probe p = new Prober(fleet.url(), TIMEOUT).probe(Duration.ZERO);
      assertThat(p.ok()).isTrue();
      assertThat(p.instanceId()).isEqualTo("i-aaa");
      assertThat(p.counter()).isEqualTo(fleet.counter());
    }
  }

  @Test
  void a_bare_host_url_probes_the_hello_page() {
    assertThat(new Prober(URI.create("http://127.0.0.1:8080"), TIMEOUT).url())
        .isEqualTo(URI.create("http://127.0.0.1:8080/cgi-bin/hello.py"));
  }

  @Test
  void a_502_is_a_failure_named_by_its_status() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa").answer("i-aaa", FakeFleet.Answer.BAD_GATEWAY)) {
      Probe p = new Prober(fleet.url(), TIMEOUT).probe(Duration.ZERO);
      assertThat(p.ok()).isFalse();
      assertThat(p.status()).isEqualTo(502);
      assertThat(p.error()).isEqualTo("HTTP 502");
    }
  }

  @Test
  void a_dropped_connection_is_a_failure_not_an_exception() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa").answer("i-aaa", FakeFleet.Answer.DROP_CONNECTION)) {
      Probe p = new Prober(fleet.url(), TIMEOUT).probe(Duration.ZERO);
      assertThat(p.ok()).isFalse();
      assertThat(p.error()).isEqualTo("connection closed without a response");
    }
  }

  @Test
  void a_silent_server_times_out_at_the_request_timeout() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa").answer("i-aaa", FakeFleet.Answer.HANG)) {
      Probe p = new Prober(fleet.url(), Duration.ofMillis(300)).probe(Duration.ZERO);
      assertThat(p.error()).isEqualTo("timed out after 300 ms");
      assertThat(p.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void a_closed_port_is_connection_refused() throws Exception {
    Probe p = new Prober(URI.create("http://127.0.0.1:" + FreePort.pick()), TIMEOUT).probe(Duration.ZERO);
    assertThat(p.error()).isEqualTo("connection refused");
  }

  @Test
  void a_page_without_id_and_counter_is_a_failure() throws Exception {
    try (FakeFleet fleet = FakeFleet.start("i-aaa").answer("i-aaa", FakeFleet.Answer.NOT_HELLO)) {
      assertThat(new Prober(fleet.url(), TIMEOUT).probe(Duration.ZERO).error()).isEqualTo("not a hello page");
    }
  }

  @Test
  void a_url_that_is_not_http_is_refused_with_the_value() {
    assertThatThrownBy(() -> new Prober(URI.create("ftp://127.0.0.1/x"), TIMEOUT))
        .hasMessage("URL must be http://HOST[:PORT][/PATH]: ftp://127.0.0.1/x");
  }
}
