package dev.zerodown.provisioner.rollout;

import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.artifacts.ArtifactsGateway;
import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.aws.LoadBalancingGateway;
import dev.zerodown.provisioner.aws.Patience;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackState;
import dev.zerodown.provisioner.cfn.Template;
import dev.zerodown.provisioner.cfn.TemplateStore;
import dev.zerodown.provisioner.cli.KeptParameters;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.fleet.Fleet;
import dev.zerodown.provisioner.fleet.FleetSnapshot;
import dev.zerodown.provisioner.fleet.WebTier;
import dev.zerodown.provisioner.host.InFlight;
import dev.zerodown.provisioner.probe.DurationConverter;
import dev.zerodown.provisioner.probe.Timeline;
import dev.zerodown.provisioner.rollout.RolloutTracker.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * Rolls a new agent jar through the web group: puts the jar in the artifacts bucket under its digest, updates
 * only the web stack's {@code ArtifactSha256} (same template, every other parameter as deployed), and follows
 * the template's rolling update instance by instance until the stack settles. A new instance that fails its
 * health checks cancels the update, and CloudFormation rolls back to the previous jar.
 */
public final class Rollout {
  /** What to roll out: a jar to upload, or a digest already in the bucket. */
  public sealed interface Source {
    record Jar(AgentJar jar) implements Source {}

    record Digest(String sha256) implements Source {}
  }

  /** The AWS services a rollout reads and changes, and the patience the follow loop reads them with. */
  public record Aws(CloudFormationGateway cfn, ArtifactsGateway artifacts, AutoScalingGateway autoScaling,
      LoadBalancingGateway loadBalancing, Patience patience) {
    public Aws {
      Objects.requireNonNull(cfn, "cfn");
      Objects.requireNonNull(artifacts, "artifacts");
      Objects.requireNonNull(autoScaling, "autoScaling");
      Objects.requireNonNull(loadBalancing, "loadBalancing");
      Objects.requireNonNull(patience, "patience");
    }
  }

  /** Time between two polls of the update, and how long to follow it before leaving it to CloudFormation. */
  public record Timing(Duration poll, Duration timeout) {
    public Timing {
      Objects.requireNonNull(poll, "poll");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /**
   * The update under way, as the follow loop needs it: the stack, its fleet and how it was before, the agent digests
   * before and after, the newest event before the update and the stack's last change then (so that older ones are
   * not taken for the update's), and the timeline the report's times are measured on.
   */
  private record Update(String stack, Fleet fleet, FleetSnapshot before, String from, String to,
      String lastEventBefore, Instant changedBefore, Timeline timeline) {}

  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  static final String PARAMETER = "ArtifactSha256";

  private final WebTier tier;
  private final Aws aws;
  private final InFlight inFlight;
  private final Timing timing;
  private final Function<String, String> commands;
  private final Consumer<String> events;
  private final Consumer<String> warnings;

  /**
   * {@code tier}: the web and network stacks as read before the rollout; {@code commands}: the full command line of a
   * verb for hints ({@code status -> java -jar provisioner.jar status --env …}); {@code events}: the lines of the
   * rollout as it goes; {@code warnings}: what it could not do and carries on from.
   */
  public Rollout(WebTier tier, Aws aws, InFlight inFlight, Timing timing, Function<String, String> commands,
      Consumer<String> events, Consumer<String> warnings) {
    this.tier = Objects.requireNonNull(tier, "tier");
    this.aws = Objects.requireNonNull(aws, "aws");
    this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.commands = Objects.requireNonNull(commands, "commands");
    this.events = Objects.requireNonNull(events, "events");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  public static String requireDigest(String digest) {
    if (digest == null || !SHA256.matcher(digest).matches()) {
      throw UserException.usage("--to must be a lowercase hex SHA-256 (64 characters) of an agent jar in the "
          + "artifacts bucket: " + digest);
    }
    return digest;
  }

  public RolloutReport run(Source source) throws InterruptedException {
    String env = tier.env();
    CloudFormationGateway cfn = aws.cfn();
    StackInfo web = tier.web();
    String stack = web.name();
    requireSettled(web);
    String bucket = WebTier.stack(cfn, env, StackPart.ARTIFACTS, commands.apply("deploy")).outputs().get("BucketName");
    if (bucket == null || bucket.isBlank()) {
      throw new UserException(ExitCode.PRECONDITION, StackPart.ARTIFACTS.stackName(env)
          + " has no output BucketName: run " + commands.apply("deploy") + " first");
    }
    String digest = stage(source, bucket);
    String previous = web.parameters().get(PARAMETER);
    if (previous == null) {
      throw new UserException(ExitCode.PRECONDITION, stack + " has no parameter " + PARAMETER
          + ": it was deployed by another version of zerodown; run deploy");
    }
    Fleet fleet = tier.fleet(aws.autoScaling(), aws.loadBalancing());
    FleetSnapshot before = fleet.snapshot();
    if (digest.equals(previous)) {
      events.accept(stack + " already runs agent " + shortDigest(digest) + ": nothing to roll out");
      return RolloutReport.upToDate(stack, digest, before);
    }
    if (before.serving().size() < 2) {
      throw new UserException(ExitCode.PRECONDITION, "only " + before.serving().size()
          + " web instance(s) InService and healthy in " + fleet.groupName() + ": a rollout keeps 2 serving, so "
          + "the group must be whole first (see " + commands.apply("status") + ")");
    }

    String body = cfn.deployedTemplate(stack);
    Template template = template(body, bucket);
    Map<String, String> parameters = keptParameters(web.parameters(), body);
    parameters.put(PARAMETER, digest);
    Map<String, String> tags = StackPart.WEB.tags(env);
    String lastEvent = cfn.newestEventId(stack);
    Instant changedBefore = web.lastChanged();
    events.accept("rolling " + stack + " from agent " + shortDigest(previous) + " to " + shortDigest(digest)
        + " (" + before.members().size() + (before.members().size() == 1 ? " instance" : " instances")
        + ", one at a time)");
    Timeline timeline = Timeline.startingNow();
    inFlight.start(stack, "the rollout of " + stack + " to agent " + shortDigest(digest));
    try {
      if (!cfn.updateStack(stack, template, parameters, tags)) {
        events.accept(stack + ": CloudFormation found nothing to update");
        return RolloutReport.upToDate(stack, digest, before);
      }
      return follow(new Update(stack, fleet, before, previous, digest, lastEvent, changedBefore, timeline));
    } finally {
      inFlight.end(stack);
    }
  }

  /** Polls the stack's events, its status and the fleet until the update settles (or fails, or the timeout). */
  private RolloutReport follow(Update u) throws InterruptedException {
    CloudFormationGateway cfn = aws.cfn();
    Patience patience = aws.patience();
    String stack = u.stack();
    RolloutTracker tracker = new RolloutTracker(u.before(), events);
    // Every read of the loop rides out throttling, 5xx and network errors; only Host.AWS_PATIENCE (2 minutes) of them
    // end the verb.
    String lastSeen = u.lastEventBefore();
    boolean started = false;
    boolean cancelled = false;
    String failure = null;
    while (true) {
      Duration at = u.timeline().elapsed();
      String since = lastSeen;
      for (StackEvent e : patience.call(() -> cfn.eventsSince(stack, since))) {
        lastSeen = e.id();
        started = true;
        if (e.isStackEvent() || e.reason() != null && !e.reason().isBlank()) {
          events.accept(Elapsed.plus(at) + "  " + e.logicalId() + "  " + e.status()
              + (e.reason() == null || e.reason().isBlank() ? "" : "  " + e.reason()));
        }
      }
      StackInfo info = patience.call(() -> cfn.describe(stack)).orElseThrow(() -> new UserException(ExitCode.STACK_FAILED,
          stack + " disappeared during the rollout"));
      String status = info.status();
      // Until the update shows (a new event, a busy status, a newer change time) a settled status is the old one.
      started |= status.endsWith("_IN_PROGRESS") || info.lastChanged() != null && u.changedBefore() != null
          && info.lastChanged().isAfter(u.changedBefore());
      Verdict verdict = tracker.observe(at, started ? status : "UPDATE_IN_PROGRESS", info.statusReason(),
          patience.call(u.fleet()::snapshot));
      if (failure == null && (verdict == Verdict.NEW_INSTANCE_FAILED || verdict == Verdict.STACK_FAILED)) {
        failure = tracker.failure().orElse(status);
        events.accept(Elapsed.plus(at) + "  stopping: " + failure);
        if (verdict == Verdict.NEW_INSTANCE_FAILED && status.equals("UPDATE_IN_PROGRESS")) {
          cancelled = cancel(stack, u.from(), at);
        }
      }
      boolean settled = started && StackState.of(status) != StackState.BUSY;
      if (settled && failure == null && verdict == Verdict.COMPLETE) {
        return RolloutReport.finished(stack, u.from(), u.to(), tracker, patience.call(u.fleet()::snapshot),
            u.timeline().elapsed(), null, false, status);
      }
      if (settled && (failure != null || verdict != Verdict.RUNNING)) {
        return RolloutReport.finished(stack, u.from(), u.to(), tracker, patience.call(u.fleet()::snapshot),
            u.timeline().elapsed(), failure == null ? "the stack ended " + status : failure, cancelled, status);
      }
      if (u.timeline().elapsed().compareTo(timing.timeout()) >= 0) {
        throw new UserException(ExitCode.STACK_BUSY, stack + " is still " + status + " after "
            + DurationConverter.human(timing.timeout()) + (failure == null ? "" : " (" + failure + ")")
            + ": CloudFormation keeps working; follow it with " + commands.apply("status"));
      }
      Thread.sleep(Math.max(1, timing.poll().toMillis()));
    }
  }

  /** CancelUpdateStack, so CloudFormation rolls back to {@code from}; true when it was accepted. */
  private boolean cancel(String stack, String from, Duration at) {
    try {
      aws.cfn().cancelUpdate(stack);
      events.accept(Elapsed.plus(at) + "  update cancelled: CloudFormation rolls " + stack + " back to agent "
          + shortDigest(from));
      return true;
    } catch (CloudFormationException e) {
      warnings.accept("could not cancel the update of " + stack + ": " + e.awsErrorDetails().errorMessage());
      return false;
    }
  }

  /** Every deployed parameter value, as deployed ({@link KeptParameters}). */
  static Map<String, String> keptParameters(Map<String, String> deployed, String templateBody) {
    return KeptParameters.of(deployed, templateBody);
  }

  private String stage(Source source, String bucket) {
    ArtifactsGateway artifacts = aws.artifacts();
    if (source instanceof Source.Digest d) {
      String key = "agent/" + d.sha256() + "/agent.jar";
      if (!artifacts.exists(bucket, key)) {
        throw new UserException(ExitCode.PRECONDITION, key + " is not in the artifacts bucket " + bucket
            + ": roll out a jar file instead (--agent-jar PATH) to upload it");
      }
      events.accept("agent " + shortDigest(d.sha256()) + " found in " + bucket);
      return d.sha256();
    }
    AgentJar jar = ((Source.Jar) source).jar();
    boolean uploaded = artifacts.uploadIfAbsent(bucket, jar);
    events.accept("agent " + shortDigest(jar.sha256()) + " (" + jar.source() + ", " + jar.bytes().length + " bytes) "
        + (uploaded ? "uploaded to " : "already in ") + bucket + "/" + jar.key());
    return jar.sha256();
  }

  private Template template(String body, String bucket) {
    return new TemplateStore(aws.artifacts(), () -> bucket).place(body, "web.yaml");
  }

  private void requireSettled(StackInfo web) {
    StackState state = web.state();
    if (state == StackState.BUSY) {
      throw new UserException(ExitCode.STACK_BUSY, web.name() + " is " + web.status()
          + ": wait until it settles, then run rollout again");
    }
    if (state != StackState.STABLE) {
      throw new UserException(ExitCode.PRECONDITION, web.name() + " is " + web.status() + ": it cannot be updated; "
          + (state == StackState.ROLLED_BACK_CREATE ? "run " + commands.apply("deploy") + " (it offers to delete and create it again)"
              : StackDeployer.wayOut(web.name(), web.status(), commands))
          + ", then run rollout again");
    }
  }

  static String shortDigest(String sha256) {
    return sha256 == null ? "(none)" : sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
  }
}
