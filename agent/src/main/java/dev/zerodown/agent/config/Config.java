package dev.zerodown.agent.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The agent's whole configuration, read from the environment in this one place.
 *
 * @param host               address the HTTP server binds to ({@code BIND_HOST})
 * @param port               HTTP listen port ({@code PORT})
 * @param healthPort         port of the health-check listener ({@code HEALTH_PORT}: ping.py only, its own
 *                           threads); empty = none, 0 = any free port (tests)
 * @param envName            environment name shown on the hello page and tagged on metrics
 * @param redisHost          Redis host; empty means an in-memory counter (local runs only)
 * @param redisPort          Redis port
 * @param redisTls           TLS to Redis (ElastiCache in-transit encryption)
 * @param redisPassword      Redis AUTH token, if any
 * @param counterKey         Redis key hello.py increments
 * @param redisTimeoutMillis deadline of each request's Redis work (connect, commands, waiting), end to end
 * @param httpThreads        HTTP worker threads; the Redis pool gets as many connections
 * @param drainSeconds       seconds ping.py answers 503 after SIGTERM before the server stops
 * @param instanceId         instance id to show; empty means ask IMDSv2, then fall back to the host name
 * @param metrics            CloudWatch publishing: true/false, empty means "when a region is known"
 * @param metricsNamespace   CloudWatch namespace
 * @param metricsStepSeconds publishing interval
 * @param region             AWS region from {@code AWS_REGION} / {@code AWS_DEFAULT_REGION}, if set
 * @param adminPort          loopback port of the admin listener ({@code GET /ready}); 0 = no admin listener
 * @param counterMinReplicas replicas that must confirm an increment ({@code WAIT}) before it is served; 0 = none
 */
public record Config(
    String host,
    int port,
    OptionalInt healthPort,
    String envName,
    Optional<String> redisHost,
    int redisPort,
    boolean redisTls,
    Optional<String> redisPassword,
    String counterKey,
    int redisTimeoutMillis,
    int httpThreads,
    int drainSeconds,
    Optional<String> instanceId,
    Optional<Boolean> metrics,
    String metricsNamespace,
    int metricsStepSeconds,
    Optional<String> region,
    int adminPort,
    int counterMinReplicas) {

  /** Thrown for a configuration value that cannot be used; the message is one line for the user. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads the configuration from {@code env} (normally {@link System#getenv()}). */
  public static Config fromEnv(Map<String, String> env) {
    Env e = new Env(env);
    return new Config(
        e.string("BIND_HOST", "0.0.0.0"),
        e.integer("PORT", 8000, 1, 65535, "PORT must be 1-65535"),
        e.optionalInteger("HEALTH_PORT", 0, 65535, "HEALTH_PORT must be 0-65535 (0: any free port; unset: no health-check listener)"),
        e.string("ENV_NAME", "dev"),
        e.optional("REDIS_HOST"),
        e.integer("REDIS_PORT", 6379, 1, 65535, "REDIS_PORT must be 1-65535"),
        e.bool("REDIS_TLS", false),
        e.optional("REDIS_PASSWORD"),
        e.string("COUNTER_KEY", "count"),
        e.integer("REDIS_TIMEOUT_MS", 500, 10, 60_000, "REDIS_TIMEOUT_MS must be 10-60000"),
        e.integer("HTTP_THREADS", 64, 8, 1000, "HTTP_THREADS must be 8-1000"),
        e.integer("DRAIN_SECONDS", 15, 0, 3600, "DRAIN_SECONDS must be 0-3600"),
        e.optional("INSTANCE_ID"),
        e.optional("METRICS_ENABLED").map(v -> e.parseBool("METRICS_ENABLED", v)),
        e.string("METRICS_NAMESPACE", "zerodown"),
        e.integer("METRICS_STEP_SECONDS", 60, 1, 3600, "METRICS_STEP_SECONDS must be 1-3600"),
        e.optional("AWS_REGION").or(() -> e.optional("AWS_DEFAULT_REGION")),
        e.integer("ADMIN_PORT", 8001, 0, 65535, "ADMIN_PORT must be 0-65535 (0 = no admin listener)"),
        // ElastiCache allows at most 5 replicas per shard.
        e.integer("COUNTER_MIN_REPLICAS", 0, 0, 5, "COUNTER_MIN_REPLICAS must be 0-5"));
  }

  /** The same configuration listening on {@code newPort} (0 picks a free port; tests use it). */
  public Config withPort(int newPort) {
    return new Config(host, newPort, healthPort, envName, redisHost, redisPort, redisTls, redisPassword, counterKey,
        redisTimeoutMillis, httpThreads, drainSeconds, instanceId, metrics, metricsNamespace,
        metricsStepSeconds, region, adminPort, counterMinReplicas);
  }

  /** The same configuration with its admin listener on {@code newPort} (0 = none; tests use it). */
  public Config withAdminPort(int newPort) {
    return new Config(host, port, healthPort, envName, redisHost, redisPort, redisTls, redisPassword, counterKey,
        redisTimeoutMillis, httpThreads, drainSeconds, instanceId, metrics, metricsNamespace,
        metricsStepSeconds, region, newPort, counterMinReplicas);
  }

  /** True when the admin listener ({@code GET /ready} on 127.0.0.1) runs. */
  public boolean hasAdminPort() {
    return adminPort != 0;
  }

  /** The same configuration with its health-check listener on {@code newPort} (0 picks a free port; tests use it). */
  public Config withHealthPort(int newPort) {
    return new Config(host, port, OptionalInt.of(newPort), envName, redisHost, redisPort, redisTls, redisPassword,
        counterKey, redisTimeoutMillis, httpThreads, drainSeconds, instanceId, metrics, metricsNamespace,
        metricsStepSeconds, region, adminPort, counterMinReplicas);
  }

  /** True when the counter lives in Redis rather than in memory. */
  public boolean usesRedis() {
    return redisHost.isPresent();
  }

  /** Hides the Redis password. */
  @Override
  public String toString() {
    return "Config[port=" + port + ", healthPort=" + (healthPort.isPresent() ? healthPort.getAsInt() : "-")
        + ", env=" + envName + ", redis="
        + redisHost.map(h -> h + ":" + redisPort + (redisTls ? " (tls)" : "")).orElse("in-memory")
        + ", counterKey=" + counterKey + ", redisTimeoutMs=" + redisTimeoutMillis
        + ", httpThreads=" + httpThreads + ", drainSeconds=" + drainSeconds
        + ", instanceId=" + instanceId.orElse("(imds)") + ", metrics=" + metrics.map(String::valueOf).orElse("auto")
        + ", namespace=" + metricsNamespace + ", step=" + metricsStepSeconds + "s, region=" + region.orElse("-")
        + ", adminPort=" + adminPort + ", counterMinReplicas=" + counterMinReplicas + "]";
  }

  /** Typed access to the raw variables; every failure names the variable and the bad value. */
  private record Env(Map<String, String> raw) {
    Optional<String> optional(String name) {
      String v = raw.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    OptionalInt optionalInteger(String name, int min, int max, String rule) {
      Optional<String> v = optional(name);
      return v.isEmpty() ? OptionalInt.empty() : OptionalInt.of(integer(name, 0, min, max, rule));
    }

    String string(String name, String fallback) {
      return optional(name).orElse(fallback);
    }

    int integer(String name, int fallback, int min, int max, String rule) {
      Optional<String> v = optional(name);
      if (v.isEmpty()) return fallback;
      try {
        int n = Integer.parseInt(v.get());
        if (n >= min && n <= max) return n;
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new Invalid(rule + ": " + v.get());
    }

    boolean bool(String name, boolean fallback) {
      return optional(name).map(v -> parseBool(name, v)).orElse(fallback);
    }

    boolean parseBool(String name, String v) {
      switch (v.toLowerCase(Locale.ROOT)) {
        case "true": case "1": case "yes": case "on": return true;
        case "false": case "0": case "no": case "off": return false;
        default: throw new Invalid(name + " must be true or false: " + v);
      }
    }
  }
}
