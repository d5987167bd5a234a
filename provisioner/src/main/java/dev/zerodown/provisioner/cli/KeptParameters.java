package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.render.CfnYaml;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of an update that changes only some of a deployed stack's parameters (rollout, scale): every
 * deployed value passed again as deployed, not as UsePreviousValue, which the local emulator answers with HTTP 500
 * (docs/aws-emulator.md).
 */
public final class KeptParameters {
  private KeptParameters() {}

  /**
   * Every deployed parameter value, as deployed. An SSM-typed parameter (the AMI) must be passed as its
   * parameter name: DescribeStacks gives that name on AWS, but an emulator may give the resolved AMI id, which
   * CloudFormation would then look up as a name; then the template's default name is kept instead.
   */
  public static Map<String, String> of(Map<String, String> deployed, String templateBody) {
    Map<String, String> kept = new LinkedHashMap<>(deployed);
    Object declared = CfnYaml.parse(templateBody).get("Parameters");
    if (declared instanceof Map<?, ?> params) {
      for (var e : params.entrySet()) {
        if (!(e.getValue() instanceof Map<?, ?> p)) continue;
        String type = String.valueOf(p.get("Type"));
        String key = String.valueOf(e.getKey());
        String value = kept.get(key);
        if (type.startsWith("AWS::SSM::Parameter::Value<") && value != null && !value.startsWith("/")
            && p.get("Default") != null) {
          kept.put(key, String.valueOf(p.get("Default")));
        }
      }
    }
    return kept;
  }
}
