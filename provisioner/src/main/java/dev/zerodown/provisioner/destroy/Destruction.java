package dev.zerodown.provisioner.destroy;

import dev.zerodown.provisioner.artifacts.ArtifactsGateway;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackResult;
import dev.zerodown.provisioner.cfn.Wave;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.environment.Topology;
import dev.zerodown.provisioner.host.InFlight;
import dev.zerodown.provisioner.text.Words;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deletes an environment's stacks wave by wave ({@link Topology#destroyWaves}: web, bastion and database in
 * parallel, then network, then artifacts), failed ones included; empties the artifacts bucket before its stack;
 * keeps a stack another one still uses; and says what is left, stacks and named resources.
 */
public final class Destruction {
  /** The environment's stacks as found before asking, in {@link StackPart} order. */
  public record Plan(Map<StackPart, StackInfo> stacks) {
    public Plan {
      stacks = Collections.unmodifiableMap(stacks);
    }

    public boolean isEmpty() {
      return stacks.isEmpty();
    }

    /** The lines shown before the confirmation: what goes, and which stacks lose their termination protection. */
    public List<String> listing(String region) {
      List<String> lines = new ArrayList<>();
      lines.add("This deletes " + Words.count(stacks.size(), "stack") + " in " + region
          + ", and every object version in the artifacts bucket:");
      stacks.values().forEach(s -> lines.add("  - " + s.name() + " (" + s.status()
          + (s.terminationProtection() ? "; termination protection, lifted once you confirm" : "") + ")"));
      return lines;
    }
  }

  private final String env;
  private final CloudFormationGateway cfn;
  private final StackDeployer deployer;
  private final ArtifactsGateway artifacts;
  private final StrayResources strays;
  private final InFlight inFlight;
  private final Consumer<String> events;

  /**
   * {@code deployer} deletes and follows one stack (lifting termination protection, --retain, waiting out a busy
   * stack); {@code events} takes the narration lines of the destroy itself (the bucket emptied).
   */
  public Destruction(String env, CloudFormationGateway cfn, StackDeployer deployer, ArtifactsGateway artifacts,
      StrayResources strays, InFlight inFlight, Consumer<String> events) {
    this.env = Objects.requireNonNull(env, "env");
    this.cfn = Objects.requireNonNull(cfn, "cfn");
    this.deployer = Objects.requireNonNull(deployer, "deployer");
    this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    this.strays = Objects.requireNonNull(strays, "strays");
    this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** Which of the environment's stacks exist (one DescribeStacks each); changes nothing. */
  public Plan plan() {
    Map<StackPart, StackInfo> existing = new EnumMap<>(StackPart.class);
    for (StackPart p : StackPart.values()) cfn.describe(p.stackName(env)).ifPresent(s -> existing.put(p, s));
    return new Plan(existing);
  }

  /** No stack to delete: only the named resources a stack may have left behind. */
  public DestroyReport nothingToDelete() {
    return new DestroyReport(env, false, List.of(), Map.of(), strays.find(), List.of());
  }

  /**
   * Deletes the stacks of {@code plan}. {@code retain}: for a stack left DELETE_FAILED, resources to keep instead
   * of deleting ({@link StackDeployer#delete(String, java.util.Collection)} passes only those whose deletion failed).
   */
  public DestroyReport run(Plan plan, List<String> retain) {
    Map<StackPart, StackInfo> existing = plan.stacks();
    Set<StackPart> gone = EnumSet.allOf(StackPart.class);
    gone.removeAll(existing.keySet());
    List<String> deleted = new ArrayList<>();
    Map<String, String> leftovers = new LinkedHashMap<>();
    // Resources whose deletion failed again on a stack that was already DELETE_FAILED: --retain gets past them.
    List<StackEvent> stuck = new ArrayList<>();
    for (List<StackPart> wave : Topology.destroyWaves()) {
      List<StackPart> now = new ArrayList<>();
      for (StackPart p : wave) {
        if (gone.contains(p)) continue;
        List<StackPart> stillThere = Topology.dependents(p).stream().filter(d -> !gone.contains(d)).toList();
        if (!stillThere.isEmpty()) {
          leftovers.put(p.stackName(env), "kept: " + stillThere.get(0).stackName(env) + " still uses it");
          continue;
        }
        now.add(p);
      }
      if (now.contains(StackPart.ARTIFACTS) && !emptyBucket(existing.get(StackPart.ARTIFACTS), leftovers)) {
        now.remove(StackPart.ARTIFACTS);
      }
      for (Wave.Outcome<StackPart, StackResult> o : deleteAll(now, retain)) {
        StackPart p = o.item();
        StackResult r = o.result();
        if (r == null) {
          leftovers.put(p.stackName(env), "not deleted: " + Reasons.of(o.failure()));
        } else if ("DELETE_COMPLETE".equals(r.status())) {
          gone.add(p);
          deleted.add(r.stack());
        } else {
          leftovers.put(r.stack(), r.status() + (r.reasons().isEmpty() ? "" : ": " + String.join("; ", r.reasons())));
          if ("DELETE_FAILED".equals(r.status()) && "DELETE_FAILED".equals(existing.get(p).status())) {
            stuck.addAll(r.failures().stream().filter(e -> !e.isStackEvent() && "DELETE_FAILED".equals(e.status()))
                .toList());
          }
        }
      }
    }
    inFlight.finishing();
    return new DestroyReport(env, true, deleted, leftovers, strays.find(), stuck);
  }

  /** Empties the bucket; false (and a leftover) when that fails, since its stack cannot be deleted then. */
  private boolean emptyBucket(StackInfo stack, Map<String, String> leftovers) {
    String bucket = stack.outputs().get("BucketName");
    if (bucket == null) return true;
    try {
      int n = artifacts.empty(bucket);
      events.accept("emptied s3://" + bucket + ": " + Words.count(n, "object version") + " deleted");
      return true;
    } catch (RuntimeException e) {
      leftovers.put(stack.name(), "not deleted: emptying s3://" + bucket + " failed: " + Reasons.of(e));
      return false;
    }
  }

  /** Deletes a wave in parallel; one stack's failure never stops the others or their follow-up. */
  private List<Wave.Outcome<StackPart, StackResult>> deleteAll(List<StackPart> parts, List<String> retain) {
    return Wave.run(parts, p -> deployer.delete(p.stackName(env), retain));
  }
}
