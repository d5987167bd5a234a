package dev.zerodown.provisioner.environment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The five stacks of a zerodown environment, declared in deployment order (destroy runs the reverse):
 * artifacts, network, then bastion and database (independent of each other), then web.
 */
public enum StackPart {
  ARTIFACTS("artifacts", null, List.of()),
  NETWORK("network", null, List.of()),
  BASTION("bastion", "bastion.sh", List.of(NETWORK)),
  DATABASE("database", null, List.of(NETWORK)),
  /** Depends on DATABASE only when zerodown deploys the Redis itself (no {@code --redis-endpoint}). */
  WEB("web", "web.sh", List.of(ARTIFACTS, NETWORK, DATABASE));

  /** Environment names: a lowercase letter, then lowercase letters or digits, 16 characters at most. */
  public static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9]{0,15}");

  private final String partName;
  private final String userDataScript;
  private final List<StackPart> dependsOn;

  StackPart(String partName, String userDataScript, List<StackPart> dependsOn) {
    this.partName = partName;
    this.userDataScript = userDataScript;
    this.dependsOn = dependsOn;
  }

  /** The short name used in stack names and file names: {@code network}. */
  public String partName() {
    return partName;
  }

  /** The template's classpath resource (and path below the repository root): {@code cloudformation/network.yaml}. */
  public String templateResource() {
    return "cloudformation/" + partName + ".yaml";
  }

  /** The boot script the template's UserData embeds ({@code userdata/web.sh}), if it has one. */
  public Optional<String> userDataResource() {
    return Optional.ofNullable(userDataScript).map(s -> "userdata/" + s);
  }

  /** The stacks whose exports or outputs this stack consumes. */
  public List<StackPart> dependsOn() {
    return dependsOn;
  }

  /** The tags every stack of the part carries (CloudFormation copies them onto the resources it tags). */
  public Map<String, String> tags(String env) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("zerodown:env", env);
    tags.put("zerodown:part", partName());
    return tags;
  }

  /** {@code zerodown-<env>-<part>}, e.g. {@code zerodown-dev-network}. */
  public String stackName(String env) {
    return "zerodown-" + requireEnvName(env) + "-" + partName;
  }

  /** The part named {@code name} (case-insensitive), or a one-line error listing the valid names. */
  public static StackPart fromName(String name) {
    for (StackPart p : values()) {
      if (p.partName.equals(name == null ? "" : name.toLowerCase(Locale.ROOT))) return p;
    }
    throw new IllegalArgumentException("unknown stack part '" + name
        + "': use one of artifacts, network, bastion, database, web");
  }

  /** Returns {@code env} if it is a valid environment name, else throws a one-line error saying what is allowed. */
  public static String requireEnvName(String env) {
    if (env == null || !ENV_NAME.matcher(env).matches()) {
      throw new IllegalArgumentException("environment name must be a lowercase letter followed by at most 15 "
          + "lowercase letters or digits (e.g. dev, prod2): " + env);
    }
    return env;
  }
}
