package dev.zerodown.agent.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.agent.TestAgent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InstanceIdentityTest {
  static ImdsLookup at(URI endpoint) {
    return new ImdsLookup(Optional.of(endpoint), Duration.ofMillis(250), Duration.ofMillis(500), 2);
  }

  @Test
  void imdsv2_gives_instance_id_and_region_with_a_token_on_every_get() {
    try (FakeImds imds = new FakeImds("i-0fedcba9876543210", "eu-west-3")) {
      Optional<ImdsLookup.Answer> a = at(imds.endpoint()).fetch();
      assertThat(a).contains(new ImdsLookup.Answer("i-0fedcba9876543210", Optional.of("eu-west-3")));
      assertThat(imds.tokenRequests.get()).isGreaterThanOrEqualTo(1);
      assertThat(imds.tokensSeenOnGets).isNotEmpty().allMatch(FakeImds.TOKEN::equals);
      assertThat(imds.rejectedGets.get()).isZero();
    }
  }

  @Test
  void hello_shows_the_instance_id_from_imds_when_instance_id_is_unset() {
    try (FakeImds imds = new FakeImds("i-0aaaabbbbccccdddd", "eu-west-3");
         TestAgent agent = TestAgent.start(Map.of(), at(imds.endpoint()))) {
      String body = agent.get("/cgi-bin/hello.py").body();
      assertThat(body).contains("Id: i-0aaaabbbbccccdddd\n");
    }
  }

  @Test
  void instance_id_set_means_imds_is_never_asked() {
    try (FakeImds imds = new FakeImds("i-from-imds", "eu-west-3");
         TestAgent agent = TestAgent.start(Map.of("INSTANCE_ID", "i-from-env"), at(imds.endpoint()))) {
      assertThat(agent.get("/cgi-bin/hello.py").body()).contains("Id: i-from-env\n");
      assertThat(imds.tokenRequests.get()).isZero();
      assertThat(imds.tokensSeenOnGets).isEmpty();
    }
  }

  @Test
  void nothing_listening_falls_back_to_the_host_name_quickly() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    InstanceIdentity id = InstanceIdentity.lookup(at(URI.create("http://127.0.0.1:" + closedPort)));
    id.start();
    InstanceIdentity.Facts facts = id.facts().get(20, TimeUnit.SECONDS);
    assertThat(facts.source()).isEqualTo(InstanceIdentity.Source.HOSTNAME);
    assertThat(facts.instanceId()).isEqualTo(InetAddress.getLocalHost().getHostName());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void an_endpoint_that_accepts_but_never_answers_falls_back_within_the_bounded_budget() throws Exception {
    // A black hole: connections are accepted and then nothing is ever sent back.
    try (ServerSocket hole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) held.add(hole.accept());
        } catch (IOException closed) {
          // test over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      long t0 = System.nanoTime();
      InstanceIdentity id = InstanceIdentity.lookup(at(URI.create("http://127.0.0.1:" + hole.getLocalPort())));
      id.start();
      InstanceIdentity.Facts facts = id.facts().get(30, TimeUnit.SECONDS);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(facts.source()).isEqualTo(InstanceIdentity.Source.HOSTNAME);
      // 3 attempts x 500 ms read timeout + backoff, with slack for a noisy machine; the SDK default would be far longer.
      assertThat(took).isLessThan(Duration.ofSeconds(8));
      for (Socket s : held) s.close();
    }
  }

  @Test
  void ping_answers_while_the_imds_lookup_is_still_running() throws Exception {
    try (ServerSocket hole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        List<Socket> held = new ArrayList<>();
        try {
          while (true) held.add(hole.accept());
        } catch (IOException closed) {
          // test over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      try (TestAgent agent = TestAgent.start(Map.of(), at(URI.create("http://127.0.0.1:" + hole.getLocalPort())))) {
        assertThat(agent.get("/cgi-bin/ping.py").statusCode()).isEqualTo(200);
        assertThat(agent.agent().identity().facts().isDone()).as("IMDS lookup still running").isFalse();
      }
    }
  }

}
