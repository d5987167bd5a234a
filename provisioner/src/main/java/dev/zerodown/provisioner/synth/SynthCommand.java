package dev.zerodown.provisioner.synth;

import dev.zerodown.provisioner.cli.DeployOptions;
import dev.zerodown.provisioner.environment.Cidr;
import dev.zerodown.provisioner.environment.DeployInputs;
import dev.zerodown.provisioner.environment.Placement;
import dev.zerodown.provisioner.environment.StackParameters;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.environment.Topology;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.render.CfnYaml;
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
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code synth --out DIR}: writes every stack's rendered template and the parameters {@code deploy} would pass
 * for the same command line ({@link StackParameters}, one mapping); calls no AWS API.
 */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = SynthCommand.Offline.class,
    description = {"Write the rendered templates and their parameter files to a directory, without calling AWS. "
        + "Takes deploy's options, so it shows what that deploy command line would deploy; --my-ip is required "
        + "here because synth makes no AWS call to detect your address."})
public final class SynthCommand implements Callable<Integer> {
  /** Classpath location of the agent jar bundled into provisioner.jar. */
  public static final String BUNDLED_AGENT_JAR = "agent/agent.jar";

  /** deploy's options that only matter when talking to AWS: accepted for copy-paste, hidden, ignored. */
  static final List<String> ONLINE_ONLY = List.of("--method", "--wait-timeout", "--update-ami");

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write to (created if missing).")
  Path out;

  @Option(names = "--env", paramLabel = "NAME", defaultValue = "dev", description = "Environment name (default: ${DEFAULT-VALUE}).")
  String env;

  @Mixin DeployOptions options;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DeployInputs in;
    try {
      StackPart.requireEnvName(env);
      in = options.validate();
    } catch (IllegalArgumentException | UserException e) {
      err.println("synth: " + e.getMessage());
      return e instanceof UserException u ? u.exitCode() : ExitCode.USAGE;
    }
    Cidr myIp = in.myIp().orElseThrow();
    String keyName = in.keyPairName(env);
    TemplateRenderer renderer = options.renderer();
    Map<StackPart, Map<String, String>> outputs = new EnumMap<>(StackPart.class);
    Placement placement = placeholders(in);
    try {
      Files.createDirectories(out);
      for (List<StackPart> wave : Topology.deployWaves(in.ownRedis())) {
        for (StackPart part : wave) {
          String stack = part.stackName(env);
          String template = renderer.render(part);
          Map<String, String> p = StackParameters.of(part, env, in, myIp, keyName, placement, outputs);
          checkDeclared(part, template, p);
          Path t = out.resolve(stack + ".yaml");
          Path j = out.resolve(stack + ".parameters.json");
          Files.writeString(t, template, StandardCharsets.UTF_8);
          Files.writeString(j, json(p), StandardCharsets.UTF_8);
          o.println(t + "  (" + template.getBytes(StandardCharsets.UTF_8).length + " bytes)");
          Map<String, List<String>> later = new LinkedHashMap<>();
          p.forEach((k, v) -> {
            Matcher m = PLACEHOLDER.matcher(v);
            if (m.matches()) later.computeIfAbsent(m.group(1), x -> new ArrayList<>()).add(k);
          });
          List<String> notes = new ArrayList<>();
          later.forEach((from, keys) -> notes.add(String.join(", ", keys) + " from " + from + " outputs at deploy"));
          List<String> chosen = p.entrySet().stream().filter(e -> e.getValue().startsWith(AT_DEPLOY))
              .map(Map.Entry::getKey).toList();
          if (!chosen.isEmpty()) notes.add(String.join(", ", chosen) + " chosen at deploy (no AWS call here"
              + (chosen.contains("ImageId") ? "; ImageId from " + in.imageParameter().orElse(
                  "the AL2023 parameter of the instance type's architecture") : "")
              + (chosen.contains("AvailabilityZoneA") ? "; --azs fixes the AZs" : "") + ")");
          o.println(j + (notes.isEmpty() ? "" : "  (" + String.join("; ", notes) + ")"));
          outputs.put(part, placeholders(stack, template));
        }
      }
    } catch (IOException e) {
      err.println("synth: could not write to " + out + ": " + e.getMessage());
      return ExitCode.USAGE;
    }
    o.flush();
    return ExitCode.OK;
  }

  /** Placeholders for what deploy decides with AWS calls: the AZs (unless --azs) and the AMI ids. */
  static final String AT_DEPLOY = "{{chosen-at-deploy:";

  static Placement placeholders(DeployInputs in) {
    List<String> azs = in.azs().orElse(List.of(AT_DEPLOY + "az-a}}", AT_DEPLOY + "az-b}}", AT_DEPLOY + "az-c}}"));
    return new Placement(azs, AT_DEPLOY + "web-ami}}", AT_DEPLOY + "bastion-ami}}", "");
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{output:([^:}]+):([^}]+)}}");

  /** Every output the template declares, as the {@code {{output:stack:Key}}} placeholder deploy fills in. */
  @SuppressWarnings("unchecked")
  static Map<String, String> placeholders(String stack, String template) {
    Map<String, Object> declared = (Map<String, Object>) CfnYaml.parse(template).getOrDefault("Outputs", Map.of());
    Map<String, String> p = new LinkedHashMap<>();
    for (String key : declared.keySet()) p.put(key, "{{output:" + stack + ":" + key + "}}");
    return p;
  }

  /** Hides deploy's AWS-only options and makes --my-ip required: synth cannot ask AWS for your address. */
  public static final class Offline implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      // Every option is removed and re-added in order, so the changed ones keep their place in the help.
      for (OptionSpec o : List.copyOf(spec.options())) {
        spec.remove(o);
        if (ONLINE_ONLY.contains(o.longestName())) {
          spec.addOption(o.toBuilder().hidden(true).build());
        } else if (o.longestName().equals("--my-ip")) {
          spec.addOption(o.toBuilder().required(true).description(
              "CIDR allowed to SSH to the bastion, e.g. 203.0.113.7/32 (required: synth makes no AWS call to detect it).").build());
        } else {
          spec.addOption(o);
        }
      }
      return spec;
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
  static void checkDeclared(StackPart part, String template, Map<String, String> p) {
    Map<String, Object> declared = (Map<String, Object>) CfnYaml.parse(template).getOrDefault("Parameters", Map.of());
    List<String> problems = new ArrayList<>();
    for (String key : p.keySet()) if (!declared.containsKey(key)) problems.add("sets undeclared " + key);
    declared.forEach((key, def) -> {
      boolean hasDefault = ((Map<String, Object>) def).containsKey("Default");
      if (!hasDefault && !p.containsKey(key)) problems.add("misses required " + key);
    });
    if (!problems.isEmpty()) {
      throw new IllegalStateException(part.templateResource() + " and StackParameters disagree: " + String.join(", ", problems));
    }
  }

  /** The CloudFormation CLI parameter file format: [{"ParameterKey": …, "ParameterValue": …}]. */
  static String json(Map<String, String> p) {
    List<String> entries = new ArrayList<>();
    p.forEach((k, v) -> entries.add(entry(k, v)));
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
