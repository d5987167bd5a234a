package dev.zerodown.provisioner.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.environment.StackPart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRendererTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private final TemplateRenderer renderer = TemplateRenderer.fromClasspath();

  @TempDir Path tmp;

  /** The Fn::Sub body of a part's UserData. */
  @SuppressWarnings("unchecked")
  private String userDataSub(StackPart part) {
    Map<String, Object> t = CfnYaml.parse(renderer.render(part));
    Map<String, Object> ud = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        ((Map<String, Object>) t.get("Resources")).get("LaunchTemplate")).get("Properties")).get("LaunchTemplateData")).get("UserData");
    Object sub = ((Map<String, Object>) ud.get("Fn::Base64")).get("Fn::Sub");
    return sub instanceof List<?> l ? (String) l.get(0) : (String) sub;
  }

  private static String between(String text, String start, String end) {
    int a = text.indexOf(start);
    assertThat(a).as("'" + start + "' in the user data").isNotNegative();
    int b = text.indexOf(end, a + start.length());
    assertThat(b).as("'" + end + "' after '" + start + "'").isNotNegative();
    return text.substring(a + start.length(), b);
  }

  private static String file(String relative) throws IOException {
    return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
  }

  @Test
  void parts_without_a_boot_script_render_exactly_as_written() throws IOException {
    for (StackPart part : List.of(StackPart.ARTIFACTS, StackPart.NETWORK, StackPart.DATABASE)) {
      assertThat(renderer.render(part)).isEqualTo(file(part.templateResource()));
    }
  }

  @Test
  void web_user_data_writes_the_stack_values_then_runs_web_sh_byte_for_byte() throws IOException {
    String sub = userDataSub(StackPart.WEB);
    String instance = TemplateRenderer.unescapeSub(sub);
    assertThat(instance).startsWith("#!/bin/bash\n").endsWith("exec /opt/zerodown/web.sh\n");
    String script = between(instance, "cat > /opt/zerodown/web.sh <<'ZERODOWN_USERDATA_SCRIPT'\n", "\nZERODOWN_USERDATA_SCRIPT\n");
    assertThat(script + "\n").isEqualTo(file("userdata/web.sh"));
    String jvm = between(instance, "cat > /etc/zerodown/agent-jvm.options <<'ZERODOWN_BOOT_FILE'\n", "\nZERODOWN_BOOT_FILE\n");
    assertThat(jvm + "\n").isEqualTo(file("userdata/agent-jvm.options"));
    String env = between(sub, "cat > /etc/zerodown/bootstrap.env <<'ZERODOWN_BOOTSTRAP_ENV'\n", "ZERODOWN_BOOTSTRAP_ENV\n");
    Set<String> keys = new LinkedHashSet<>();
    for (String line : env.split("\n")) keys.add(line.substring(0, line.indexOf('=')));
    assertThat(keys).containsExactly("ENV_NAME", "AWS_REGION", "CFN_STACK", "CFN_RESOURCE", "ARTIFACT_BUCKET", "ARTIFACT_KEY",
        "ARTIFACT_SHA256", "TARGET_GROUP_ARN", "REDIS_HOST", "REDIS_PORT", "REDIS_TLS", "REDIS_AUTH_SECRET_ARN",
        "METRICS_NAMESPACE", "METRICS_STEP_SECONDS", "DRAIN_SECONDS");
    String webSh = file("userdata/web.sh");
    keys.forEach(k -> assertThat(webSh).as("web.sh reads " + k).contains(k));
    assertThat(env).contains("ARTIFACT_SHA256=${ArtifactSha256}\n", "CFN_RESOURCE=AutoScalingGroup\n");
    assertThat(sub.replace("${!", "")).as("every ${ of the embedded files is escaped").doesNotContain("${ROOT");
  }

  @Test
  void bastion_user_data_passes_the_allocation_id_and_runs_bastion_sh_byte_for_byte() throws IOException {
    String sub = userDataSub(StackPart.BASTION);
    assertThat(sub).contains("ALLOCATION_ID=${ElasticIp.AllocationId}\n");
    String script = between(TemplateRenderer.unescapeSub(sub),
        "cat > /opt/zerodown/bastion.sh <<'ZERODOWN_USERDATA_SCRIPT'\n", "\nZERODOWN_USERDATA_SCRIPT\n");
    assertThat(script + "\n").isEqualTo(file("userdata/bastion.sh"));
  }

  @Test
  void rendered_user_data_is_valid_bash_and_fits_the_16_kib_user_data_limit() throws Exception {
    for (StackPart part : List.of(StackPart.WEB, StackPart.BASTION)) {
      // Stack values as long as they get: ARNs and bucket names stay far below 200 characters.
      String instance = TemplateRenderer.unescapeSub(userDataSub(part)).replaceAll("\\$\\{[A-Za-z:.]+}", "x".repeat(200));
      assertThat(instance.getBytes(StandardCharsets.UTF_8).length).as(part + " user data bytes").isLessThan(16 * 1024);
      Path f = tmp.resolve(part.partName() + "-userdata.sh");
      Files.writeString(f, instance);
      Process p = new ProcessBuilder("bash", "-n", f.toString()).redirectErrorStream(true).start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }
  }

  @Test
  void every_rendered_template_fits_the_51200_byte_template_body_limit_so_deploy_needs_no_s3_upload() {
    for (StackPart part : StackPart.values()) {
      assertThat(renderer.render(part).getBytes(StandardCharsets.UTF_8).length).as(part.toString()).isLessThan(51_200);
    }
  }

  private TemplateRenderer sandbox(String template, String script) throws IOException {
    Files.createDirectories(tmp.resolve("cloudformation"));
    Files.createDirectories(tmp.resolve("userdata"));
    Files.writeString(tmp.resolve("cloudformation/bastion.yaml"), template);
    Files.writeString(tmp.resolve("userdata/bastion.sh"), script);
    return TemplateRenderer.fromDirectory(tmp);
  }

  private static final String TEMPLATE = String.join("\n",
      "Resources:", "  LaunchTemplate:", "    Properties:", "      LaunchTemplateData:",
      "        UserData:  # zerodown:bootstrap", "          Fn::Base64: !Sub |", "            A=${B}", "");

  @Test
  void a_template_without_the_marker_is_refused_with_a_message_naming_it() throws IOException {
    TemplateRenderer r = sandbox(TEMPLATE.replace("# zerodown:bootstrap", ""), "#!/bin/bash\necho hi\n");
    assertThatThrownBy(() -> r.render(StackPart.BASTION)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cloudformation/bastion.yaml").hasMessageContaining("# zerodown:bootstrap");
  }

  @Test
  void scripts_that_fn_sub_would_change_are_refused() throws IOException {
    assertThatThrownBy(() -> sandbox(TEMPLATE, "echo $$\n").render(StackPart.BASTION)).hasMessageContaining("$$");
    assertThatThrownBy(() -> sandbox(TEMPLATE, "echo ${!name}\n").render(StackPart.BASTION)).hasMessageContaining("indirect");
    assertThatThrownBy(() -> sandbox(TEMPLATE, "x=${y//\"/}\n").render(StackPart.BASTION)).hasMessageContaining("double quote");
  }

  @Test
  void a_minimal_template_gets_the_wrapper_around_its_values() throws IOException {
    String out = sandbox(TEMPLATE, "#!/bin/bash\necho \"${HOME}\"\n").render(StackPart.BASTION);
    assertThat(out).contains(
        "          Fn::Base64: !Sub |\n            #!/bin/bash\n",
        "            cat > /etc/zerodown/bootstrap.env <<'ZERODOWN_BOOTSTRAP_ENV'\n            A=${B}\n            ZERODOWN_BOOTSTRAP_ENV\n",
        "            echo \"${!HOME}\"\n",
        "            exec /opt/zerodown/bastion.sh\n");
  }
}
