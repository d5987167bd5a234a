package dev.zerodown.provisioner.destroy;

import dev.zerodown.provisioner.text.Words;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.aws.AwsFailures;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackResult;
import dev.zerodown.provisioner.cli.WaitTimeout;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.console.Json;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.environment.Topology;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** destroy: deletes the environment's stacks in reverse order, emptying the artifacts bucket first. */
@Command(name = "destroy", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Deletes the stacks in reverse order (web, bastion and database in parallel, network, artifacts), "
        + "failed ones (DELETE_FAILED, *_FAILED) included, "
        + "after confirmation; empties the artifacts bucket (every version) before its stack; stacks already gone "
        + "are skipped; anything left behind is listed (exit 6)."})
public final class DestroyCommand extends VerbCommand {
  @Mixin
  WaitTimeout waitTimeout;

  @Option(names = "--retain", paramLabel = "LOGICAL_ID",
      description = "For a stack left DELETE_FAILED: delete it but keep this resource (repeatable; only resources "
          + "whose deletion failed; delete them yourself afterwards).")
  List<String> retain = new ArrayList<>();

  @Override
  public Integer call() {
    Duration busy = waitTimeout.get();
    try (Session session = openSession()) {
      Console c = session.console();
      c.requireAnswerable("destroy");
      String env = session.env();
      CloudFormationGateway cfn = session.cloudFormation();
      Map<StackPart, StackInfo> existing = new EnumMap<>(StackPart.class);
      for (StackPart p : StackPart.values()) cfn.describe(p.stackName(env)).ifPresent(s -> existing.put(p, s));
      if (existing.isEmpty()) {
        c.println("Nothing to destroy: no zerodown-" + env + " stacks in " + session.settings().region().id());
        List<String> stray = strayResources(session, env);
        if (c.json()) c.result(Json.write(Map.of("deleted", List.of(), "leftovers", List.of(), "resources", stray)));
        if (stray.isEmpty()) return ExitCode.OK;
        throw strayFailure(session, env, stray);
      }
      c.println("This deletes " + Words.count(existing.size(), "stack") + " in "
          + session.settings().region().id() + ", and every object version in the artifacts bucket:");
      existing.values().forEach(s -> c.println("  - " + s.name() + " (" + s.status()
          + (s.terminationProtection() ? "; termination protection, lifted once you confirm" : "") + ")"));
      if (!c.confirm("Destroy zerodown-" + env + "?")) {
        throw new UserException(ExitCode.NOT_CONFIRMED, "nothing deleted");
      }
      StackDeployer deployer = new StackDeployer(cfn, session.watcher(), session.progress(), c, Method.DIRECT,
          session.host().pollInterval(), busy, session.host().inFlight());
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
        if (now.contains(StackPart.ARTIFACTS) && !emptyBucket(session, existing.get(StackPart.ARTIFACTS), leftovers)) {
          now.remove(StackPart.ARTIFACTS);
        }
        for (Outcome o : deleteAll(deployer, now, env, retain)) {
          StackPart p = partOf(o.stack(), env);
          StackResult r = o.result();
          if (r == null) {
            leftovers.put(o.stack(), "not deleted: " + o.error());
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
      session.host().inFlight().finishing();
      List<String> stray = strayResources(session, env);
      if (c.json()) {
        c.result(Json.write(Map.of("deleted", deleted, "leftovers", leftovers, "resources", stray)));
      }
      if (leftovers.isEmpty()) {
        c.println(c.green("Destroyed zerodown-" + env + ": " + Words.count(deleted.size(), "stack")
            + " deleted"));
        if (stray.isEmpty()) return ExitCode.OK;
        throw strayFailure(session, env, stray);
      }
      c.err().println("Left behind:");
      leftovers.forEach((k, v) -> c.err().println("  " + k + "  " + v));
      if (!stray.isEmpty()) {
        c.err().println("Still there, named for zerodown-" + env + ":");
        stray.forEach(r -> c.err().println("  " + r));
      }
      if (!stuck.isEmpty()) {
        Map<String, StackEvent> byId = new LinkedHashMap<>();
        stuck.forEach(e -> byId.putIfAbsent(e.logicalId(), e));
        c.err().println("Deletion failed twice for these resources:");
        byId.values().forEach(e -> c.err().println("  " + e.logicalId() + " (" + e.resourceType() + "): " + e.reason()));
        c.err().println("To delete the stacks and keep these resources (then delete them yourself), run: destroy "
            + String.join(" ", byId.keySet().stream().map(id -> "--retain " + id).toList()));
      }
      c.err().flush();
      throw new UserException(ExitCode.PARTIAL_DESTROY, "destroy incomplete: " + Words.count(leftovers.size(), "stack")
          + " left behind (listed above); fix the cause and run destroy again");
    }
  }

  /**
   * The environment's named resources still there once its stacks are deleted or failed: the load balancer and target
   * group (their names are fixed, so the next deploy fails on them), the Auto Scaling groups, and the VPCs CloudFormation
   * tagged with the network stack's name. An emulator such as moto keeps them after a failed stack deletion. Each
   * lookup is best effort: one that fails (permissions) is skipped, with a note under --verbose.
   */
  static List<String> strayResources(Session session, String env) {
    List<String> found = new ArrayList<>();
    Console c = session.console();
    try {
      session.loadBalancing().loadBalancersNamed(List.of("alb-web-" + env)).forEach(n -> found.add("load balancer " + n));
      session.loadBalancing().targetGroupsNamed(List.of("tg-web-" + env)).forEach(n -> found.add("target group " + n));
    } catch (RuntimeException e) {
      c.detail("load balancer lookup skipped: " + message(e));
    }
    try {
      session.autoScaling().groupsNamed(List.of("web-" + env, "bastion-" + env))
          .forEach(n -> found.add("Auto Scaling group " + n));
    } catch (RuntimeException e) {
      c.detail("Auto Scaling group lookup skipped: " + message(e));
    }
    try {
      String network = StackPart.NETWORK.stackName(env);
      session.ec2().vpcsTagged("aws:cloudformation:stack-name", network)
          .forEach(id -> found.add("VPC " + id + " (made by " + network + ")"));
    } catch (RuntimeException e) {
      c.detail("VPC lookup skipped: " + message(e));
    }
    return found;
  }

  /** Exit 6 for resources left without a stack: list them, and say how to get rid of them. */
  private static UserException strayFailure(Session session, String env, List<String> stray) {
    Console c = session.console();
    c.err().println("Still there, named for zerodown-" + env + " (no stack deletes them any more; the next deploy "
        + "fails on their names):");
    stray.forEach(r -> c.err().println("  " + r));
    c.err().flush();
    String how = session.options().endpoint()
        .map(e -> "against an emulator, reset it (moto: curl -X POST " + trimSlash(e.toString()) + "/moto-api/reset)")
        .orElse("delete them in the AWS console or with the AWS CLI");
    return new UserException(ExitCode.PARTIAL_DESTROY, "destroy incomplete: " + Words.count(stray.size(), "resource")
        + " of zerodown-" + env + " left without a stack (listed above): " + how);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Empties the bucket; false (and a leftover) when that fails, since its stack cannot be deleted then. */
  private static boolean emptyBucket(Session session, StackInfo artifacts, Map<String, String> leftovers) {
    String bucket = artifacts.outputs().get("BucketName");
    if (bucket == null) return true;
    try {
      int n = session.artifacts().empty(bucket);
      session.console().println("emptied s3://" + bucket + ": " + Words.count(n, "object version") + " deleted");
      return true;
    } catch (RuntimeException e) {
      leftovers.put(artifacts.name(), "not deleted: emptying s3://" + bucket + " failed: " + message(e));
      return false;
    }
  }

  /** One stack's deletion: how it settled, or why it could not be followed (never both). */
  private record Outcome(String stack, StackResult result, String error) {}

  /** Deletes a wave in parallel; one stack's failure never stops the others or their follow-up. */
  private static List<Outcome> deleteAll(StackDeployer deployer, List<StackPart> parts, String env, List<String> retain) {
    if (parts.isEmpty()) return List.of();
    ExecutorService pool = Executors.newFixedThreadPool(parts.size());
    try {
      List<Future<StackResult>> futures = parts.stream()
          .map(p -> pool.submit(() -> deployer.delete(p.stackName(env), retain))).toList();
      List<Outcome> results = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        String stack = parts.get(i).stackName(env);
        try {
          results.add(new Outcome(stack, futures.get(i).get(), null));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UserException(ExitCode.INTERRUPTED, "interrupted");
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UserException u && u.exitCode() == ExitCode.INTERRUPTED) throw u;
          results.add(new Outcome(stack, null, message(e.getCause())));
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String message(Throwable e) {
    if (e instanceof UserException) return e.getMessage();
    if (e instanceof software.amazon.awssdk.core.exception.SdkException) {
      return AwsFailures.translate((software.amazon.awssdk.core.exception.SdkException) e).getMessage();
    }
    return String.valueOf(e);
  }

  private static StackPart partOf(String stack, String env) {
    for (StackPart p : StackPart.values()) if (p.stackName(env).equals(stack)) return p;
    throw new IllegalStateException(stack);
  }
}
