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
  /** The script without comment and blank lines (the shebang kept): what the wrapper embeds. */
  private static String withoutComments(String script) {
    List<String> kept = new java.util.ArrayList<>();
    String[] lines = script.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (i == 0 || !(lines[i].isBlank() || lines[i].strip().startsWith("#"))) kept.add(lines[i]);
    }
    return String.join("\n", kept) + "\n";
  }

  @Test
  void web_user_data_writes_the_stack_values_then_runs_web_sh_without_its_comment_lines() throws IOException {
    String sub = userDataSub(StackPart.WEB);
    String instance = TemplateRenderer.unescapeSub(sub);
    assertThat(instance).startsWith("#!/bin/bash\n").endsWith("exec /opt/zerodown/web.sh\n");
    String script = between(instance, "cat > /opt/zerodown/web.sh <<'ZERODOWN_USERDATA_SCRIPT'\n", "\nZERODOWN_USERDATA_SCRIPT\n");
    assertThat(script + "\n").isEqualTo(withoutComments(file("userdata/web.sh")));
    String env = between(sub, "cat > /etc/zerodown/bootstrap.env <<'ZERODOWN_BOOTSTRAP_ENV'\n", "ZERODOWN_BOOTSTRAP_ENV\n");
    Set<String> keys = new LinkedHashSet<>();
    for (String line : env.split("\n")) keys.add(line.substring(0, line.indexOf('=')));
    assertThat(keys).containsExactly("ENV_NAME", "AWS_REGION", "CFN_STACK", "CFN_RESOURCE", "ASG_NAME", "LIFECYCLE_HOOK_NAME",
        "ARTIFACT_BUCKET", "ARTIFACT_KEY",
        "ARTIFACT_SHA256", "TARGET_GROUP_ARN", "REDIS_HOST", "REDIS_PORT", "REDIS_TLS", "REDIS_AUTH_SECRET_ARN",
        "METRICS_NAMESPACE", "METRICS_STEP_SECONDS", "DRAIN_SECONDS");
    String webSh = file("userdata/web.sh");
    keys.forEach(k -> assertThat(webSh).as("web.sh reads " + k).contains(k));
    assertThat(env).contains("ARTIFACT_SHA256=${ArtifactSha256}\n", "CFN_RESOURCE=AutoScalingGroup\n",
        "ASG_NAME=web-${EnvironmentName}\n", "LIFECYCLE_HOOK_NAME=agent-ready\n");
    assertThat(sub.replace("${!", "")).as("every ${ of the embedded files is escaped").doesNotContain("${ROOT");
  }

  @Test
  void bastion_user_data_passes_the_allocation_id_and_runs_bastion_sh_without_its_comment_lines() throws IOException {
    String sub = userDataSub(StackPart.BASTION);
    assertThat(sub).contains("ALLOCATION_ID=${ElasticIp.AllocationId}\n");
    String script = between(TemplateRenderer.unescapeSub(sub),
        "cat > /opt/zerodown/bastion.sh <<'ZERODOWN_USERDATA_SCRIPT'\n", "\nZERODOWN_USERDATA_SCRIPT\n");
    assertThat(script + "\n").isEqualTo(withoutComments(file("userdata/bastion.sh")));
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

  /** The longest value each stack value of the web user data may take, from the parameter patterns and AWS limits. */
  private static final Map<String, Integer> LONGEST_WEB_VALUE = Map.ofEntries(
      Map.entry("EnvironmentName", 16),        // AllowedPattern ^[a-z][a-z0-9]{0,15}$
      Map.entry("AWS::Region", 20),            // region codes are 9-14 characters today
      Map.entry("AWS::StackName", 128),        // CloudFormation's limit on stack names
      Map.entry("ArtifactBucket", 63),         // S3's limit on bucket names
      Map.entry("ArtifactSha256", 64),
      Map.entry("TargetGroupArn", 160),        // arn:<partition>:elasticloadbalancing:<region>:<account>:targetgroup/<32>/<16>
      Map.entry("RedisHost", 253),             // a DNS name
      Map.entry("RedisPort", 5),
      Map.entry("RedisTls", 5),
      Map.entry("RedisAuthSecretArn", 600),    // Secrets Manager names reach 512 characters
      Map.entry("MetricsNamespace", 255),      // AllowedPattern {1,255}
      Map.entry("MetricsStepSeconds", 4),
      Map.entry("DrainSeconds", 2));

  @Test
  void web_user_data_leaves_the_unit_and_the_jvm_flags_to_the_jar_and_stays_under_14_kib() {
    String instance = TemplateRenderer.unescapeSub(userDataSub(StackPart.WEB));
    assertThat(instance).as("the systemd unit and the JVM flags travel inside agent.jar")
        .doesNotContain("[Service]", "ExecStart=", "-Xmx");
    // What EC2 receives (before base64) with every stack value as long as it may get. EC2 takes 16 KB; 14 KB
    // leaves the headroom the other boot-path changes of this round need.
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z:.]+)}").matcher(instance);
    StringBuilder longest = new StringBuilder();
    while (m.find()) {
      Integer max = LONGEST_WEB_VALUE.get(m.group(1));
      assertThat(max).as("the longest value of ${" + m.group(1) + "}: add it to LONGEST_WEB_VALUE").isNotNull();
      m.appendReplacement(longest, "x".repeat(max));
    }
    m.appendTail(longest);
    int bytes = longest.toString().getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).as("web user data bytes").isLessThanOrEqualTo(14 * 1024);
  }

  @Test
  void comment_lines_go_but_here_document_bodies_and_comments_after_code_stay() {
    String script = String.join("\n", "#!/bin/bash", "# why", "", "  # indented why", "x=1  # after code",
        "cat > f <<'EOF'", "# data, not a comment", "", "EOF", "y=\"$(cat <<< \"# here-string\")\"", "# gone", "z=2", "");
    assertThat(TemplateRenderer.stripComments(script)).isEqualTo(String.join("\n", "#!/bin/bash", "x=1  # after code",
        "cat > f <<'EOF'", "# data, not a comment", "", "EOF", "y=\"$(cat <<< \"# here-string\")\"", "z=2", ""));
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
