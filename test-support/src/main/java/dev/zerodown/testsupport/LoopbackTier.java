package dev.zerodown.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tutorial's web tier on loopback: one Redis, agent slots (each a fixed port that agent processes come and go
 * on, like an instance's :8000 behind its target) and haproxy in front as the load balancer.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServer REDIS = new RedisServer();
 * try (LoopbackTier tier = LoopbackTier.start(REDIS, AgentProcess.launch().drainSeconds(3),
 *     Haproxy.HealthTiming.FAST, List.of("a", "b"), Path.of("target", "my-scenario"))) {
 *   AgentProcess a = tier.agent("a");
 *   a.sigterm(); a.awaitExit(Duration.ofSeconds(30));
 *   tier.replace("a", tier.launch());            // a new process in slot a, UP in haproxy
 *   ... GET tier.haproxy().uri("/cgi-bin/hello.py") ...; tier.counter() ...
 * }
 * }</pre>
 *
 * <p>Every agent gets REDIS_HOST/REDIS_PORT of {@code redis}, its slot's port and HEALTH_PORT (haproxy checks that
 * one, as the ALB checks the unit's health port), {@code INSTANCE_ID=agent-<slot><n>}
 * ({@code n} counts the processes of that slot from 1) and its log in {@code dir}. A launch's DRAIN_SECONDS must be
 * at least twice haproxy's detection time, so a draining agent leaves rotation before it stops (as DRAIN_SECONDS 15
 * does against the ALB's 2 x 5 s).
 */
public final class LoopbackTier implements AutoCloseable {
  private final RedisServer redis;
  private final AgentProcess.Launch launch;
  private final Haproxy.HealthTiming timing;
  private final Path dir;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Integer> healthPorts = new LinkedHashMap<>();
  private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
  private final Map<String, Integer> generation = new LinkedHashMap<>();
  private Haproxy haproxy;

  private LoopbackTier(RedisServer redis, AgentProcess.Launch launch, Haproxy.HealthTiming timing, Path dir) {
    this.redis = redis;
    this.launch = launch;
    this.timing = timing;
    this.dir = dir;
  }

  /** Starts one agent per slot and haproxy over them; returns when haproxy has every slot UP. */
  public static LoopbackTier start(RedisServer redis, AgentProcess.Launch launch, Haproxy.HealthTiming timing,
      List<String> slots, Path dir) {
    Duration detection = timing.inter().multipliedBy(timing.fall());
    if (Duration.ofSeconds(launch.drainSeconds()).compareTo(detection.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("DRAIN_SECONDS must be at least twice haproxy's detection time ("
          + detection.toMillis() + " ms): " + launch.drainSeconds());
    }
    LoopbackTier t = new LoopbackTier(redis, launch, timing, dir);
    try {
      for (String slot : slots) {
        t.ports.put(slot, FreePort.pick());
        t.healthPorts.put(slot, FreePort.pick());
        t.generation.put(slot, 0);
      }
      for (String slot : slots) t.agents.put(slot, t.launchIn(slot, launch));
      for (AgentProcess a : t.agents.values()) a.awaitReady();
      t.haproxy = Haproxy.start(t.ports, t.healthPorts, timing, dir);
      for (String slot : slots) t.haproxy.await(slot, "UP", Duration.ofSeconds(10));
      return t;
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
  }

  private AgentProcess launchIn(String slot, AgentProcess.Launch with) {
    int gen = generation.merge(slot, 1, Integer::sum);
    // a launch may name its own Redis (a DNS name in a failover test); else the tier's
    AgentProcess.Launch l = with.env().containsKey("REDIS_HOST") ? with : with.redis(redis.host(), redis.port());
    return l.port(ports.get(slot)).healthPort(healthPorts.get(slot))
        .instanceId("agent-" + slot + gen)
        .logDir(dir).start();
  }

  /**
   * Starts a new agent process in {@code slot} from {@code with} (the slot's previous process must have exited);
   * returns it once haproxy has it UP.
   */
  public AgentProcess replace(String slot, AgentProcess.Launch with) {
    AgentProcess old = agents.get(slot);
    if (old != null && old.isAlive()) throw new IllegalStateException("slot " + slot + " still runs " + old.name());
    AgentProcess fresh = launchIn(slot, with).awaitReady();
    agents.put(slot, fresh);
    haproxy.await(slot, "UP", Duration.ofSeconds(15));
    return fresh;
  }

  /** The process currently in {@code slot}. */
  public AgentProcess agent(String slot) {
    return agents.get(slot);
  }

  public Haproxy haproxy() {
    return haproxy;
  }

  public RedisServer redis() {
    return redis;
  }

  /** The launch the tier was started with. */
  public AgentProcess.Launch launch() {
    return launch;
  }

  public Haproxy.HealthTiming timing() {
    return timing;
  }

  public Path dir() {
    return dir;
  }

  /** The Redis counter hello.py increments (key {@code count}; 0 while it does not exist). */
  public long counter() {
    String v = redis.command("GET", "count");
    return v == null ? 0 : Long.parseLong(v);
  }

  /** Stops haproxy, then SIGKILLs the agents still running. The Redis belongs to the caller. */
  @Override
  public void close() {
    if (haproxy != null) haproxy.close();
    agents.values().forEach(AgentProcess::close);
  }
}
