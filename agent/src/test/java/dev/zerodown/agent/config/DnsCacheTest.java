package dev.zerodown.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which DNS cache lifetimes the agent sets: 5 s / 1 s unless the user chose. (DnsCacheIT proves they take effect.) */
class DnsCacheTest {
  final Map<String, String> security = new HashMap<>(Map.of(DnsCache.NEGATIVE_TTL, "10"));
  final Map<String, String> system = new HashMap<>();

  @Test
  void with_nothing_chosen_it_sets_5_s_and_1_s() {
    assertThat(DnsCache.decide(security::get, system::get))
        .containsExactly("networkaddress.cache.ttl=5", "networkaddress.cache.negative.ttl=1");
  }

  @Test
  void a_java_security_properties_file_of_the_user_wins(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("dns.security"), "networkaddress.cache.ttl=60\nnetworkaddress.cache.negative.ttl=0\n");
    system.put("java.security.properties", file.toString());
    assertThat(DnsCache.decide(security::get, system::get)).isEmpty();
  }

  @Test
  void the_legacy_system_properties_win() {
    system.put("sun.net.inetaddr.ttl", "0");
    assertThat(DnsCache.decide(security::get, system::get)).containsExactly("networkaddress.cache.negative.ttl=1");
  }

  @Test
  void a_positive_ttl_in_the_jdks_own_file_wins() {
    security.put(DnsCache.TTL, "-1");
    assertThat(DnsCache.decide(security::get, system::get)).containsExactly("networkaddress.cache.negative.ttl=1");
  }

  @Test
  void an_ineffective_d_flag_of_the_same_name_is_applied_the_way_that_works() {
    system.put("networkaddress.cache.ttl", "2");
    assertThat(DnsCache.decide(security::get, system::get))
        .containsExactly("networkaddress.cache.ttl=2", "networkaddress.cache.negative.ttl=1");
  }
}
