package dev.zerodown.provisioner.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.render.StackPart;
import dev.zerodown.provisioner.render.TemplateRenderer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
          {"ParameterKey": "SingleNatGateway", "ParameterValue": "false"},
          {"ParameterKey": "CertificateArn", "ParameterValue": ""}
        ]
        """);
    String web = Files.readString(dir.resolve("zerodown-dev-web.parameters.json"));
    assertThat(web).contains(
        "{\"ParameterKey\": \"ArtifactSha256\", \"ParameterValue\": \"" + sha + "\"}",
        "{\"ParameterKey\": \"ParentNetworkStack\", \"ParameterValue\": \"zerodown-dev-network\"}",
        "{\"ParameterKey\": \"RedisHost\", \"ParameterValue\": \"{{output:zerodown-dev-database:RedisHost}}\"}");
    assertThat(out.toString()).contains("zerodown-dev-web.parameters.json  (RedisHost, RedisPort, RedisTls, RedisAuthSecretArn from zerodown-dev-database outputs at deploy)");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void with_an_own_redis_there_is_no_database_stack_and_web_gets_the_endpoint() throws IOException {
    Path dir = tmp.resolve("own-redis");
    int code = synth("--out", dir.toString(), "--env", "prod2", "--my-ip", "198.51.100.0/24", "--agent-jar", jar.toString(),
        "--redis-endpoint", "redis.internal.example:6380", "--redis-tls", "--single-nat-gateway");
    assertThat(code).as(err.toString()).isZero();
    assertThat(files(dir)).noneMatch(f -> f.contains("database")).contains("zerodown-prod2-web.yaml");
    assertThat(Files.readString(dir.resolve("zerodown-prod2-web.parameters.json"))).contains(
        "{\"ParameterKey\": \"RedisHost\", \"ParameterValue\": \"redis.internal.example\"}",
        "{\"ParameterKey\": \"RedisPort\", \"ParameterValue\": \"6380\"}",
        "{\"ParameterKey\": \"RedisTls\", \"ParameterValue\": \"true\"}",
        "{\"ParameterKey\": \"RedisAuthSecretArn\", \"ParameterValue\": \"\"}").doesNotContain("{{output:");
    assertThat(Files.readString(dir.resolve("zerodown-prod2-network.parameters.json")))
        .contains("{\"ParameterKey\": \"SingleNatGateway\", \"ParameterValue\": \"true\"}");
  }

  @Test
  void bad_input_gets_one_line_saying_what_to_do_and_writes_nothing() {
    Path dir = tmp.resolve("never");
    assertThat(synth("--out", dir.toString(), "--my-ip", "my-laptop", "--agent-jar", jar.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("synth: --my-ip must be your IPv4 address or a CIDR (e.g. 203.0.113.7 or 203.0.113.0/24): my-laptop"
        + System.lineSeparator());
    err.getBuffer().setLength(0);
    assertThat(synth("--out", dir.toString(), "--my-ip", "203.0.113.7", "--env", "Prod", "--agent-jar", jar.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("synth: environment name must be a lowercase letter").doesNotContain("Exception").hasLineCount(1);
    err.getBuffer().setLength(0);
    assertThat(synth("--out", dir.toString(), "--my-ip", "203.0.113.7", "--agent-jar", tmp.resolve("missing.jar").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--agent-jar must be a readable file").hasLineCount(1);
    err.getBuffer().setLength(0);
    assertThat(synth("--out", dir.toString(), "--my-ip", "203.0.113.7", "--redis-tls", "--agent-jar", jar.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("need --redis-endpoint");
    assertThat(dir).doesNotExist();
  }

  @Test
  void synth_parameters_name_only_what_the_templates_declare_and_cover_what_they_require() {
    StackInputs.Choices c = new StackInputs.Choices("dev", "203.0.113.7/32", sha, java.util.Optional.empty(), false, "", "");
    TemplateRenderer renderer = TemplateRenderer.fromClasspath();
    for (StackPart part : StackPart.values()) {
      SynthCommand.checkDeclared(part, renderer.render(part), StackInputs.parameters(part, c));
    }
    StackInputs.Parameters missingRequired = new StackInputs.Parameters(java.util.Map.of("EnvironmentName", "dev"), java.util.Map.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> SynthCommand.checkDeclared(StackPart.NETWORK, renderer.render(StackPart.NETWORK), missingRequired))
        .hasMessageContaining("misses required AdminCidr");
  }
}
