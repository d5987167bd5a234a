package dev.zerodown.provisioner.scale;

import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackResult;
import dev.zerodown.provisioner.cfn.StackSpec;
import dev.zerodown.provisioner.cfn.StackState;
import dev.zerodown.provisioner.cfn.Template;
import dev.zerodown.provisioner.cfn.TemplateStore;
import dev.zerodown.provisioner.cli.KeptParameters;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.fleet.WebTier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The web group's size: reads it with its policies and latest activities ({@link #show}), and changes its minimum and
 * maximum by updating only the web stack's WebMinSize and WebMaxSize parameters ({@link #resize}): the deployed
 * template, every other parameter as deployed. The desired capacity stays the scaling policies' (the template sets
 * none), so an update never undoes a scale-out.
 */
public final class Scaling {
  /** How many scaling activities are shown. */
  static final int ACTIVITIES = 8;
  /** The web stack's parameters that the policies' targets come from, shown when Auto Scaling lists no policy. */
  static final List<String> TARGETS = List.of("TargetRequestsPerInstance", "TargetCpuUtilization");

  /** Shows the change, confirms, runs it and follows it to the end (deploy's {@code StackDeployer}). */
  @FunctionalInterface
  public interface Updater {
    StackResult update(StackSpec spec);
  }

  private final CloudFormationGateway cfn;
  private final AutoScalingGateway autoScaling;
  private final Updater updater;
  private final TemplateStore templates;
  private final Consumer<String> events;
  private final String env;
  private final String deployHint;
  private final Function<String, String> hint;

  /**
   * {@code templates}: the deployed template body as CloudFormation takes it (inline, or uploaded when too large);
   * {@code events}: progress lines; {@code hint}: the command line of a verb in this environment, for errors.
   */
  public Scaling(CloudFormationGateway cfn, AutoScalingGateway autoScaling, Updater updater,
      TemplateStore templates, Consumer<String> events, String env, Function<String, String> hint) {
    this.cfn = Objects.requireNonNull(cfn, "cfn");
    this.autoScaling = Objects.requireNonNull(autoScaling, "autoScaling");
    this.updater = Objects.requireNonNull(updater, "updater");
    this.templates = Objects.requireNonNull(templates, "templates");
    this.events = Objects.requireNonNull(events, "events");
    this.env = Objects.requireNonNull(env, "env");
    this.hint = Objects.requireNonNull(hint, "hint");
    this.deployHint = hint.apply("deploy");
  }

  /** The group as it is now: sizes, policies, latest activities. */
  public ScaleReport show() {
    StackInfo web = WebTier.stack(cfn, env, StackPart.WEB, deployHint);
    return read(autoScaling, web.name(), group(web), web.parameters());
  }

  /** Sizes, policies and activities of {@code group}; {@code webParameters}: the web stack's, for the declared targets. */
  public static ScaleReport read(AutoScalingGateway autoScaling, String stack, String group,
      Map<String, String> webParameters) {
    AutoScalingGateway.Group g = autoScaling.group(group).orElseThrow(() -> new UserException(ExitCode.PRECONDITION,
        "Auto Scaling group " + group + " not found: deploy the web stack first"));
    long inService = g.members().stream().filter(m -> "InService".equals(m.lifecycle())).count();
    Map<String, String> declared = new LinkedHashMap<>();
    for (String k : TARGETS) if (webParameters.containsKey(k)) declared.put(k, webParameters.get(k));
    return new ScaleReport(stack, g.name(), g.min(), g.max(), g.desired(), inService, autoScaling.policies(group),
        autoScaling.activities(group, ACTIVITIES), declared, Optional.empty());
  }

  /** A size change as asked: a new minimum, a new maximum, or both (what is empty stays as deployed). */
  public record Sizes(OptionalInt min, OptionalInt max) {}

  /**
   * Sets the group's minimum and/or maximum (each already checked on its own, both together when both are given;
   * a lone one against the deployed other here): nothing when they are the deployed ones; otherwise an update of the
   * web stack that changes only WebMinSize and WebMaxSize.
   */
  public ScaleReport resize(Sizes sizes) {
    StackInfo web = WebTier.stack(cfn, env, StackPart.WEB, deployHint);
    String group = group(web);
    Map<String, String> deployed = web.parameters();
    if (!deployed.containsKey("WebMinSize") || !deployed.containsKey("WebMaxSize")) {
      throw new UserException(ExitCode.PRECONDITION, web.name() + " has no parameters WebMinSize and WebMaxSize: it was "
          + "deployed by an earlier zerodown; run " + deployHint + " --web-min-size N --web-max-size M");
    }
    int fromMin = Integer.parseInt(deployed.get("WebMinSize"));
    int fromMax = Integer.parseInt(deployed.get("WebMaxSize"));
    int min = sizes.min().orElse(fromMin);
    int max = sizes.max().orElse(fromMax);
    if (max <= min) {
      // only one size was given (both together are checked before any AWS call): the other is the deployed one
      throw new UserException(ExitCode.PRECONDITION, (sizes.min().isPresent()
          ? "--min " + min + " is not below the deployed maximum " + fromMax + ": pass --max too"
          : "--max " + max + " is not above the deployed minimum " + fromMin + ": pass --min too")
          + " (a rolling update adds its new instance before an old one leaves)");
    }
    if (fromMin == min && fromMax == max) {
      return read(autoScaling, web.name(), group, deployed).with(new ScaleReport.Change(fromMin, fromMax, min, max, null));
    }
    requireSettled(web, hint);
    String body = cfn.deployedTemplate(web.name());
    Map<String, String> parameters = KeptParameters.of(deployed, body);
    parameters.put("WebMinSize", String.valueOf(min));
    parameters.put("WebMaxSize", String.valueOf(max));
    Map<String, String> tags = StackPart.WEB.tags(env);
    events.accept(web.name() + ": min " + fromMin + " -> " + min + ", max " + fromMax + " -> " + max
        + " (WebMinSize and WebMaxSize; the template and every other parameter as deployed)");
    StackResult result = updater.update(new StackSpec(web.name(), templates.place(body, "web.yaml"), parameters, tags,
        Template.resourceCount(body), Map.of()));
    if (result.failed()) {
      throw new UserException(ExitCode.STACK_FAILED, web.name() + " ended " + result.status()
          + (result.reasons().isEmpty() ? "" : ": " + String.join("; ", result.reasons()))
          + "; the group keeps min " + fromMin + ", max " + fromMax);
    }
    Map<String, String> now = result.info().map(StackInfo::parameters).orElse(parameters);
    return read(autoScaling, web.name(), group, now).with(new ScaleReport.Change(fromMin, fromMax, min, max,
        result.status()));
  }

  private String group(StackInfo web) {
    String group = web.outputs().get("AutoScalingGroupName");
    if (group == null || group.isBlank()) {
      throw new UserException(ExitCode.PRECONDITION, web.name() + " has no output AutoScalingGroupName: its deployment is "
          + "incomplete; run " + deployHint + " again");
    }
    return group;
  }

  /** A size change needs a settled stack; a failed one is named with the command that gets it out. */
  static void requireSettled(StackInfo web, Function<String, String> hint) {
    StackState state = web.state();
    if (state == StackState.BUSY) {
      throw new UserException(ExitCode.STACK_BUSY, web.name() + " is " + web.status()
          + ": wait until it settles (a rollout?), then run scale again");
    }
    if (String.valueOf(web.status()).endsWith("_FAILED")) {
      throw new UserException(ExitCode.PRECONDITION, web.name() + " is " + web.status() + ": "
          + StackDeployer.wayOut(web.name(), web.status(), hint) + ", then run scale again");
    }
    if (state != StackState.STABLE) {
      throw new UserException(ExitCode.PRECONDITION, web.name() + " is " + web.status()
          + ": it cannot be updated; run " + hint.apply("deploy") + " first");
    }
  }
}
