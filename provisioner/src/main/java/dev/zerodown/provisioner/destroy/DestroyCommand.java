package dev.zerodown.provisioner.destroy;

import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackResult;
import dev.zerodown.provisioner.cli.DeployOptions;
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
import picocli.CommandLine.Option;

/** destroy: deletes the environment's stacks in reverse order, emptying the artifacts bucket first. */
@Command(name = "destroy", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Deletes the stacks in reverse order (web, bastion and database in parallel, network, artifacts) "
        + "after confirmation; empties the artifacts bucket (every version) before its stack; stacks already gone "
        + "are skipped; anything left behind is listed (exit 6)."})
public final class DestroyCommand extends VerbCommand {
  @Option(names = "--wait-timeout", paramLabel = "DURATION", defaultValue = "30m",
      description = "How long to wait for a stack busy with another operation (default: ${DEFAULT-VALUE}).")
  String waitTimeout;

  @Override
  public Integer call() {
    Duration busy = DeployOptions.duration(waitTimeout);
    try (Session session = openSession()) {
      Console c = session.console();
      c.requireAnswerable("destroy");
      String env = session.env();
      CloudFormationGateway cfn = session.cloudFormation();
      Map<StackPart, StackInfo> existing = new EnumMap<>(StackPart.class);
      for (StackPart p : StackPart.values()) cfn.describe(p.stackName(env)).ifPresent(s -> existing.put(p, s));
      if (existing.isEmpty()) {
        c.println("Nothing to destroy: no zerodown-" + env + " stacks in " + session.settings().region().id());
        if (c.json()) c.result(Json.write(Map.of("deleted", List.of(), "leftovers", List.of())));
        return ExitCode.OK;
      }
      c.println("This deletes " + existing.size() + " stack" + (existing.size() == 1 ? "" : "s") + " in "
          + session.settings().region().id() + ", and every object version in the artifacts bucket:");
      existing.values().forEach(s -> c.println("  - " + s.name() + " (" + s.status() + ")"));
      if (!c.confirm("Destroy zerodown-" + env + "?")) {
        throw new UserException(ExitCode.NOT_CONFIRMED, "nothing deleted");
      }
      StackDeployer deployer = new StackDeployer(cfn, session.watcher(), session.progress(), c, Method.DIRECT,
          session.host().pollInterval(), busy, session.host().resumeHint());
      Set<StackPart> gone = EnumSet.allOf(StackPart.class);
      gone.removeAll(existing.keySet());
      List<String> deleted = new ArrayList<>();
      Map<String, String> leftovers = new LinkedHashMap<>();
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
        if (now.contains(StackPart.ARTIFACTS)) emptyBucket(session, existing.get(StackPart.ARTIFACTS), leftovers);
        for (StackResult r : deleteAll(deployer, now, env)) {
          StackPart p = partOf(r.stack(), env);
          if ("DELETE_COMPLETE".equals(r.status())) {
            gone.add(p);
            deleted.add(r.stack());
          } else {
            leftovers.put(r.stack(), r.status() + (r.reasons().isEmpty() ? "" : ": " + String.join("; ", r.reasons())));
          }
        }
      }
      if (c.json()) {
        c.result(Json.write(Map.of("deleted", deleted, "leftovers", leftovers)));
      }
      if (leftovers.isEmpty()) {
        c.println(c.green("Destroyed zerodown-" + env + ": " + deleted.size() + " stacks deleted"));
        return ExitCode.OK;
      }
      c.err().println("Left behind:");
      leftovers.forEach((k, v) -> c.err().println("  " + k + "  " + v));
      c.err().flush();
      throw new UserException(ExitCode.PARTIAL_DESTROY, "destroy incomplete: " + leftovers.size() + " stack"
          + (leftovers.size() == 1 ? "" : "s") + " left behind (listed above); fix the cause and run destroy again");
    }
  }

  private static void emptyBucket(Session session, StackInfo artifacts, Map<String, String> leftovers) {
    String bucket = artifacts.outputs().get("BucketName");
    if (bucket == null) return;
    int n = session.artifacts().empty(bucket);
    session.console().println("emptied s3://" + bucket + ": " + n + " object version" + (n == 1 ? "" : "s") + " deleted");
  }

  private static List<StackResult> deleteAll(StackDeployer deployer, List<StackPart> parts, String env) {
    if (parts.isEmpty()) return List.of();
    if (parts.size() == 1) return List.of(deployer.delete(parts.get(0).stackName(env)));
    ExecutorService pool = Executors.newFixedThreadPool(parts.size());
    try {
      List<Future<StackResult>> futures = parts.stream()
          .map(p -> pool.submit(() -> deployer.delete(p.stackName(env)))).toList();
      List<StackResult> results = new ArrayList<>();
      for (Future<StackResult> f : futures) {
        try {
          results.add(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UserException(ExitCode.INTERRUPTED, "interrupted");
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) throw r;
          throw new IllegalStateException(e.getCause());
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static StackPart partOf(String stack, String env) {
    for (StackPart p : StackPart.values()) if (p.stackName(env).equals(stack)) return p;
    throw new IllegalStateException(stack);
  }
}
