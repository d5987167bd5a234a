package dev.zerodown.provisioner.synth;

import dev.zerodown.provisioner.cli.ExitCode;
import dev.zerodown.provisioner.cli.UserException;
import dev.zerodown.provisioner.deploy.RedisReach;
import dev.zerodown.provisioner.render.CfnYaml;
import dev.zerodown.provisioner.render.StackPart;
import dev.zerodown.provisioner.render.TemplateRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code synth --out DIR}: writes every stack's rendered template and parameters; calls no AWS API. */
@Command(name = "synth", mixinStandardHelpOptions = true,
    description = "Write the rendered templates and their parameter files to a directory, without calling AWS.")
public final class SynthCommand implements Callable<Integer> {
  /** Classpath location of the agent jar bundled into provisioner.jar. */
  public static final String BUNDLED_AGENT_JAR = "agent/agent.jar";

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write to (created if missing).")
  Path out;

  @Option(names = "--env", defaultValue = "dev", description = "Environment name (default: ${DEFAULT-VALUE}).")
  String env;

  @Option(names = "--my-ip", required = true, paramLabel = "IP|CIDR", description = "Your IPv4 address or CIDR, allowed to SSH to the bastion.")
  String myIp;

  @Option(names = "--redis-endpoint", paramLabel = "HOST[:PORT]", description = "Use this Redis instead of deploying the database stack.")
  String redisEndpoint;

  @Option(names = "--redis-cidr", paramLabel = "CIDR",
      description = "With --redis-endpoint: the web tier may connect to this CIDR on the endpoint's port.")
  String redisCidr;

  @Option(names = "--redis-security-group", paramLabel = "SG_ID",
      description = "With --redis-endpoint: the web tier may connect to this security group on the endpoint's port.")
  String redisSecurityGroup;

  @Option(names = "--redis-tls", description = "With --redis-endpoint: connect over TLS.")
  boolean redisTls;

  @Option(names = "--redis-auth-secret-arn", paramLabel = "ARN", description = "With --redis-endpoint: Secrets Manager ARN of the AUTH token.")
  String redisAuthSecretArn;

  @Option(names = "--agent-jar", paramLabel = "FILE", description = "Agent jar whose digest the web stack pins (default: the jar bundled in this provisioner).")
  Path agentJar;

  @Option(names = "--single-nat-gateway", description = "One NAT gateway for all AZs (cheaper, not AZ-fault-tolerant).")
  boolean singleNatGateway;

  @Option(names = "--certificate-arn", paramLabel = "ARN", description = "ACM certificate: HTTPS on 443, port 80 redirects.")
  String certificateArn;

  @Option(names = "--alarm-email", paramLabel = "ADDRESS", description = "E-mail subscribed to the alarm topic.")
  String alarmEmail;

  private final TemplateRenderer renderer;

  public SynthCommand() {
    this(TemplateRenderer.fromClasspath());
  }

  public SynthCommand(TemplateRenderer renderer) {
    this.renderer = renderer;
  }

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StackInputs.Choices choices;
    try {
      Optional<StackInputs.RedisEndpoint> redis = redisEndpoint == null ? Optional.empty()
          : Optional.of(StackInputs.RedisEndpoint.parse(redisEndpoint, redisTls, redisAuthSecretArn, redisCidr, redisSecurityGroup));
      if (redis.isEmpty() && (redisTls || redisAuthSecretArn != null)) {
        throw new IllegalArgumentException("--redis-tls and --redis-auth-secret-arn need --redis-endpoint");
      }
      if (redis.isEmpty()) RedisReach.parse(Optional.empty(), redisCidr, redisSecurityGroup);
      choices = new StackInputs.Choices(env, myIp, agentSha256(), redis, singleNatGateway, certificateArn, alarmEmail);
    } catch (IllegalArgumentException | UserException e) {
      err.println("synth: " + e.getMessage());
      return ExitCode.USAGE;
    }
    try {
      Files.createDirectories(out);
      for (StackPart part : StackInputs.parts(choices)) {
        String stack = part.stackName(env);
        String template = renderer.render(part);
        StackInputs.Parameters p = StackInputs.parameters(part, choices);
        checkDeclared(part, template, p);
        Path t = out.resolve(stack + ".yaml");
        Path j = out.resolve(stack + ".parameters.json");
        Files.writeString(t, template, StandardCharsets.UTF_8);
        Files.writeString(j, json(p, env), StandardCharsets.UTF_8);
        o.println(t + "  (" + template.getBytes(StandardCharsets.UTF_8).length + " bytes)");
        o.println(j + (p.fromOutputs().isEmpty() ? ""
            : "  (" + String.join(", ", p.fromOutputs().keySet()) + " from " + StackPart.DATABASE.stackName(env) + " outputs at deploy)"));
      }
    } catch (IOException e) {
      err.println("synth: could not write to " + out + ": " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
    o.flush();
    return CommandLine.ExitCode.OK;
  }

  private String agentSha256() {
    try (InputStream in = agentJar != null ? Files.newInputStream(agentJar)
        : SynthCommand.class.getClassLoader().getResourceAsStream(BUNDLED_AGENT_JAR)) {
      if (in == null) {
        throw new IllegalArgumentException("this provisioner has no bundled agent jar: build it with ./mvnw package, or pass --agent-jar FILE");
      }
      return sha256(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("--agent-jar must be a readable file: " + agentJar);
    }
  }

  /** Lowercase hex SHA-256 of everything {@code in} yields. */
  public static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every parameter synth sets is declared by the template, and every parameter without a default is set. */
  @SuppressWarnings("unchecked")
  static void checkDeclared(StackPart part, String template, StackInputs.Parameters p) {
    Map<String, Object> declared = (Map<String, Object>) CfnYaml.parse(template).getOrDefault("Parameters", Map.of());
    List<String> problems = new ArrayList<>();
    for (String key : p.values().keySet()) if (!declared.containsKey(key)) problems.add("sets undeclared " + key);
    for (String key : p.fromOutputs().keySet()) if (!declared.containsKey(key)) problems.add("sets undeclared " + key);
    declared.forEach((key, def) -> {
      boolean hasDefault = ((Map<String, Object>) def).containsKey("Default");
      if (!hasDefault && !p.values().containsKey(key) && !p.fromOutputs().containsKey(key)) problems.add("misses required " + key);
    });
    if (!problems.isEmpty()) {
      throw new IllegalStateException(part.templateResource() + " and StackInputs disagree: " + String.join(", ", problems));
    }
  }

  /** The CloudFormation CLI parameter file format: [{"ParameterKey": …, "ParameterValue": …}]. */
  static String json(StackInputs.Parameters p, String env) {
    List<String> entries = new ArrayList<>();
    p.values().forEach((k, v) -> entries.add(entry(k, v)));
    p.fromOutputs().forEach((k, ref) -> entries.add(entry(k, ref.placeholder(env))));
    return "[\n" + String.join(",\n", entries) + "\n]\n";
  }

  private static String entry(String key, String value) {
    return "  {\"ParameterKey\": \"" + escape(key) + "\", \"ParameterValue\": \"" + escape(value) + "\"}";
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c)); else b.append(c);
        }
      }
    }
    return b.toString();
  }
}
