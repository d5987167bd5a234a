package dev.zerodown.provisioner.cfn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.ResourceChangeDetail;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/** Owns the CloudFormation client: every stack, change set and event call goes through here. */
public final class CloudFormationGateway {
  private static final List<Capability> CAPABILITIES = List.of(Capability.CAPABILITY_IAM, Capability.CAPABILITY_NAMED_IAM, Capability.CAPABILITY_AUTO_EXPAND);
  private final CloudFormationClient cfn;
  /** --role-arn: the service role CloudFormation uses for every operation it runs (null: the caller's credentials). */
  private final String roleArn;

  public CloudFormationGateway(CloudFormationClient cfn) {
    this(cfn, null);
  }

  public CloudFormationGateway(CloudFormationClient cfn, String roleArn) {
    this.cfn = cfn;
    this.roleArn = roleArn;
  }

  /** The stack by name or id, or empty when it does not exist. */
  public Optional<StackInfo> describe(String nameOrId) {
    try {
      List<Stack> stacks = cfn.describeStacks(b -> b.stackName(nameOrId)).stacks();
      return stacks.isEmpty() ? Optional.empty() : Optional.of(info(stacks.get(0)));
    } catch (CloudFormationException e) {
      if (isMissing(e)) return Optional.empty();
      throw e;
    }
  }

  /** Starts computing a change set; returns its name. */
  public String createChangeSet(String stack, String changeSetName, boolean create, Template template,
      Map<String, String> parameters, Map<String, String> tags) {
    return createChangeSet(stack, changeSetName, create, template, StackSpec.ParameterPlan.of(parameters), tags);
  }

  /**
   * Starts computing a change set; returns its name. The kept parameters go as UsePreviousValue; the change set's
   * name is also its ClientToken, so a retried call is recognised as the same request.
   */
  public String createChangeSet(String stack, String changeSetName, boolean create, Template template,
      StackSpec.ParameterPlan parameters, Map<String, String> tags) {
    cfn.createChangeSet(b -> {
      b.stackName(stack).changeSetName(changeSetName).clientToken(changeSetName)
          .changeSetType(create ? ChangeSetType.CREATE : ChangeSetType.UPDATE)
          .parameters(parameters(parameters)).tags(tags(tags)).capabilities(CAPABILITIES)
          .description("zerodown");
      if (roleArn != null) b.roleARN(roleArn);
      if (template.url() != null) b.templateURL(template.url()); else b.templateBody(template.body());
    });
    return changeSetName;
  }

  /** The change set's status and (once computed) its changes, all pages. */
  public ChangeSet describeChangeSet(String stack, String changeSetName) {
    List<ResourceChange> changes = new ArrayList<>();
    String token = null;
    DescribeChangeSetResponse r;
    do {
      String next = token;
      r = cfn.describeChangeSet(b -> b.stackName(stack).changeSetName(changeSetName).nextToken(next));
      for (Change c : r.changes()) {
        var rc = c.resourceChange();
        if (rc == null) continue;
        List<String> causes = new ArrayList<>();
        for (ResourceChangeDetail d : rc.details()) {
          if (d.target() != null && d.target().name() != null
              && d.target().requiresRecreationAsString() != null
              && !"Never".equals(d.target().requiresRecreationAsString())
              && !causes.contains(d.target().name())) {
            causes.add(d.target().name());
          }
        }
        changes.add(new ResourceChange(rc.actionAsString(), rc.logicalResourceId(), rc.resourceType(),
            rc.replacementAsString(), causes));
      }
      token = r.nextToken();
    } while (token != null);
    return new ChangeSet(stack, changeSetName, r.statusAsString(), r.statusReason(), changes, r.executionStatusAsString());
  }

  /** Executes a change set; {@code token} (ClientRequestToken) lets CloudFormation recognise a retried call. */
  public void executeChangeSet(String stack, String changeSetName, String token) {
    cfn.executeChangeSet(b -> b.stackName(stack).changeSetName(changeSetName).clientRequestToken(token));
  }

  public void deleteChangeSet(String stack, String changeSetName) {
    cfn.deleteChangeSet(b -> b.stackName(stack).changeSetName(changeSetName));
  }

  public String createStack(String stack, Template template, Map<String, String> parameters, Map<String, String> tags) {
    return createStack(stack, template, parameters, tags, null, null, false);
  }

  /**
   * Starts a create. {@code token}: ClientRequestToken (null for none); {@code policy}: the stack policy (null for
   * none); {@code terminationProtection}: EnableTerminationProtection.
   */
  public String createStack(String stack, Template template, Map<String, String> parameters, Map<String, String> tags,
      String token, String policy, boolean terminationProtection) {
    return cfn.createStack(b -> {
      b.stackName(stack).parameters(parameters(StackSpec.ParameterPlan.of(parameters))).tags(tags(tags))
          .capabilities(CAPABILITIES);
      if (token != null) b.clientRequestToken(token);
      if (policy != null) b.stackPolicyBody(policy);
      if (terminationProtection) b.enableTerminationProtection(true);
      if (roleArn != null) b.roleARN(roleArn);
      if (template.url() != null) b.templateURL(template.url()); else b.templateBody(template.body());
    }).stackId();
  }

  /** Starts an update; false when CloudFormation answers that there is nothing to update. */
  public boolean updateStack(String stack, Template template, Map<String, String> parameters, Map<String, String> tags) {
    return updateStack(stack, template, StackSpec.ParameterPlan.of(parameters), tags, null, null);
  }

  /**
   * Starts an update (kept parameters as UsePreviousValue); false when CloudFormation answers that there is nothing
   * to update. {@code token}: ClientRequestToken (null for none); {@code policyDuringUpdate}: a stack policy that
   * replaces the stack's own for this update only (null for none).
   */
  public boolean updateStack(String stack, Template template, StackSpec.ParameterPlan parameters,
      Map<String, String> tags, String token, String policyDuringUpdate) {
    try {
      cfn.updateStack(b -> {
        b.stackName(stack).parameters(parameters(parameters)).tags(tags(tags)).capabilities(CAPABILITIES);
        if (token != null) b.clientRequestToken(token);
        if (policyDuringUpdate != null) b.stackPolicyDuringUpdateBody(policyDuringUpdate);
        if (roleArn != null) b.roleARN(roleArn);
        if (template.url() != null) b.templateURL(template.url()); else b.templateBody(template.body());
      });
      return true;
    } catch (CloudFormationException e) {
      if (String.valueOf(e.getMessage()).contains("No updates are to be performed")) return false;
      throw e;
    }
  }

  /**
   * Continues the rollback of a stack in UPDATE_ROLLBACK_FAILED; {@code skip}: logical ids of resources in
   * UPDATE_FAILED that CloudFormation then marks UPDATE_COMPLETE without rolling them back (ResourcesToSkip).
   */
  public void continueUpdateRollback(String stack, List<String> skip, String token) {
    cfn.continueUpdateRollback(b -> {
      b.stackName(stack).clientRequestToken(token);
      if (!skip.isEmpty()) b.resourcesToSkip(skip);
      if (roleArn != null) b.roleARN(roleArn);
    });
  }

  /** Rolls a stack in CREATE_FAILED or UPDATE_FAILED (rollback disabled) back to its last stable state. */
  public void rollbackStack(String stack, String token) {
    cfn.rollbackStack(b -> {
      b.stackName(stack).clientRequestToken(token);
      if (roleArn != null) b.roleARN(roleArn);
    });
  }

  /** Sets the stack policy (SetStackPolicy). */
  public void setStackPolicy(String stack, String policy) {
    cfn.setStackPolicy(b -> b.stackName(stack).stackPolicyBody(policy));
  }

  /** The stack policy (GetStackPolicy), or empty when the stack has none. */
  public Optional<String> stackPolicy(String stack) {
    return Optional.ofNullable(cfn.getStackPolicy(b -> b.stackName(stack)).stackPolicyBody()).filter(p -> !p.isBlank());
  }

  /** Turns termination protection on or off (UpdateTerminationProtection). */
  public void terminationProtection(String stack, boolean enabled) {
    cfn.updateTerminationProtection(b -> b.stackName(stack).enableTerminationProtection(enabled));
  }

  /** Cancels an update in progress: CloudFormation rolls the stack back to its previous template and parameters. */
  public void cancelUpdate(String stack) {
    cfn.cancelUpdateStack(b -> b.stackName(stack));
  }

  public void deleteStack(String nameOrId) {
    deleteStack(nameOrId, List.of());
  }

  /**
   * Starts a deletion. {@code retain}: logical ids CloudFormation leaves in place instead of deleting; the
   * API accepts them only for a stack in DELETE_FAILED (DeleteStack, RetainResources).
   */
  public void deleteStack(String nameOrId, List<String> retain) {
    deleteStack(nameOrId, retain, null);
  }

  /** As {@link #deleteStack(String, List)}, with a ClientRequestToken (null for none). */
  public void deleteStack(String nameOrId, List<String> retain, String token) {
    cfn.deleteStack(b -> {
      b.stackName(nameOrId);
      if (!retain.isEmpty()) b.retainResources(retain);
      if (token != null) b.clientRequestToken(token);
      if (roleArn != null) b.roleARN(roleArn);
    });
  }

  /** The stack's resources whose deletion failed, with CloudFormation's reason (ListStackResources). */
  public List<StackEvent> resourcesFailingDeletion(String stack) {
    return resourcesIn(stack, "DELETE_FAILED");
  }

  /** The stack's resources in {@code status}, with CloudFormation's reason (ListStackResources). */
  public List<StackEvent> resourcesIn(String stack, String status) {
    List<StackEvent> failed = new ArrayList<>();
    cfn.listStackResourcesPaginator(b -> b.stackName(stack)).stackResourceSummaries().forEach(r -> {
      if (status.equals(r.resourceStatusAsString())) {
        failed.add(new StackEvent("", r.lastUpdatedTimestamp(), stack, r.logicalResourceId(), r.resourceType(),
            r.resourceStatusAsString(), r.resourceStatusReason()));
      }
    });
    return failed;
  }

  /** Starts drift detection on the stack (DetectStackDrift); returns the detection id. */
  public String detectDrift(String stack) {
    return cfn.detectStackDrift(b -> b.stackName(stack)).stackDriftDetectionId();
  }

  /** A drift detection's state (DescribeStackDriftDetectionStatus). */
  public DriftDetection driftStatus(String detectionId) {
    var r = cfn.describeStackDriftDetectionStatus(b -> b.stackDriftDetectionId(detectionId));
    return new DriftDetection(r.detectionStatusAsString(), r.stackDriftStatusAsString(), r.detectionStatusReason());
  }

  /** The stack's resources that drifted (MODIFIED or DELETED), each with the properties that differ, every page. */
  public List<ResourceDrift> resourceDrifts(String stack) {
    List<ResourceDrift> drifts = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      var r = cfn.describeStackResourceDrifts(b -> b.stackName(stack).nextToken(next)
          .stackResourceDriftStatusFiltersWithStrings("MODIFIED", "DELETED"));
      for (var d : r.stackResourceDrifts()) {
        drifts.add(new ResourceDrift(d.logicalResourceId(), d.resourceType(), d.stackResourceDriftStatusAsString(),
            d.propertyDifferences().stream()
                .map(p -> new ResourceDrift.Difference(p.propertyPath(), p.expectedValue(), p.actualValue())).toList()));
      }
      token = r.nextToken();
    } while (token != null);
    return drifts;
  }

  /** The template as deployed (the original text, before transforms). */
  public String deployedTemplate(String stack) {
    return cfn.getTemplate(b -> b.stackName(stack).templateStage(TemplateStage.ORIGINAL)).templateBody();
  }

  /**
   * The value CloudFormation resolved for an SSM-typed parameter of a deployed stack (DescribeStacks ResolvedValue),
   * or empty when the stack or the parameter is gone or was not resolved.
   */
  public Optional<String> resolvedParameter(String stack, String key) {
    try {
      return cfn.describeStacks(b -> b.stackName(stack)).stacks().stream().findFirst()
          .flatMap(s -> s.parameters().stream().filter(p -> p.parameterKey().equals(key)).findFirst())
          .map(Parameter::resolvedValue);
    } catch (CloudFormationException e) {
      if (isMissing(e)) return Optional.empty();
      throw e;
    }
  }

  /** How many resources the stack has now. */
  public int resourceCount(String stack) {
    return cfn.listStackResourcesPaginator(b -> b.stackName(stack)).stackResourceSummaries().stream()
        .mapToInt(x -> 1).sum();
  }

  /**
   * Events newer than {@code lastSeenId}, oldest first (all events when it is null). Pages back through
   * the history only as far as needed.
   */
  public List<StackEvent> eventsSince(String stack, String lastSeenId) {
    List<StackEvent> newestFirst = new ArrayList<>();
    String token = null;
    outer:
    do {
      String next = token;
      DescribeStackEventsResponse r = cfn.describeStackEvents(b -> b.stackName(stack).nextToken(next));
      for (var e : r.stackEvents()) {
        if (e.eventId().equals(lastSeenId)) break outer;
        newestFirst.add(new StackEvent(e.eventId(), e.timestamp(), e.stackName(), e.logicalResourceId(),
            e.resourceType(), e.resourceStatusAsString(), e.resourceStatusReason(), e.clientRequestToken()));
      }
      token = r.nextToken();
    } while (token != null);
    List<StackEvent> oldestFirst = new ArrayList<>(newestFirst.size());
    for (int i = newestFirst.size() - 1; i >= 0; i--) oldestFirst.add(newestFirst.get(i));
    return oldestFirst;
  }

  /** The id of the newest event, or null when the stack has none (or does not exist). */
  public String newestEventId(String stack) {
    try {
      var events = cfn.describeStackEvents(b -> b.stackName(stack)).stackEvents();
      return events.isEmpty() ? null : events.get(0).eventId();
    } catch (CloudFormationException e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  /** True for CloudFormation's "Stack with id X does not exist". */
  public static boolean isMissing(CloudFormationException e) {
    return String.valueOf(e.getMessage()).contains("does not exist");
  }

  private static StackInfo info(Stack s) {
    Map<String, String> params = new LinkedHashMap<>();
    s.parameters().forEach(p -> params.put(p.parameterKey(), p.parameterValue()));
    Map<String, String> outputs = new LinkedHashMap<>();
    s.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
    return new StackInfo(s.stackName(), s.stackId(), s.stackStatusAsString(), s.stackStatusReason(), params, outputs,
        s.lastUpdatedTime() != null ? s.lastUpdatedTime() : s.creationTime(),
        Boolean.TRUE.equals(s.enableTerminationProtection()));
  }

  private static List<Parameter> parameters(StackSpec.ParameterPlan plan) {
    List<Parameter> list = new ArrayList<>();
    plan.values().forEach((k, v) -> list.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
    plan.kept().keySet().forEach(k -> list.add(Parameter.builder().parameterKey(k).usePreviousValue(true).build()));
    return list;
  }

  private static List<Tag> tags(Map<String, String> values) {
    return values.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }
}
