package dev.zerodown.harness;

import dev.zerodown.testsupport.FreePort;
import dev.zerodown.testsupport.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tutorial's topology on loopback: one redis-server, two agent slots (each a port that agent
 * processes come and go on) and haproxy in front as the load balancer.
 */
final class Topology implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final RedisServer redis;
  private final AgentProcess.AgentLaunch launch;
  private final Haproxy.HealthTiming timing;
  private final Path dir;
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, Integer> healthPorts = new LinkedHashMap<>();
  private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
  private final Map<String, Integer> generation = new LinkedHashMap<>();
  private Haproxy haproxy;

  private Topology(RedisServer redis, AgentProcess.AgentLaunch launch, Haproxy.HealthTiming timing, Path dir) {
    this.redis = redis;
    this.launch = launch;
    this.timing = timing;
    this.dir = dir;
  }

  /** Starts agents in slots {@code slots} and haproxy over them; waits until haproxy sees all UP. */
  static Topology start(RedisServer redis, AgentProcess.AgentLaunch launch, Haproxy.HealthTiming timing,
      List<String> slots, Path dir) {
    Duration detection = timing.inter().multipliedBy(timing.fall());
    if (Duration.ofSeconds(launch.drainSeconds()).compareTo(detection.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("DRAIN_SECONDS must be at least twice haproxy's detection time ("
          + detection.toMillis() + " ms): " + launch.drainSeconds());
    }
    Topology t = new Topology(redis, launch, timing, dir);
    try {
      for (String slot : slots) {
        t.ports.put(slot, FreePort.pick());
        t.healthPorts.put(slot, FreePort.pick());
        t.generation.put(slot, 0);
      }
      for (String slot : slots) t.agents.put(slot, t.launch(slot, launch));
      for (AgentProcess a : t.agents.values()) a.awaitReady(START_TIMEOUT);
      t.haproxy = Haproxy.start(t.ports, t.healthPorts, timing, dir);
      for (String slot : slots) t.haproxy.await(slot, "UP", Duration.ofSeconds(10));
      return t;
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
  }

  private AgentProcess launch(String slot, AgentProcess.AgentLaunch with) {
    int gen = generation.merge(slot, 1, Integer::sum);
    return AgentProcess.start(with, "agent-" + slot + gen, ports.get(slot), healthPorts.get(slot), dir);
  }

  /** Starts a new agent process in {@code slot} (the old one must have exited); waits until haproxy has it UP. */
  AgentProcess replace(String slot, AgentProcess.AgentLaunch with) {
    AgentProcess old = agents.get(slot);
    if (old != null && old.alive()) throw new IllegalStateException("slot " + slot + " still runs " + old.instanceId());
    AgentProcess fresh = launch(slot, with).awaitReady(START_TIMEOUT);
    agents.put(slot, fresh);
    haproxy.await(slot, "UP", Duration.ofSeconds(15));
    return fresh;
  }

  AgentProcess agent(String slot) {
    return agents.get(slot);
  }

  Haproxy haproxy() {
    return haproxy;
  }

  RedisServer redis() {
    return redis;
  }

  AgentProcess.AgentLaunch launch() {
    return launch;
  }

  Haproxy.HealthTiming timing() {
    return timing;
  }

  Path dir() {
    return dir;
  }

  /** The Redis counter hello.py increments (0 when the key does not exist yet). */
  long counter() {
    String v = redis.command("GET", "count");
    return v == null ? 0 : Long.parseLong(v);
  }

  @Override
  public void close() {
    if (haproxy != null) haproxy.close();
    agents.values().forEach(AgentProcess::close);
  }
}
