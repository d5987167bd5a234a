package dev.zerodown.provisioner.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.deploy.DeployCommand;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.render.TemplateRenderer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

class SynthCommandTest {
  @TempDir Path tmp;
  private Path jar;
  private String sha;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void agentJar() throws IOException {
    jar = tmp.resolve("agent.jar");
    byte[] bytes = "an agent jar stand-in".getBytes(StandardCharsets.UTF_8);
    Files.write(jar, bytes);
    sha = SynthCommand.sha256(new ByteArrayInputStream(bytes));
  }

  private int synth(String... args) {
    CommandLine cl = new CommandLine(new SynthCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void synth_writes_every_rendered_template_and_its_parameters() throws IOException {
    Path dir = tmp.resolve("out");
    int code = synth("--out", dir.toString(), "--env", "dev", "--my-ip", "203.0.113.7", "--agent-jar", jar.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(files(dir)).containsExactly(
        "zerodown-dev-artifacts.parameters.json", "zerodown-dev-artifacts.yaml",
        "zerodown-dev-bastion.parameters.json", "zerodown-dev-bastion.yaml",
        "zerodown-dev-database.parameters.json", "zerodown-dev-database.yaml",
        "zerodown-dev-network.parameters.json", "zerodown-dev-network.yaml",
        "zerodown-dev-web.parameters.json", "zerodown-dev-web.yaml");
    TemplateRenderer renderer = TemplateRenderer.fromClasspath();
    for (StackPart part : StackPart.values()) {
      assertThat(Files.readString(dir.resolve(part.stackName("dev") + ".yaml"))).isEqualTo(renderer.render(part));
    }
    assertThat(Files.readString(dir.resolve("zerodown-dev-network.parameters.json"))).isEqualTo("""
        [
          {"ParameterKey": "EnvironmentName", "ParameterValue": "dev"},
          {"ParameterKey": "AdminCidr", "ParameterValue": "203.0.113.7/32"},
          {"ParameterKey": "AvailabilityZoneA", "ParameterValue": "{{chosen-at-deploy:az-a}}"},
          {"ParameterKey": "AvailabilityZoneB", "ParameterValue": "{{chosen-at-deploy:az-b}}"},
          {"ParameterKey": "AvailabilityZoneC", "ParameterValue": "{{chosen-at-deploy:az-c}}"},
          {"ParameterKey": "SingleNatGateway", "ParameterValue": "false"},
          {"ParameterKey": "CertificateArn", "ParameterValue": ""},
          {"ParameterKey": "DomainName", "ParameterValue": ""},
          {"ParameterKey": "HostedZoneId", "ParameterValue": ""},
          {"ParameterKey": "ExternalRedisCidr", "ParameterValue": ""},
          {"ParameterKey": "ExternalRedisSecurityGroupId", "ParameterValue": ""},
          {"ParameterKey": "ExternalRedisPort", "ParameterValue": "6379"}
        ]
        """);
    String web = Files.readString(dir.resolve("zerodown-dev-web.parameters.json"));
    assertThat(web).contains(
        "{\"ParameterKey\": \"ArtifactSha256\", \"ParameterValue\": \"" + sha + "\"}",
        "{\"ParameterKey\": \"ParentNetworkStack\", \"ParameterValue\": \"zerodown-dev-network\"}",
        "{\"ParameterKey\": \"RedisHost\", \"ParameterValue\": \"{{output:zerodown-dev-database:RedisHost}}\"}");
    assertThat(out.toString()).contains("zerodown-dev-web.parameters.json  (RedisHost, RedisPort, RedisTls, RedisAuthSecretArn "
        + "from zerodown-dev-database outputs at deploy; ImageId chosen at deploy (no AWS call here; ImageId from the AL2023 "
        + "parameter of the instance type's architecture))",
        "zerodown-dev-network.parameters.json  (AvailabilityZoneA, AvailabilityZoneB, AvailabilityZoneC chosen at deploy "
            + "(no AWS call here; --azs fixes the AZs))");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void an_out_that_cannot_be_written_is_exit_2_with_one_line() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    int code = synth("--out", file.toString(), "--env", "dev", "--my-ip", "203.0.113.7", "--agent-jar", jar.toString());
    assertThat(code).as(err.toString()).isEqualTo(dev.zerodown.provisioner.error.ExitCode.USAGE);
    assertThat(err.toString().lines()).hasSize(1).first().asString().startsWith("synth: could not write to " + file + ": ");
  }

  @Test
  void the_log_retention_reaches_the_web_stack_14_days_unless_given() throws IOException {
    Path dir = tmp.resolve("default");
    assertThat(synth("--out", dir.toString(), "--my-ip", "203.0.113.7", "--agent-jar", jar.toString())).as(err.toString()).isZero();
    assertThat(Files.readString(dir.resolve("zerodown-dev-web.parameters.json")))
        .contains("{\"ParameterKey\": \"LogRetentionDays\", \"ParameterValue\": \"14\"}");
    Path given = tmp.resolve("given");
    assertThat(synth("--out", given.toString(), "--my-ip", "203.0.113.7", "--agent-jar", jar.toString(),
        "--log-retention-days", "90")).as(err.toString()).isZero();
    assertThat(Files.readString(given.resolve("zerodown-dev-web.parameters.json")))
        .contains("{\"ParameterKey\": \"LogRetentionDays\", \"ParameterValue\": \"90\"}");
  }

  @Test
  void with_an_own_redis_there_is_no_database_stack_and_web_gets_the_endpoint() throws IOException {
    Path dir = tmp.resolve("own-redis");
    int code = synth("--out", dir.toString(), "--env", "prod2", "--my-ip", "198.51.100.0/24", "--agent-jar", jar.toString(),
        "--redis-endpoint", "redis.internal.example:6380", "--redis-cidr", "10.1.2.0/24", "--redis-tls", "--single-nat");
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(files(dir)).noneMatch(f -> f.contains("database")).contains("zerodown-prod2-web.yaml");
    assertThat(Files.readString(dir.resolve("zerodown-prod2-web.parameters.json"))).contains(
        "{\"ParameterKey\": \"RedisHost\", \"ParameterValue\": \"redis.internal.example\"}",
        "{\"ParameterKey\": \"RedisPort\", \"ParameterValue\": \"6380\"}",
        "{\"ParameterKey\": \"RedisTls\", \"ParameterValue\": \"true\"}",
        "{\"ParameterKey\": \"RedisAuthSecretArn\", \"ParameterValue\": \"\"}").doesNotContain("{{output:");
    assertThat(Files.readString(dir.resolve("zerodown-prod2-network.parameters.json")))
        .contains("{\"ParameterKey\": \"SingleNatGateway\", \"ParameterValue\": \"true\"}",
            "{\"ParameterKey\": \"ExternalRedisCidr\", \"ParameterValue\": \"10.1.2.0/24\"}",
            "{\"ParameterKey\": \"ExternalRedisSecurityGroupId\", \"ParameterValue\": \"\"}",
            "{\"ParameterKey\": \"ExternalRedisPort\", \"ParameterValue\": \"6380\"}");
  }

  @Test
  void bad_input_gets_one_line_saying_what_to_do_and_writes_nothing() {
    Path dir = tmp.resolve("never");
    assertThat(synth("--out", dir.toString(), "--my-ip", "my-laptop", "--agent-jar", jar.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("synth: --my-ip must be an IPv4 CIDR such as 203.0.113.7/32: my-laptop"
        + System.lineSeparator());
    err.getBuffer().setLength(0);
    assertThat(synth("--out", dir.toString(), "--my-ip", "203.0.113.7", "--env", "Prod", "--agent-jar", jar.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("synth: environment name must be a lowercase letter").doesNotContain("Exception").hasLineCount(1);
    err.getBuffer().setLength(0);
    assertThat(synth("--out", dir.toString(), "--my-ip", "203.0.113.7", "--agent-jar", tmp.resolve("missing.jar").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--agent-jar is not a file").hasLineCount(1);
    err.getBuffer().setLength(0);
    assertThat(synth("--out", dir.toString(), "--my-ip", "203.0.113.7", "--redis-tls", "--agent-jar", jar.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("need --redis-endpoint");
    err.getBuffer().setLength(0);
    assertThat(synth("--out", dir.toString(), "--my-ip", "203.0.113.7", "--redis-endpoint", "redis.internal:6379",
        "--agent-jar", jar.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("synth: --redis-endpoint needs --redis-cidr CIDR or --redis-security-group sg-")
        .hasLineCount(1);
    err.getBuffer().setLength(0);
    assertThat(synth("--out", dir.toString(), "--my-ip", "203.0.113.7", "--redis-security-group", "sg-01234567",
        "--agent-jar", jar.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("synth: --redis-security-group needs --redis-endpoint HOST:PORT" + System.lineSeparator());
    assertThat(dir).doesNotExist();
  }

  @Test
  void a_template_that_requires_a_parameter_nobody_passes_is_a_bug_reported_by_name() {
    TemplateRenderer renderer = TemplateRenderer.fromClasspath();
    assertThatThrownBy(() -> SynthCommand.checkDeclared(StackPart.NETWORK, renderer.render(StackPart.NETWORK), Map.of("EnvironmentName", "dev")))
        .hasMessageContaining("misses required AdminCidr");
    assertThatThrownBy(() -> SynthCommand.checkDeclared(StackPart.ARTIFACTS, renderer.render(StackPart.ARTIFACTS),
        Map.of("EnvironmentName", "dev", "Nonsense", "x"))).hasMessageContaining("sets undeclared Nonsense");
  }

  @Test
  void synth_with_azs_writes_them_and_names_the_image_parameter_deploy_would_read() throws IOException {
    Path dir = tmp.resolve("azs");
    int code = synth("--out", dir.toString(), "--my-ip", "203.0.113.7/32", "--agent-jar", jar.toString(),
        "--azs", "eu-west-3c,eu-west-3a,eu-west-3b", "--image-parameter", "/my/amis/al2023");
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(dir.resolve("zerodown-dev-network.parameters.json"))).contains(
        entry("AvailabilityZoneA", "eu-west-3c"), entry("AvailabilityZoneB", "eu-west-3a"), entry("AvailabilityZoneC", "eu-west-3b"));
    assertThat(out.toString()).contains("zerodown-dev-network.parameters.json\n").contains(
        "zerodown-dev-bastion.parameters.json  (ImageId chosen at deploy (no AWS call here; ImageId from /my/amis/al2023))");
  }

  @Test
  void synth_with_deploys_flags_writes_what_that_deploy_would_pass() throws IOException {
    Path dir = tmp.resolve("flags");
    int code = synth("--out", dir.toString(), "--env", "stage", "--my-ip", "203.0.113.7/32", "--agent-jar", jar.toString(),
        "--web-instance-type", "t3.small", "--bastion-instance-type", "t3.nano", "--cache-node-type", "cache.t3.small",
        "--key-name", "ops-key", "--image-parameter", "/my/amis/al2023", "--single-nat", "--single-redis-node", "--ssm-access",
        "--method", "direct", "--wait-timeout", "5m");
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(Files.readString(dir.resolve("zerodown-stage-network.parameters.json")))
        .contains(entry("SingleNatGateway", "true"), entry("AdminCidr", "203.0.113.7/32"));
    assertThat(Files.readString(dir.resolve("zerodown-stage-bastion.parameters.json"))).contains(entry("InstanceType", "t3.nano"),
        entry("KeyName", "ops-key"), entry("SsmAccess", "true"), entry("ImageId", "{{chosen-at-deploy:bastion-ami}}"),
        entry("ParentNetworkStack", "zerodown-stage-network"));
    assertThat(Files.readString(dir.resolve("zerodown-stage-database.parameters.json")))
        .contains(entry("CacheNodeType", "cache.t3.small"), entry("SingleNode", "true"));
    assertThat(Files.readString(dir.resolve("zerodown-stage-web.parameters.json"))).contains(entry("InstanceType", "t3.small"),
        entry("KeyName", "ops-key"), entry("SsmAccess", "true"), entry("ImageId", "{{chosen-at-deploy:web-ami}}"), entry("ArtifactSha256", sha),
        entry("RedisTls", "{{output:zerodown-stage-database:RedisTls}}"));
  }

  @Test
  void synth_with_an_ssh_public_key_names_the_key_pair_deploy_would_import() throws IOException {
    Path key = tmp.resolve("id_ed25519.pub");
    Files.writeString(key, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGv0a6S3dZ1yPq9tq2Jt1n2bH1c2uU6R0P8a5kK8c1xM me@laptop\n");
    Path dir = tmp.resolve("pub");
    assertThat(synth("--out", dir.toString(), "--my-ip", "203.0.113.7", "--agent-jar", jar.toString(),
        "--ssh-public-key", key.toString())).as(err.toString()).isZero();
    assertThat(Files.readString(dir.resolve("zerodown-dev-bastion.parameters.json"))).contains(entry("KeyName", "zerodown-dev"));
    assertThat(Files.readString(dir.resolve("zerodown-dev-web.parameters.json")))
        .contains(entry("KeyName", "zerodown-dev"), entry("SsmAccess", "false"), entry("InstanceType", "t3.micro"));
  }

  @Test
  void synth_accepts_every_choice_option_deploy_accepts() {
    CommandSpec deploy = new CommandLine(new DeployCommand()).getCommandSpec();
    CommandSpec synth = new CommandLine(new SynthCommand()).getCommandSpec();
    Set<String> deployChoices = new TreeSet<>();
    deploy.mixins().get("options").options().forEach(o -> deployChoices.addAll(List.of(o.names())));
    deployChoices.add("--env");
    assertThat(deployChoices).contains("--single-nat", "--key-name", "--web-instance-type", "--my-ip");
    assertThat(synth.optionsMap().keySet()).containsAll(deployChoices);
    assertThat(synth.findOption("--my-ip").required()).isTrue();
    assertThat(synth.findOption("--method").hidden()).isTrue();
    assertThat(synth.findOption("--single-nat-gateway")).as("deploy has no such option, so synth has none").isNull();
    String help = new CommandLine(new SynthCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(help).contains("--single-nat", "--ssm-access", "synth makes no AWS call").doesNotContain("--wait-timeout", "--single-nat-gateway");
    assertThat(help.indexOf("CIDR allowed to SSH")).as("--my-ip keeps deploy's place in the help")
        .isLessThan(help.indexOf("Existing EC2 key pair"));
  }

  @Test
  void synth_without_my_ip_says_it_is_required() {
    assertThat(synth("--out", tmp.resolve("x").toString(), "--agent-jar", jar.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--my-ip=CIDR'");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  private static String entry(String key, String value) {
    return "{\"ParameterKey\": \"" + key + "\", \"ParameterValue\": \"" + value + "\"}";
  }
}
