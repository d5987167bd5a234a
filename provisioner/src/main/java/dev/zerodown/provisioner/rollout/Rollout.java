package dev.zerodown.provisioner.rollout;

import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackEvent;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackState;
import dev.zerodown.provisioner.cfn.Template;
import dev.zerodown.provisioner.cfn.TemplateStore;
import dev.zerodown.provisioner.cli.KeptParameters;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.aws.Patience;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.fleet.Fleet;
import dev.zerodown.provisioner.fleet.FleetSnapshot;
import dev.zerodown.provisioner.fleet.WebTier;
import dev.zerodown.provisioner.probe.DurationConverter;
import dev.zerodown.provisioner.probe.Timeline;
import dev.zerodown.provisioner.rollout.RolloutTracker.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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

  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  static final String PARAMETER = "ArtifactSha256";

  private final Session session;
  private final Console console;
  private final Duration poll;
  private final Duration timeout;

  public Rollout(Session session, Duration timeout) {
    this.session = session;
    this.console = session.console();
    this.poll = session.host().pollInterval();
    this.timeout = timeout;
  }

  public static String requireDigest(String digest) {
    if (digest == null || !SHA256.matcher(digest).matches()) {
      throw UserException.usage("--to must be a lowercase hex SHA-256 (64 characters) of an agent jar in the "
          + "artifacts bucket: " + digest);
    }
    return digest;
  }

  public RolloutReport run(Source source) throws InterruptedException {
    String env = session.env();
    CloudFormationGateway cfn = session.cloudFormation();
    WebTier tier = WebTier.read(cfn, env, session.hint("deploy"));
    StackInfo web = tier.web();
    String stack = web.name();
    requireSettled(web, session);
    String bucket = WebTier.stack(cfn, env, StackPart.ARTIFACTS, session.hint("deploy")).outputs().get("BucketName");
    if (bucket == null || bucket.isBlank()) {
      throw new UserException(ExitCode.PRECONDITION, StackPart.ARTIFACTS.stackName(env)
          + " has no output BucketName: run " + session.hint("deploy") + " first");
    }
    String digest = stage(source, bucket);
    String previous = web.parameters().get(PARAMETER);
    if (previous == null) {
      throw new UserException(ExitCode.PRECONDITION, stack + " has no parameter " + PARAMETER
          + ": it was deployed by another version of zerodown; run deploy");
    }
    Fleet fleet = tier.fleet(session.autoScaling(), session.loadBalancing());
    FleetSnapshot before = fleet.snapshot();
    if (digest.equals(previous)) {
      console.println(stack + " already runs agent " + shortDigest(digest) + ": nothing to roll out");
      return RolloutReport.upToDate(stack, digest, before);
    }
    if (before.serving().size() < 2) {
      throw new UserException(ExitCode.PRECONDITION, "only " + before.serving().size()
          + " web instance(s) InService and healthy in " + fleet.groupName() + ": a rollout keeps 2 serving, so "
          + "the group must be whole first (see " + session.hint("status") + ")");
    }

    String body = cfn.deployedTemplate(stack);
    Template template = template(body, bucket);
    Map<String, String> parameters = keptParameters(web.parameters(), body);
    parameters.put(PARAMETER, digest);
    Map<String, String> tags = StackPart.WEB.tags(env);
    String lastEvent = cfn.newestEventId(stack);
    Instant changedBefore = web.lastChanged();
    console.println("rolling " + stack + " from agent " + shortDigest(previous) + " to " + shortDigest(digest)
        + " (" + before.members().size() + (before.members().size() == 1 ? " instance" : " instances")
        + ", one at a time)");
    Timeline timeline = Timeline.startingNow();
    session.host().inFlight().start(stack, "the rollout of " + stack + " to agent " + shortDigest(digest));
    try {
      if (!cfn.updateStack(stack, template, parameters, tags)) {
        console.println(stack + ": CloudFormation found nothing to update");
        return RolloutReport.upToDate(stack, digest, before);
      }
      return follow(cfn, stack, fleet, before, previous, digest, lastEvent, changedBefore, timeline);
    } finally {
      session.host().inFlight().end(stack);
    }
  }

  private RolloutReport follow(CloudFormationGateway cfn, String stack, Fleet fleet, FleetSnapshot before,
      String previous, String digest, String lastEvent, Instant changedBefore, Timeline timeline)
      throws InterruptedException {
    RolloutTracker tracker = new RolloutTracker(before, console::println);
    // Every read of the loop rides out throttling, 5xx and network errors; only 2 minutes of them end the verb.
    Patience patience = session.clients().patience();
    String lastSeen = lastEvent;
    boolean started = false;
    boolean cancelled = false;
    String failure = null;
    while (true) {
      Duration at = timeline.elapsed();
      String since = lastSeen;
      for (StackEvent e : patience.call(() -> cfn.eventsSince(stack, since))) {
        lastSeen = e.id();
        started = true;
        if (e.isStackEvent() || e.reason() != null && !e.reason().isBlank()) {
          console.println(Elapsed.plus(at) + "  " + e.logicalId() + "  " + e.status()
              + (e.reason() == null || e.reason().isBlank() ? "" : "  " + e.reason()));
        }
      }
      StackInfo info = patience.call(() -> cfn.describe(stack)).orElseThrow(() -> new UserException(ExitCode.STACK_FAILED,
          stack + " disappeared during the rollout"));
      String status = info.status();
      // Until the update shows (a new event, a busy status, a newer change time) a settled status is the old one.
      started |= status.endsWith("_IN_PROGRESS") || info.lastChanged() != null && changedBefore != null
          && info.lastChanged().isAfter(changedBefore);
      Verdict verdict = tracker.observe(at, started ? status : "UPDATE_IN_PROGRESS", info.statusReason(),
          patience.call(fleet::snapshot));
      if (failure == null && (verdict == Verdict.NEW_INSTANCE_FAILED || verdict == Verdict.STACK_FAILED)) {
        failure = tracker.failure().orElse(status);
        console.println(Elapsed.plus(at) + "  stopping: " + failure);
        if (verdict == Verdict.NEW_INSTANCE_FAILED && status.equals("UPDATE_IN_PROGRESS")) {
          try {
            cfn.cancelUpdate(stack);
            cancelled = true;
            console.println(Elapsed.plus(at) + "  update cancelled: CloudFormation rolls " + stack + " back to agent "
                + shortDigest(previous));
          } catch (CloudFormationException e) {
            console.warn("could not cancel the update of " + stack + ": " + e.awsErrorDetails().errorMessage());
          }
        }
      }
      boolean settled = started && StackState.of(status) != StackState.BUSY;
      if (settled && failure == null && verdict == Verdict.COMPLETE) {
        return RolloutReport.finished(stack, previous, digest, tracker, patience.call(fleet::snapshot), timeline.elapsed(), null, false, status);
      }
      if (settled && (failure != null || verdict != Verdict.RUNNING)) {
        return RolloutReport.finished(stack, previous, digest, tracker, patience.call(fleet::snapshot), timeline.elapsed(),
            failure == null ? "the stack ended " + status : failure, cancelled, status);
      }
      if (timeline.elapsed().compareTo(timeout) >= 0) {
        throw new UserException(ExitCode.STACK_BUSY, stack + " is still " + status + " after "
            + DurationConverter.human(timeout) + (failure == null ? "" : " (" + failure + ")")
            + ": CloudFormation keeps working; follow it with " + session.hint("status"));
      }
      Thread.sleep(Math.max(1, poll.toMillis()));
    }
  }

  /** Every deployed parameter value, as deployed ({@link KeptParameters}). */
  static Map<String, String> keptParameters(Map<String, String> deployed, String templateBody) {
    return KeptParameters.of(deployed, templateBody);
  }

  private String stage(Source source, String bucket) {
    var artifacts = session.artifacts();
    if (source instanceof Source.Digest d) {
      String key = "agent/" + d.sha256() + "/agent.jar";
      if (!artifacts.exists(bucket, key)) {
        throw new UserException(ExitCode.PRECONDITION, key + " is not in the artifacts bucket " + bucket
            + ": roll out a jar file instead (--agent-jar PATH) to upload it");
      }
      console.println("agent " + shortDigest(d.sha256()) + " found in " + bucket);
      return d.sha256();
    }
    AgentJar jar = ((Source.Jar) source).jar();
    boolean uploaded = artifacts.uploadIfAbsent(bucket, jar);
    console.println("agent " + shortDigest(jar.sha256()) + " (" + jar.source() + ", " + jar.bytes().length + " bytes) "
        + (uploaded ? "uploaded to " : "already in ") + bucket + "/" + jar.key());
    return jar.sha256();
  }

  private Template template(String body, String bucket) {
    return new TemplateStore(session.artifacts(), () -> bucket).place(body, "web.yaml");
  }

  private static void requireSettled(StackInfo web, Session session) {
    StackState state = web.state();
    if (state == StackState.BUSY) {
      throw new UserException(ExitCode.STACK_BUSY, web.name() + " is " + web.status()
          + ": wait until it settles, then run rollout again");
    }
    if (state != StackState.STABLE) {
      throw new UserException(ExitCode.PRECONDITION, web.name() + " is " + web.status() + ": it cannot be updated; "
          + (state == StackState.ROLLED_BACK_CREATE ? "run " + session.hint("deploy") + " (it offers to delete and create it again)"
              : StackDeployer.wayOut(web.name(), web.status(), session::hint))
          + ", then run rollout again");
    }
  }

  static String shortDigest(String sha256) {
    return sha256 == null ? "(none)" : sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
  }

}
