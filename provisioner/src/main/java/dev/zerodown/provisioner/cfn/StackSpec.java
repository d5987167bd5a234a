package dev.zerodown.provisioner.cfn;

import java.util.Map;

/**
 * One stack as it should be: name, template, parameters, tags, the template's resource count, and for
 * parameters CloudFormation resolves (SSM-typed AMI ids) the value a deployed stack may report instead.
 */
public record StackSpec(String name, Template template, Map<String, String> parameters, Map<String, String> tags,
    int resourceCount, Map<String, String> resolved) {

  /** True when a deployed stack's parameter value matches what this spec passes for {@code key}. */
  public boolean sameParameter(String key, String deployed) {
    String value = parameters.get(key);
    return "****".equals(deployed) || value != null && (value.equals(deployed) || deployed != null && deployed.equals(resolved.get(key)));
  }
}
