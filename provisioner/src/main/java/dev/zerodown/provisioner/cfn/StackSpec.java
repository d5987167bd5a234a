package dev.zerodown.provisioner.cfn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stack as it should be: name, template, parameters, tags, the template's resource count, for parameters
 * CloudFormation resolves (SSM-typed AMI ids) the value a deployed stack may report instead, the parameters the
 * template declares (name → its Default, empty when it has none), and the logical ids of the resources whose
 * replacement or deletion loses state (denied by the stack policy), and whether the stack gets termination protection.
 */
public record StackSpec(String name, Template template, Map<String, String> parameters, Map<String, String> tags,
    int resourceCount, Map<String, String> resolved, Map<String, Optional<String>> declared, List<String> stateful,
    boolean terminationProtection) {

  public StackSpec(String name, Template template, Map<String, String> parameters, Map<String, String> tags,
      int resourceCount, Map<String, String> resolved) {
    this(name, template, parameters, tags, resourceCount, resolved, Map.of(), List.of(), false);
  }

  /** The stack policy to set, or null when no resource needs one. */
  public String policy() {
    return stateful.isEmpty() ? null : StatefulResources.policy(stateful);
  }

  /** True when a deployed stack's parameter value matches what this spec passes for {@code key}. */
  public boolean sameParameter(String key, String deployed) {
    String value = parameters.get(key);
    return "****".equals(deployed) || value != null && (value.equals(deployed) || deployed != null && deployed.equals(resolved.get(key)));
  }

  /**
   * The parameters an operation passes, given the stack's deployed parameters (empty map for a create): the spec's
   * values; every deployed parameter the spec does not set and the template still declares, with UsePreviousValue
   * (without it CloudFormation would reset it to the template's default); every other declared parameter with a
   * Default, that default, so the stack records each value explicitly.
   */
  public ParameterPlan plan(Map<String, String> deployed) {
    Map<String, String> values = new LinkedHashMap<>(parameters);
    Map<String, String> kept = new LinkedHashMap<>();
    declared.forEach((key, byDefault) -> {
      if (values.containsKey(key)) return;
      if (deployed.containsKey(key)) {
        kept.put(key, deployed.get(key));
      } else {
        byDefault.ifPresent(v -> values.put(key, v));
      }
    });
    return new ParameterPlan(values, kept);
  }

  /** What an operation passes: explicit values, and the keys kept with UsePreviousValue (their deployed values). */
  public record ParameterPlan(Map<String, String> values, Map<String, String> kept) {
    /** Only explicit values (a create, or an operation that keeps nothing). */
    public static ParameterPlan of(Map<String, String> values) {
      return new ParameterPlan(values, Map.of());
    }

    /** "Key=value, …" of the kept parameters, sorted by key. */
    public String keptLine() {
      return String.join(", ", new java.util.TreeMap<>(kept).entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
  }
}
