package dev.zerodown.provisioner.status;

import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.aws.AutoScalingGateway.Activity;
import dev.zerodown.provisioner.aws.AutoScalingGateway.Group;
import dev.zerodown.provisioner.aws.AutoScalingGateway.Member;
import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.aws.Ec2Gateway;
import dev.zerodown.provisioner.aws.LoadBalancingGateway.TargetHealth;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.cli.VerbCommand;
import dev.zerodown.provisioner.cli.Version;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.console.Json;
import dev.zerodown.provisioner.environment.Endpoints;
import dev.zerodown.provisioner.environment.Images;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.error.ExitCode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/** status: the stacks and their outputs, and every web instance with its lifecycle, health and agent jar digest. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = {"Shows every stack's state and outputs, the web instances (ASG lifecycle and health, target "
        + "health, verdict, agent jar digest they were launched with) and the bastion."})
public final class StatusCommand extends VerbCommand {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  /** One web or bastion instance as status shows it. */
  public record InstanceRow(String id, String zone, String lifecycle, String health, String target, Verdict verdict,
      String privateIp, String agentSha256) {}

  @picocli.CommandLine.Option(names = "--image-parameter", paramLabel = "SSM_PATH",
      description = "SSM parameter to compare each tier's AMI with (default: AL2023 for the tier's instance type architecture, as deploy uses).")
  String imageParameter;

  @picocli.CommandLine.Option(names = "--drift",
      description = "Also detect drift (DetectStackDrift) on every stack: resources changed outside CloudFormation, "
          + "with the properties that differ. Takes a minute or more.")
  boolean drift;

  /** One tier's pinned AMI and what its image parameter names now (empty when that cannot be read). */
  public record TierImage(String tier, String ami, String parameter, Optional<String> latest) {
    public boolean newer() {
      return latest.isPresent() && !latest.get().equals(ami);
    }
  }

  @Override
  public Integer call() {
    try (Session session = openSession()) {
      Console c = session.console();
      String env = session.env();
      CloudFormationGateway cfn = session.cloudFormation();
      Map<StackPart, Optional<StackInfo>> stacks = new EnumMap<>(StackPart.class);
      for (StackPart p : StackPart.values()) stacks.put(p, cfn.describe(p.stackName(env)));
      Map<StackPart, Map<String, String>> outputs = new EnumMap<>(StackPart.class);
      stacks.forEach((p, s) -> s.ifPresent(i -> outputs.put(p, i.outputs())));

      String tg = outputs.getOrDefault(StackPart.NETWORK, Map.of()).get("TargetGroupArn");
      Map<String, TargetHealth> targets = tg == null ? Map.of() : session.loadBalancing().targetHealth(tg);
      Optional<Group> web = group(session, outputs.getOrDefault(StackPart.WEB, Map.of()).get("AutoScalingGroupName"));
      Optional<Group> bastion = group(session, outputs.getOrDefault(StackPart.BASTION, Map.of()).get("AutoScalingGroupName"));
      List<InstanceRow> webRows = rows(session.ec2(), web, targets);
      List<InstanceRow> bastionRows = rows(session.ec2(), bastion, Map.of());
      Endpoints endpoints = Endpoints.from(env, session.settings().region().id(), outputs, ownRedis(stacks),
          webRows.stream().map(InstanceRow::privateIp).filter(ip -> ip != null).findFirst(), hasKey(stacks));

      List<TierImage> images = images(session, stacks);
      Optional<List<Activity>> activities = web.map(g -> activities(session, g.name()));
      if (c.json()) {
        Map<String, Object> doc = json(env, stacks, web, webRows, bastion, bastionRows, targets, endpoints);
        if (doc.get("web") instanceof Map<?, ?> w) {
          @SuppressWarnings("unchecked") Map<String, Object> webDoc = (Map<String, Object>) w;
          webDoc.put("activities", activities.orElse(List.of()).stream().map(StatusCommand::activityJson).toList());
        }
        Map<String, Object> im = new LinkedHashMap<>();
        for (TierImage i : images) {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("ami", i.ami());
          one.put("parameter", i.parameter());
          one.put("latest", i.latest().orElse(null));
          one.put("newer", i.newer());
          im.put(i.tier(), one);
        }
        doc.put("images", im);
        c.result(Json.write(doc));
        return failed(session, stacks);
      }
      c.println(c.bold("zerodown-" + env) + " (" + session.settings().region().id() + ")");
      c.println("Stacks");
      int width = stacks.keySet().stream().mapToInt(p -> p.stackName(env).length()).max().orElse(0);
      stacks.forEach((p, s) -> c.println("  " + String.format("%-" + width + "s", p.stackName(env)) + "  "
          + s.map(i -> paint(c, i.status()) + (i.lastChanged() == null ? "" : "  " + TIME.format(i.lastChanged())))
              .orElse(c.dim("not deployed"))));
      if (stacks.values().stream().allMatch(Optional::isEmpty)) {
        c.println("Nothing deployed for environment " + env + ": run " + session.hint("deploy"));
        return ExitCode.OK;
      }
      c.println("Outputs");
      outputs.forEach((p, o) -> o.forEach((k, v) -> c.println("  " + p.partName() + "." + k + " = " + v)));
      web.ifPresent(g -> printGroup(c, "Web instances", g, webRows));
      activities.ifPresent(list -> {
        c.println("Recent scaling activities (newest first; scale shows the policies)");
        if (list.isEmpty()) c.println("  " + c.dim("none"));
        for (Activity a : list) {
          c.println("  " + (a.start() == null ? "?" : TIME.format(a.start())) + "  " + a.status() + "  " + a.description());
          if (a.cause() != null && !a.cause().isBlank()) c.println("      " + c.dim("cause: " + a.cause()));
        }
      });
      targets.keySet().stream().filter(id -> webRows.stream().noneMatch(r -> r.id().equals(id)))
          .forEach(id -> c.println("  " + id + "  (registered, not in the ASG)  target " + targets.get(id).state()));
      bastion.ifPresent(g -> printGroup(c, "Bastion", g, bastionRows));
      if (!images.isEmpty()) {
        c.println("Images (pinned; deploy --update-ami moves them)");
        for (TierImage i : images) {
          c.println("  " + String.format("%-8s", i.tier()) + i.ami() + "  " + (i.latest().isEmpty()
              ? c.dim("cannot read " + i.parameter())
              : i.newer() ? c.yellow("newer: " + i.latest().get() + " (" + i.parameter() + ")")
                  : "current (" + i.parameter() + ")"));
        }
      }
      List<String> lines = endpoints.lines(c::bold);
      if (!lines.isEmpty()) {
        c.println("Endpoints");
        lines.forEach(c::println);
      }
      if (drift) printDrift(session, stacks);
      return failed(session, stacks);
    }
  }

  /**
   * Drift per settled stack: DetectStackDrift, DescribeStackDriftDetectionStatus until the detection ends, then the
   * drifted resources (DescribeStackResourceDrifts, MODIFIED and DELETED) with the properties that differ.
   */
  private static void printDrift(Session session, Map<StackPart, Optional<StackInfo>> stacks) {
    Console c = session.console();
    CloudFormationGateway cfn = session.cloudFormation();
    var watcher = session.watcher();
    c.println("Drift (changes made outside CloudFormation)");
    for (Optional<StackInfo> s : stacks.values()) {
      if (s.isEmpty() || s.get().status().endsWith("_IN_PROGRESS")) continue;
      String name = s.get().name();
      String id = watcher.read(() -> cfn.detectDrift(name));
      String[] st = watcher.read(() -> cfn.driftStatus(id));
      long deadline = System.nanoTime() + java.time.Duration.ofMinutes(10).toNanos();
      while ("DETECTION_IN_PROGRESS".equals(st[0]) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(Math.max(1, session.host().pollInterval().toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UserException(ExitCode.INTERRUPTED, "interrupted");
        }
        st = watcher.read(() -> cfn.driftStatus(id));
      }
      if ("DETECTION_IN_PROGRESS".equals(st[0])) {
        c.println("  " + name + "  " + c.dim("drift detection still running after 10m"));
        continue;
      }
      c.println("  " + name + "  " + ("DRIFTED".equals(st[1]) ? c.yellow(st[1]) : String.valueOf(st[1]))
          + ("DETECTION_FAILED".equals(st[0]) ? " (detection failed: " + st[2] + ")" : ""));
      if ("DRIFTED".equals(st[1])) watcher.read(() -> cfn.resourceDrifts(name)).forEach(l -> c.println("    " + l));
    }
  }

  /** OK, or (after everything was shown) exit 1 naming each stack left in a *_FAILED status and its way out. */
  private static int failed(Session session, Map<StackPart, Optional<StackInfo>> stacks) {
    List<String> failed = stacks.values().stream().flatMap(Optional::stream).filter(i -> i.status().endsWith("_FAILED"))
        .map(i -> i.name() + " is " + i.status() + ": "
            + StackDeployer.wayOut(i.name(), i.status(), session::hint)).toList();
    if (failed.isEmpty()) return ExitCode.OK;
    throw new UserException(ExitCode.STACK_FAILED, String.join("; ", failed));
  }

  /**
   * The Redis deploy was given with --redis-endpoint (no database stack): the web stack's RedisHost and RedisPort, as
   * deploy prints it.
   */
  static Optional<String> ownRedis(Map<StackPart, Optional<StackInfo>> stacks) {
    if (stacks.get(StackPart.DATABASE).isPresent()) return Optional.empty();
    return stacks.get(StackPart.WEB).map(StackInfo::parameters)
        .filter(p -> p.get("RedisHost") != null && !p.get("RedisHost").isBlank())
        .map(p -> p.get("RedisHost") + ":" + p.getOrDefault("RedisPort", "6379")
            + ("true".equals(p.get("RedisTls")) ? " (TLS)" : ""));
  }

  /** Whether the instances got a key pair: the bastion's (else the web tier's) KeyName parameter. */
  static boolean hasKey(Map<StackPart, Optional<StackInfo>> stacks) {
    return stacks.get(StackPart.BASTION).or(() -> stacks.get(StackPart.WEB)).map(StackInfo::parameters)
        .map(p -> p.get("KeyName") != null && !p.get("KeyName").isBlank()).orElse(false);
  }

  /** The web and bastion tiers' deployed AMI ids, each with what its image parameter names now. */
  private List<TierImage> images(Session session, Map<StackPart, Optional<StackInfo>> stacks) {
    List<TierImage> out = new java.util.ArrayList<>();
    for (StackPart tier : List.of(StackPart.WEB, StackPart.BASTION)) {
      Optional<StackInfo> s = stacks.get(tier);
      String deployed = s.map(i -> i.parameters().get("ImageId")).orElse(null);
      if (deployed == null || deployed.isBlank()) continue;
      String ami = Images.isParameterPath(deployed)
          ? session.cloudFormation().resolvedParameter(s.get().name(), "ImageId").orElse(deployed) : deployed;
      String type = s.get().parameters().getOrDefault("InstanceType", "");
      String parameter = imageParameter != null ? imageParameter
          : Images.isParameterPath(deployed) ? deployed
          : Images.defaultParameter(type.isEmpty() ? Optional.empty() : session.ec2().instanceTypeArchitectures(type));
      Optional<String> latest;
      try {
        latest = session.ssm().parameter(parameter);
      } catch (RuntimeException unreadable) {
        latest = Optional.empty();  // status still shows the rest (AccessDenied, an emulator without the parameter)
      }
      out.add(new TierImage(tier.partName(), ami, parameter, latest));
    }
    return out;
  }

  /** How many scaling activities status shows. */
  static final int ACTIVITIES = 5;

  /** The web group's latest scaling activities; none when they cannot be read (status still shows the rest). */
  private static List<Activity> activities(Session session, String group) {
    try {
      return session.autoScaling().activities(group, ACTIVITIES);
    } catch (RuntimeException unreadable) {
      session.console().detail("scaling activities of " + group + ": " + unreadable.getMessage());
      return List.of();
    }
  }

  private static Map<String, Object> activityJson(Activity a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("start", a.start() == null ? null : a.start().toString());
    m.put("end", a.end() == null ? null : a.end().toString());
    m.put("status", a.status());
    m.put("description", a.description());
    m.put("cause", a.cause());
    return m;
  }

  private static Optional<Group> group(Session session, String name) {
    return name == null ? Optional.empty() : session.autoScaling().group(name);
  }

  static List<InstanceRow> rows(Ec2Gateway ec2, Optional<Group> group, Map<String, TargetHealth> targets) {
    if (group.isEmpty()) return List.of();
    List<Member> members = group.get().members();
    var instances = ec2.instances(members.stream().map(Member::instanceId).toList());
    Map<String, String> digests = new LinkedHashMap<>();
    List<InstanceRow> rows = new ArrayList<>();
    for (Member m : members) {
      TargetHealth t = targets.get(m.instanceId());
      String digest = m.launchTemplateId() == null ? null
          : digests.computeIfAbsent(m.launchTemplateId() + ":" + m.launchTemplateVersion(), k -> LaunchedDigest.of(ec2, m));
      var instance = instances.get(m.instanceId());
      rows.add(new InstanceRow(m.instanceId(), m.zone(), m.lifecycle(), m.health(), t == null ? null : t.state(),
          Verdict.classify(m.lifecycle(), m.health(), t == null ? null : t.state()),
          instance == null ? null : instance.privateIp(), digest));
    }
    return rows;
  }

  /** The first SHA256=&lt;hex&gt; in a user-data script, or null. */
  public static String digestIn(String userData) {
    return LaunchedDigest.in(userData);
  }

  private static void printGroup(Console c, String title, Group g, List<InstanceRow> rows) {
    long inService = rows.stream().filter(r -> "InService".equals(r.lifecycle())).count();
    c.println(title + " (ASG " + g.name() + ": min " + g.min() + ", max " + g.max() + ", desired " + g.desired() + ", "
        + inService + " in service)");
    for (InstanceRow r : rows) {
      String verdict = switch (r.verdict()) {
        case SERVING -> c.green(r.verdict().name());
        case STARTING, DRAINING, IDLE -> c.yellow(r.verdict().name());
        default -> c.red(r.verdict().name());
      };
      c.println("  " + r.id() + "  " + r.zone() + "  " + r.lifecycle() + "/" + r.health()
          + (r.target() == null ? "" : "  target " + r.target()) + "  " + verdict
          + (r.privateIp() == null ? "" : "  " + r.privateIp())
          + (r.agentSha256() == null ? "" : "  agent " + r.agentSha256().substring(0, 12)));
    }
  }

  private static String paint(Console c, String status) {
    if (status.endsWith("_FAILED") || status.contains("ROLLBACK")) return c.red(status);
    if (status.endsWith("_IN_PROGRESS")) return c.yellow(status);
    return c.green(status);
  }

  private static Map<String, Object> json(String env, Map<StackPart, Optional<StackInfo>> stacks, Optional<Group> web,
      List<InstanceRow> webRows, Optional<Group> bastion, List<InstanceRow> bastionRows, Map<String, TargetHealth> targets,
      Endpoints endpoints) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("env", env);
    Map<String, Object> st = new LinkedHashMap<>();
    stacks.forEach((p, s) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("status", s.map(StackInfo::status).orElse("NOT_DEPLOYED"));
      one.put("outputs", s.map(StackInfo::outputs).orElse(Map.of()));
      st.put(p.stackName(env), one);
    });
    doc.put("stacks", st);
    doc.put("web", groupJson(web, webRows));
    doc.put("bastion", groupJson(bastion, bastionRows));
    Map<String, Object> t = new LinkedHashMap<>();
    targets.forEach((id, h) -> t.put(id, h.state()));
    doc.put("targets", t);
    doc.put("endpoints", endpoints.json());
    return doc;
  }

  private static Object groupJson(Optional<Group> group, List<InstanceRow> rows) {
    if (group.isEmpty()) return null;
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("name", group.get().name());
    g.put("desired", group.get().desired());
    g.put("min", group.get().min());
    g.put("max", group.get().max());
    List<Object> list = new ArrayList<>();
    for (InstanceRow r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", r.id());
      m.put("zone", r.zone());
      m.put("lifecycle", r.lifecycle());
      m.put("health", r.health());
      m.put("target", r.target());
      m.put("verdict", r.verdict().name());
      m.put("privateIp", r.privateIp());
      m.put("agentSha256", r.agentSha256());
      list.add(m);
    }
    g.put("instances", list);
    return g;
  }
}
