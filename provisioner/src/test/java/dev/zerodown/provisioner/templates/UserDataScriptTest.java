package dev.zerodown.provisioner.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.synth.SynthCommand;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs userdata/web.sh and userdata/bastion.sh for real, as embedded in the rendered templates, with ROOT pointing at a temporary directory
 * and dnf, aws, systemctl, useradd, curl, cfn-signal and java replaced by recording stubs first on PATH.
 * The S3 object is a copy of the real agent.jar this build bundles (web.sh takes the systemd unit and the
 * JVM flags out of it). The java stub plays the AOT cache's two steps as JDK 25 runs them: the training start
 * answers (through the curl stub) on the training port while it runs and writes the configuration when
 * SIGTERM ends it; the assembly step writes the cache from that configuration. With no release file beside
 * the stub, the JVM's version reads "unknown". The curl stub plays IMDSv2 and the agent's loopback
 * {@code GET /ready} ({@code STUB_READY}: 200, 503, or down); the aws stub records the lifecycle-hook calls
 * web.sh makes, since moto answers CompleteLifecycleAction with HTTP 500.
 */
class UserDataScriptTest {
  private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:zerodown/dev/redis-auth-AbCdEf";

  @TempDir Path tmp;
  private Path root;
  private Path bin;
  private Path calls;
  private Path s3Object;
  private String sha;

  @BeforeEach
  void sandbox() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
    bin = Files.createDirectories(tmp.resolve("bin"));
    calls = tmp.resolve("calls.log");
    Files.createDirectories(tmp.resolve("state"));
    s3Object = tmp.resolve("s3-agent.jar");
    byte[] jar = bundledAgentJar();
    Files.write(s3Object, jar);
    sha = SynthCommand.sha256(new ByteArrayInputStream(jar));
    stub("dnf", "exit 0");
    stub("systemctl", "exit 0");
    stub("cfn-signal", "exit 0");
    stub("amazon-cloudwatch-agent-ctl", "exit \"${STUB_CWAGENT_EXIT:-0}\"");
    stub("useradd", "[ -f \"$STUB_STATE/user\" ] && exit 9\ntouch \"$STUB_STATE/user\"");
    stub("curl", String.join("\n",
        "case \"$*\" in",
        "  *api/token*) echo TOKEN-1 ;;",
        "  *meta-data/instance-id*) echo i-0abc123 ;;",
        "  *meta-data/placement/region*) echo ap-south-2 ;;",
        "  *127.0.0.1:18000/cgi-bin/*) [ -f \"$STUB_STATE/java-up\" ] ;;",
        "  *127.0.0.1:8001/ready*) n=$(cat \"$STUB_STATE/ready-calls\" 2>/dev/null || echo 0); echo $((n + 1)) > \"$STUB_STATE/ready-calls\"",
        "    answer=$STUB_READY; [ \"$n\" -lt \"${STUB_READY_AFTER:-0}\" ] && answer=503",
        "    case $answer in",
        "      200) printf 'ready 200' ;;",
        "      503) printf 'redis: Connection refused (127.0.0.1:6379)\\n 503' ;;",
        "      *) printf ' 000'; exit 7 ;;",
        "    esac ;;",
        "  *) exit 7 ;;",
        "esac"));
    stub("java", String.join("\n",
        "mode=''; conf=''; cache=''",
        "for a; do case $a in -XX:AOTMode=*) mode=${a#*=} ;; -XX:AOTConfiguration=*) conf=${a#*=} ;; -XX:AOTCache=*) cache=${a#*=} ;; esac; done",
        "if [ \"$mode\" = create ]; then [ -s \"$conf\" ] && echo linked classes > \"$cache\"; exit 0; fi",
        "echo \"java env PORT=$PORT ADMIN_PORT=$ADMIN_PORT REDIS_HOST=$REDIS_HOST REDIS_PORT=$REDIS_PORT METRICS_ENABLED=$METRICS_ENABLED\" >> \"$STUB_CALLS\"",
        "trap 'rm -f \"$STUB_STATE/java-up\"; [ -n \"$conf\" ] && echo classes > \"$conf\"; exit 143' TERM",
        "touch \"$STUB_STATE/java-up\"",
        "sleep 20 & wait"));
    stub("aws", String.join("\n",
        "case \"$1 $2\" in",
        "  's3 cp') for last; do :; done; cp \"$STUB_S3_OBJECT\" \"$last\" ;;",
        "  'secretsmanager get-secret-value') printf '%s\\n' \"$STUB_SECRET\" ;;",
        "  'elbv2 describe-target-health') echo \"$STUB_TARGET_STATE\" ;;",
        "  'autoscaling complete-lifecycle-action'|'autoscaling record-lifecycle-action-heartbeat') exit \"$STUB_AUTOSCALING_EXIT\" ;;",
        "  'ec2 associate-address') echo '{\"AssociationId\": \"eipassoc-1\"}' ;;",
        "  *) exit 2 ;;",
        "esac"));
    Files.createDirectories(root.resolve("etc/zerodown"));
  }

  /** The agent jar this build bundles into the provisioner (the reactor builds the agent first). */
  private static byte[] bundledAgentJar() throws IOException {
    try (InputStream in = UserDataScriptTest.class.getClassLoader().getResourceAsStream("agent/agent.jar")) {
      if (in == null) throw new AssertionError("agent/agent.jar is not on the test class path: build with ./mvnw -pl provisioner -am");
      return in.readAllBytes();
    }
  }

  private void stub(String name, String body) throws IOException {
    Path f = bin.resolve(name);
    Files.writeString(f, "#!/bin/bash\necho \"" + name + " $*\" >> \"$STUB_CALLS\"\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void bootstrap(String sha256, String secretArn) throws IOException {
    Files.writeString(root.resolve("etc/zerodown/bootstrap.env"), String.join("\n",
        "ENV_NAME=dev", "AWS_REGION=eu-west-3", "CFN_STACK=zerodown-dev-web", "CFN_RESOURCE=AutoScalingGroup",
        "ASG_NAME=web-dev", "LIFECYCLE_HOOK_NAME=agent-ready",
        "ARTIFACT_BUCKET=zerodown-dev-artifacts-bucket-1", "ARTIFACT_KEY=agent/" + sha256 + "/agent.jar",
        "ARTIFACT_SHA256=" + sha256,
        "TARGET_GROUP_ARN=arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/tg-web-dev/0123456789abcdef",
        "REDIS_HOST=redis-dev.abc.cache.amazonaws.com", "REDIS_PORT=6379", "REDIS_TLS=true",
        "REDIS_AUTH_SECRET_ARN=" + secretArn, "METRICS_NAMESPACE=zerodown", "METRICS_STEP_SECONDS=60", "DRAIN_SECONDS=15", ""));
  }

  /** Environment of the next runs beyond the defaults: stub answers, budgets. */
  private final Map<String, String> overrides = new HashMap<>();

  private Templates.Run run(String script) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("ROOT", root.toString());
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("POLL_SECONDS", "0.1");
    env.put("START_TIMEOUT_SECONDS", "2");
    env.put("READY_TIMEOUT_SECONDS", "2");
    env.put("HEALTHY_TIMEOUT_SECONDS", "2");
    env.put("CDS_SECONDS", "3");
    env.put("STUB_CALLS", calls.toString());
    env.put("STUB_STATE", tmp.resolve("state").toString());
    env.put("STUB_S3_OBJECT", s3Object.toString());
    env.put("STUB_SECRET", "tok\"en\\with-quote");
    env.put("STUB_READY", "200");
    env.put("STUB_TARGET_STATE", "healthy");
    env.put("STUB_AUTOSCALING_EXIT", "0");
    env.putAll(overrides);
    Files.writeString(calls, "--- run\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    // The script as the instance runs it: cut out of the rendered template's user data (comment lines gone).
    Path embedded = tmp.resolve("embedded-" + script);
    Files.writeString(embedded, Templates.embeddedScript(script.equals("web.sh") ? StackPart.WEB : StackPart.BASTION));
    return Templates.run(tmp, env, 60, List.of("bash", embedded.toString()));
  }

  private static int indexOf(List<String> calls, java.util.function.Predicate<String> p) {
    for (int i = 0; i < calls.size(); i++) if (p.test(calls.get(i))) return i;
    throw new AssertionError("no such call in " + calls);
  }

  private List<String> calls() throws IOException {
    return Files.readAllLines(calls);
  }

  /** The calls of the last run only. */
  private List<String> lastRunCalls() throws IOException {
    List<String> all = calls();
    return all.subList(all.lastIndexOf("--- run") + 1, all.size());
  }

  private static final String SIGNAL_SUCCESS = "cfn-signal -e 0 --stack zerodown-dev-web --resource AutoScalingGroup --region eu-west-3";
  private static final String SIGNAL_FAILURE = "cfn-signal -e 1 --stack zerodown-dev-web --resource AutoScalingGroup --region eu-west-3";
  private static final String HOOK = "aws autoscaling complete-lifecycle-action --region eu-west-3 --auto-scaling-group-name web-dev "
      + "--lifecycle-hook-name agent-ready --instance-id i-0abc123 --lifecycle-action-result ";
  private static final String HEARTBEAT = "aws autoscaling record-lifecycle-action-heartbeat --region eu-west-3 "
      + "--auto-scaling-group-name web-dev --lifecycle-hook-name agent-ready --instance-id i-0abc123";

  @Test
  void right_digest_writes_the_environment_and_unit_then_starts_the_agent_and_signals_success() throws IOException {
    bootstrap(sha, SECRET_ARN);
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();

    assertThat(Files.readString(root.resolve("etc/zerodown/agent.env"))).isEqualTo(String.join("\n",
        "PORT=8000", "ADMIN_PORT=8001", "HEALTH_PORT=8002", "ENV_NAME=dev", "REDIS_HOST=redis-dev.abc.cache.amazonaws.com", "REDIS_PORT=6379", "REDIS_TLS=true",
        "DRAIN_SECONDS=15", "METRICS_ENABLED=true", "METRICS_NAMESPACE=zerodown", "METRICS_STEP_SECONDS=60",
        "AWS_REGION=eu-west-3", ""));
    Path auth = root.resolve("etc/zerodown/redis-auth.env");
    assertThat(Files.readString(auth)).isEqualTo("REDIS_PASSWORD=\"tok\\\"en\\\\with-quote\"\n");
    assertThat(Files.getPosixFilePermissions(auth)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readAllBytes(root.resolve("opt/zerodown/agent.jar"))).isEqualTo(Files.readAllBytes(s3Object));

    String unit = Files.readString(root.resolve("etc/systemd/system/zerodown-agent.service"));
    assertThat(unit).as("the unit agent.jar carries").isEqualTo(Templates.read(Templates.ROOT.resolve("userdata/zerodown-agent.service")));
    assertThat(root.resolve("etc/zerodown/agent-jvm.options")).as("the JVM flags agent.jar carries")
        .hasContent(Templates.read(Templates.ROOT.resolve("userdata/agent-jvm.options")));
    assertThat(unit).contains("User=zerodown\n", "EnvironmentFile=/etc/zerodown/agent.env\n",
        "EnvironmentFile=-/etc/zerodown/redis-auth.env\n",
        "EnvironmentFile=-/etc/zerodown/agent-cds.env\n",
        "ExecStart=/usr/bin/java @/etc/zerodown/agent-jvm.options $AGENT_CDS -jar /opt/zerodown/agent.jar\n",
        "Restart=always\n", "TimeoutStopSec=45\n", "NoNewPrivileges=yes\n", "ProtectSystem=strict\n", "PrivateTmp=yes\n");

    List<String> calls = calls();
    assertThat(calls).anyMatch(c -> c.startsWith("dnf install") && c.contains("java-25-amazon-corretto-headless"));
    assertThat(calls).contains(
        "aws s3 cp --only-show-errors --region eu-west-3 s3://zerodown-dev-artifacts-bucket-1/agent/" + sha + "/agent.jar "
            + root.resolve("opt/zerodown/agent.jar.download"),
        "useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /sbin/nologin zerodown",
        "systemctl daemon-reload", "systemctl enable zerodown-agent.service", "systemctl restart zerodown-agent.service",
        SIGNAL_SUCCESS);
    assertThat(calls).anyMatch(c -> c.startsWith("aws elbv2 describe-target-health") && c.contains("Id=i-0abc123,Port=8000"));
    assertThat(calls.indexOf("systemctl restart zerodown-agent.service")).isLessThan(calls.indexOf(SIGNAL_SUCCESS));
    assertThat(Files.readString(root.resolve("var/log/user-data.log"))).contains("agent.jar verified: sha256 " + sha);
  }

  @Test
  void a_training_start_and_an_assembly_step_make_the_aot_cache_and_the_unit_gets_it() throws IOException {
    bootstrap(sha, "");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();

    Path cache = root.resolve("var/lib/zerodown/agent-" + sha + "-jvm-unknown.aot");
    Path conf = root.resolve("var/lib/zerodown/agent.aotconf");
    assertThat(cache).hasContent("linked classes");
    assertThat(conf).doesNotExist();
    assertThat(root.resolve("var/lib/zerodown/agent-" + sha + "-jvm-unknown.aot.creating")).doesNotExist();
    assertThat(Files.readString(root.resolve("etc/zerodown/agent-cds.env")))
        .isEqualTo("AGENT_CDS=-XX:AOTCache=/var/lib/zerodown/agent-" + sha + "-jvm-unknown.aot\n");
    List<String> calls = calls();
    String options = " @" + root.resolve("etc/zerodown/agent-jvm.options") + " -jar " + root.resolve("opt/zerodown/agent.jar");
    String training = "java env PORT=18000 ADMIN_PORT=0 REDIS_HOST=127.0.0.1 REDIS_PORT=1 METRICS_ENABLED=false";
    assertThat(calls).contains("java -XX:AOTMode=record -XX:AOTConfiguration=" + conf + options, training,
        "java -XX:AOTMode=create -XX:AOTConfiguration=" + conf + " -XX:AOTCache=" + cache + ".creating" + options);
    assertThat(calls).anyMatch(c -> c.startsWith("curl") && c.contains("127.0.0.1:18000/cgi-bin/hello.py"));
    assertThat(calls.indexOf(training)).isLessThan(calls.indexOf("systemctl restart zerodown-agent.service"));
    assertThat(root.resolve("state/java-up")).doesNotExist();
  }

  @Test
  void a_training_start_that_records_nothing_only_logs_and_the_agent_starts_without_a_cache() throws IOException {
    bootstrap(sha, "");
    stub("java", "exit 1");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("AOT cache: the training start recorded nothing");
    assertThat(root.resolve("var/lib/zerodown/agent-" + sha + "-jvm-unknown.aot")).doesNotExist();
    assertThat(root.resolve("etc/zerodown/agent-cds.env")).doesNotExist();
    assertThat(calls()).contains("systemctl restart zerodown-agent.service", SIGNAL_SUCCESS);
  }

  @Test
  void the_cache_is_named_by_the_jvm_runtime_version_from_its_release_file() throws IOException {
    bootstrap(sha, "");
    Path home = Files.createDirectories(tmp.resolve("jdk/bin"));
    Files.move(bin.resolve("java"), home.resolve("java"));
    Files.writeString(tmp.resolve("jdk/release"), "JAVA_VERSION=\"25.0.1\"\nJAVA_RUNTIME_VERSION=\"25.0.1+8-LTS\"\n");
    Files.createSymbolicLink(bin.resolve("java"), home.resolve("java"));
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(root.resolve("var/lib/zerodown/agent-" + sha + "-jvm-25.0.1_8-LTS.aot")).exists();
    assertThat(Files.readString(root.resolve("etc/zerodown/agent-cds.env")))
        .isEqualTo("AGENT_CDS=-XX:AOTCache=/var/lib/zerodown/agent-" + sha + "-jvm-25.0.1_8-LTS.aot\n");
  }

  @Test
  void a_new_jar_or_jvm_gets_a_new_cache_and_old_caches_and_appcds_archives_are_removed() throws IOException {
    bootstrap(sha, "");
    Path dir = Files.createDirectories(root.resolve("var/lib/zerodown"));
    Path oldJar = dir.resolve("agent-" + "1".repeat(64) + "-jvm-unknown.aot");
    Path oldJvm = dir.resolve("agent-" + sha + "-jvm-25.0.0_36-LTS.aot");
    Path appCds = dir.resolve("agent-" + sha + ".jsa");
    for (Path old : List.of(oldJar, oldJvm, appCds)) Files.writeString(old, "old classes");
    Files.writeString(root.resolve("etc/zerodown/agent-cds.env"), "AGENT_CDS=-XX:SharedArchiveFile=/var/lib/zerodown/agent-" + sha + ".jsa\n");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(oldJar).doesNotExist();
    assertThat(oldJvm).doesNotExist();
    assertThat(appCds).doesNotExist();
    assertThat(dir.resolve("agent-" + sha + "-jvm-unknown.aot")).exists();
    assertThat(Files.readString(root.resolve("etc/zerodown/agent-cds.env"))).contains("-XX:AOTCache=/var/lib/zerodown/agent-" + sha + "-jvm-unknown.aot");
  }

  @Test
  void a_ready_agent_completes_the_hook_with_continue_and_signals_success_once_its_target_is_healthy() throws IOException {
    bootstrap(sha, "");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> calls = calls();
    int ready = indexOf(calls, c -> c.startsWith("curl") && c.contains("http://127.0.0.1:8001/ready"));
    int health = indexOf(calls, c -> c.startsWith("aws elbv2 describe-target-health"));
    assertThat(calls.indexOf("systemctl restart zerodown-agent.service")).isLessThan(ready);
    assertThat(ready).isLessThan(calls.indexOf(HOOK + "CONTINUE"));
    assertThat(calls.indexOf(HOOK + "CONTINUE")).as("registration follows the hook; health is asked after it").isLessThan(health);
    assertThat(health).isLessThan(calls.indexOf(SIGNAL_SUCCESS));
    assertThat(calls).doesNotContain(HOOK + "ABANDON", SIGNAL_FAILURE);
    assertThat(run.output()).contains("lifecycle action of i-0abc123 completed: CONTINUE");
  }

  @Test
  void an_agent_that_cannot_reach_redis_abandons_the_launch_and_signals_failure() throws IOException {
    bootstrap(sha, "");
    overrides.put("STUB_READY", "503");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("ERROR: the agent was not ready within 2s: HTTP 503: redis: Connection refused (127.0.0.1:6379)\n");
    List<String> calls = calls();
    assertThat(calls).contains(HOOK + "ABANDON", SIGNAL_FAILURE).doesNotContain(HOOK + "CONTINUE", SIGNAL_SUCCESS);
    assertThat(calls.indexOf(HOOK + "ABANDON")).isLessThan(calls.indexOf(SIGNAL_FAILURE));
    assertThat(calls).noneMatch(c -> c.startsWith("aws elbv2"));
  }

  @Test
  void an_agent_that_never_answers_abandons_the_launch_and_signals_failure() throws IOException {
    bootstrap(sha, "");
    overrides.put("STUB_READY", "down");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("ERROR: the agent did not answer on 127.0.0.1:8001 within 2s: see /var/log/zerodown/agent.log\n");
    assertThat(calls()).contains("systemctl restart zerodown-agent.service", HOOK + "ABANDON", SIGNAL_FAILURE)
        .doesNotContain(HOOK + "CONTINUE", SIGNAL_SUCCESS);
  }

  @Test
  void a_slow_start_records_lifecycle_heartbeats_while_it_waits_for_ready() throws IOException {
    bootstrap(sha, "");
    overrides.put("STUB_READY_AFTER", "3");
    overrides.put("HEARTBEAT_SECONDS", "0");
    overrides.put("READY_TIMEOUT_SECONDS", "60");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    List<String> calls = calls();
    assertThat(calls.lastIndexOf(HEARTBEAT)).isPositive().isLessThan(calls.indexOf(HOOK + "CONTINUE"));
    assertThat(calls.stream().filter(c -> c.contains("127.0.0.1:8001/ready")).count()).isEqualTo(4);
    assertThat(run.output()).contains("not ready yet: HTTP 503: redis: Connection refused (127.0.0.1:6379)\n");
    assertThat(calls).contains(SIGNAL_SUCCESS);
  }

  @Test
  void a_target_that_never_turns_healthy_signals_failure_without_abandoning_a_completed_hook() throws IOException {
    bootstrap(sha, "");
    overrides.put("STUB_TARGET_STATE", "unhealthy");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("ERROR: target i-0abc123 is 'unhealthy' in the target group after 2s\n");
    assertThat(calls()).contains(HOOK + "CONTINUE", SIGNAL_FAILURE).doesNotContain(HOOK + "ABANDON", SIGNAL_SUCCESS);
  }

  @Test
  void a_hook_that_cannot_be_completed_leaves_the_decision_to_target_health() throws IOException {
    bootstrap(sha, "");
    overrides.put("STUB_AUTOSCALING_EXIT", "254");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("could not complete the lifecycle action with CONTINUE (none waiting?): the target health decides");
    assertThat(calls()).contains(SIGNAL_SUCCESS);
  }

  @Test
  void without_a_hook_in_bootstrap_env_no_lifecycle_call_is_made() throws IOException {
    bootstrap(sha, "");
    Path env = root.resolve("etc/zerodown/bootstrap.env");
    Files.writeString(env, Files.readString(env).replace("ASG_NAME=web-dev\n", "").replace("LIFECYCLE_HOOK_NAME=agent-ready\n", ""));
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(calls()).noneMatch(c -> c.startsWith("aws autoscaling")).contains(SIGNAL_SUCCESS);
  }

  @Test
  void the_agent_jar_carries_the_unit_and_the_jvm_flags_web_sh_installs() throws IOException {
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new ByteArrayInputStream(bundledAgentJar()))) {
      Map<String, String> boot = new HashMap<>();
      for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().startsWith("boot/") && !e.isDirectory()) boot.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
      assertThat(boot).containsOnlyKeys("boot/zerodown-agent.service", "boot/agent-jvm.options", "boot/cloudwatch-logs.sh",
          "boot/cloudwatch-agent.json", "boot/zerodown-agent.logrotate");
      for (String name : List.of("cloudwatch-logs.sh", "cloudwatch-agent.json", "zerodown-agent.logrotate")) {
        assertThat(boot.get("boot/" + name)).as(name).isEqualTo(Templates.read(Templates.ROOT.resolve("userdata/" + name)));
      }
      assertThat(boot.get("boot/zerodown-agent.service")).isEqualTo(Templates.read(Templates.ROOT.resolve("userdata/zerodown-agent.service")));
      assertThat(boot.get("boot/agent-jvm.options")).isEqualTo(Templates.read(Templates.ROOT.resolve("userdata/agent-jvm.options")));
    }
  }

  private static final String CWAGENT_START = "amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:";

  @Test
  void the_cloudwatch_agent_ships_the_agent_log_and_the_boot_output_to_the_two_groups_one_stream_per_instance() throws IOException {
    bootstrap(sha, "");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    Path config = root.resolve("etc/zerodown/cloudwatch-agent.json");
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(Files.readString(config));
    @SuppressWarnings("unchecked")
    List<Map<String, String>> files = (List<Map<String, String>>) ((Map<String, Object>) ((Map<String, Object>)
        ((Map<String, Object>) json.get("logs")).get("logs_collected")).get("files")).get("collect_list");
    assertThat(files).extracting(f -> f.get("file_path") + " -> " + f.get("log_group_name") + " " + f.get("log_stream_name"))
        .containsExactly("/var/log/zerodown/agent.log -> /zerodown/dev/agent {instance_id}",
            "/var/log/cloud-init-output.log -> /zerodown/dev/boot {instance_id}");
    assertThat(files).as("the template owns the retention: the agent sets none").noneMatch(f -> f.containsKey("retention_in_days"));
    assertThat(Files.readString(config)).doesNotContain("@ENV_NAME@");

    String unit = Files.readString(root.resolve("etc/systemd/system/zerodown-agent.service"));
    assertThat(unit).contains("LogsDirectory=zerodown\n", "StandardOutput=append:/var/log/zerodown/agent.log\n");
    assertThat(root.resolve("etc/logrotate.d/zerodown-agent")).hasContent(
        Templates.read(Templates.ROOT.resolve("userdata/zerodown-agent.logrotate")));
    assertThat(Files.readString(root.resolve("etc/logrotate.d/zerodown-agent"))).contains("/var/log/zerodown/agent.log {", "copytruncate");

    List<String> calls = calls();
    assertThat(calls).anyMatch(c -> c.startsWith("dnf install") && c.contains(" amazon-cloudwatch-agent ") && c.contains(" logrotate"));
    String start = CWAGENT_START + config;
    assertThat(calls).contains(start);
    assertThat(calls.indexOf(start)).as("shipping starts before the agent does, so a failed start is in CloudWatch")
        .isLessThan(calls.indexOf("systemctl restart zerodown-agent.service"));
  }

  @Test
  void a_cloudwatch_agent_that_does_not_start_only_logs_and_the_boot_goes_on() throws IOException {
    bootstrap(sha, "");
    overrides.put("STUB_CWAGENT_EXIT", "1");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("zerodown-web: logs not shipped to CloudWatch\n");
    assertThat(calls()).contains("systemctl restart zerodown-agent.service", SIGNAL_SUCCESS);
  }

  @Test
  void the_redis_auth_token_reaches_only_its_0600_file_never_the_boot_log_that_cloudwatch_ships() throws IOException {
    bootstrap(sha, SECRET_ARN);
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    String token = "tok\"en\\with-quote";
    assertThat(Files.readString(root.resolve("etc/zerodown/redis-auth.env"))).contains("tok\\\"en");
    assertThat(run.output()).doesNotContain(token).doesNotContain("tok\\\"en");
    assertThat(Files.readString(root.resolve("var/log/user-data.log"))).doesNotContain(token).doesNotContain("tok\\\"en");
    assertThat(Files.readString(root.resolve("etc/zerodown/agent.env"))).doesNotContain("tok");
    assertThat(Files.readString(root.resolve("etc/zerodown/cloudwatch-agent.json"))).doesNotContain("tok");
  }

  @Test
  void wrong_digest_abandons_the_launch_starts_nothing_and_signals_failure() throws IOException {
    String other = "0".repeat(64);
    bootstrap(other, "");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.output()).contains("ERROR: agent.jar sha256 mismatch: expected " + other + ", got " + sha + "; refusing to start it\n");
    assertThat(run.output()).contains("FAILED with exit code 3");
    assertThat(calls()).noneMatch(c -> c.startsWith("systemctl"));
    assertThat(calls()).contains(HOOK + "ABANDON", SIGNAL_FAILURE).doesNotContain(HOOK + "CONTINUE");
    assertThat(calls().indexOf(HOOK + "ABANDON")).isLessThan(calls().indexOf(SIGNAL_FAILURE));
    assertThat(root.resolve("opt/zerodown/agent.jar")).doesNotExist();
    assertThat(root.resolve("opt/zerodown/agent.jar.download")).doesNotExist();
    assertThat(root.resolve("etc/systemd/system/zerodown-agent.service")).doesNotExist();
  }

  @Test
  void a_second_run_keeps_what_is_right_and_only_makes_sure_the_agent_runs() throws IOException {
    bootstrap(sha, "");
    assertThat(run("web.sh").exitCode()).isZero();
    String env = Files.readString(root.resolve("etc/zerodown/agent.env"));
    Templates.Run again = run("web.sh");
    assertThat(again.exitCode()).as(again.output()).isZero();
    List<String> second = lastRunCalls();
    assertThat(second).noneMatch(c -> c.startsWith("aws s3 cp"));
    assertThat(second).as("the AOT cache is kept, no second training start").noneMatch(c -> c.startsWith("java"));
    assertThat(second).contains("systemctl start zerodown-agent.service").doesNotContain("systemctl restart zerodown-agent.service");
    assertThat(Files.readString(root.resolve("etc/zerodown/agent.env"))).isEqualTo(env);
    assertThat(root.resolve("etc/zerodown/redis-auth.env")).doesNotExist();
    assertThat(second).noneMatch(c -> c.startsWith("aws secretsmanager"));
  }

  @Test
  void without_bootstrap_env_the_script_stops_with_a_clear_message() throws IOException {
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).contains("missing " + root.resolve("etc/zerodown/bootstrap.env"));
    assertThat(calls()).noneMatch(c -> c.startsWith("systemctl") || c.startsWith("dnf"));
  }

  @Test
  void bastion_moves_the_elastic_ip_to_itself_with_instance_and_region_from_imds() throws IOException {
    Files.writeString(root.resolve("etc/zerodown/bootstrap.env"), "ENV_NAME=dev\nALLOCATION_ID=eipalloc-0123abcd\n");
    Templates.Run run = run("bastion.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(calls()).contains("aws ec2 associate-address --region ap-south-2 --allocation-id eipalloc-0123abcd "
        + "--instance-id i-0abc123 --allow-reassociation");
    assertThat(calls()).anyMatch(c -> c.startsWith("curl") && c.contains("-X PUT") && c.contains("api/token"));
    assertThat(Set.copyOf(calls())).noneMatch(c -> c.startsWith("curl") && c.contains("meta-data") && !c.contains("X-aws-ec2-metadata-token: TOKEN-1"));
  }
}
