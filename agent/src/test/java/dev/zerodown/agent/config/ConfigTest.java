package dev.zerodown.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void empty_environment_gives_the_documented_defaults() {
    Config c = Config.fromEnv(Map.of());
    assertThat(c.port()).isEqualTo(8000);
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.envName()).isEqualTo("dev");
    assertThat(c.redisHost()).isEmpty();
    assertThat(c.usesRedis()).isFalse();
    assertThat(c.redisPort()).isEqualTo(6379);
    assertThat(c.redisTls()).isFalse();
    assertThat(c.counterKey()).isEqualTo("count");
    assertThat(c.redisTimeoutMillis()).isEqualTo(500);
    assertThat(c.drainSeconds()).isEqualTo(15);
    assertThat(c.instanceId()).isEmpty();
    assertThat(c.metrics()).isEmpty();
    assertThat(c.metricsNamespace()).isEqualTo("zerodown");
    assertThat(c.metricsStepSeconds()).isEqualTo(60);
    assertThat(c.region()).isEmpty();
    assertThat(c.adminPort()).isEqualTo(8001);
  }

  @Test
  void every_variable_is_read() {
    Config c = Config.fromEnv(Map.ofEntries(
        Map.entry("PORT", "9000"), Map.entry("BIND_HOST", "127.0.0.1"), Map.entry("ENV_NAME", "prod"),
        Map.entry("REDIS_HOST", "redis.internal"), Map.entry("REDIS_PORT", "6380"), Map.entry("REDIS_TLS", "true"),
        Map.entry("REDIS_PASSWORD", "s3cret"), Map.entry("COUNTER_KEY", "hits"), Map.entry("REDIS_TIMEOUT_MS", "250"),
        Map.entry("HTTP_THREADS", "32"), Map.entry("DRAIN_SECONDS", "0"), Map.entry("INSTANCE_ID", "i-abc"),
        Map.entry("METRICS_ENABLED", "false"), Map.entry("METRICS_NAMESPACE", "ns"),
        Map.entry("METRICS_STEP_SECONDS", "10"), Map.entry("AWS_REGION", "eu-west-3"), Map.entry("ADMIN_PORT", "0")));
    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.envName()).isEqualTo("prod");
    assertThat(c.redisHost()).contains("redis.internal");
    assertThat(c.redisPort()).isEqualTo(6380);
    assertThat(c.redisTls()).isTrue();
    assertThat(c.redisPassword()).contains("s3cret");
    assertThat(c.counterKey()).isEqualTo("hits");
    assertThat(c.redisTimeoutMillis()).isEqualTo(250);
    assertThat(c.httpThreads()).isEqualTo(32);
    assertThat(c.drainSeconds()).isZero();
    assertThat(c.instanceId()).contains("i-abc");
    assertThat(c.metrics()).contains(false);
    assertThat(c.metricsNamespace()).isEqualTo("ns");
    assertThat(c.metricsStepSeconds()).isEqualTo(10);
    assertThat(c.region()).contains("eu-west-3");
    assertThat(c.adminPort()).isZero();
    assertThat(c.hasAdminPort()).isFalse();
  }

  @Test
  void region_falls_back_to_aws_default_region() {
    assertThat(Config.fromEnv(Map.of("AWS_DEFAULT_REGION", "us-east-2")).region()).isEqualTo(Optional.of("us-east-2"));
  }

  @Test
  void bad_port_is_a_one_line_error_naming_the_variable_and_value() {
    assertThatThrownBy(() -> Config.fromEnv(Map.of("PORT", "abc")))
        .isInstanceOf(Config.Invalid.class).hasMessage("PORT must be 1-65535: abc");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("PORT", "70000")))
        .hasMessage("PORT must be 1-65535: 70000");
  }

  @Test
  void bad_values_of_other_variables_are_named() {
    assertThatThrownBy(() -> Config.fromEnv(Map.of("DRAIN_SECONDS", "-1"))).hasMessage("DRAIN_SECONDS must be 0-3600: -1");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("REDIS_TLS", "maybe"))).hasMessage("REDIS_TLS must be true or false: maybe");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("METRICS_ENABLED", "sometimes")))
        .hasMessage("METRICS_ENABLED must be true or false: sometimes");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("REDIS_PORT", "0"))).hasMessage("REDIS_PORT must be 1-65535: 0");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("ADMIN_PORT", "65536")))
        .hasMessage("ADMIN_PORT must be 0-65535 (0 = no admin listener): 65536");
  }

  @Test
  void health_port_is_unset_by_default_a_port_when_given_and_a_one_line_error_when_bad() {
    assertThat(Config.fromEnv(Map.of()).healthPort()).isEmpty();
    assertThat(Config.fromEnv(Map.of("HEALTH_PORT", "8002")).healthPort()).hasValue(8002);
    assertThat(Config.fromEnv(Map.of("HEALTH_PORT", "0")).healthPort()).as("a free port (tests)").hasValue(0);
    assertThatThrownBy(() -> Config.fromEnv(Map.of("HEALTH_PORT", "x8002")))
        .hasMessage("HEALTH_PORT must be 0-65535 (0: any free port; unset: no health-check listener): x8002");
  }

  @Test
  void to_string_never_shows_the_redis_password() {
    Config c = Config.fromEnv(Map.of("REDIS_HOST", "r", "REDIS_PASSWORD", "hunter2"));
    assertThat(c.toString()).doesNotContain("hunter2");
  }
}
