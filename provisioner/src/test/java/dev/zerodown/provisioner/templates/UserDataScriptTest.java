package dev.zerodown.provisioner.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.synth.SynthCommand;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * Runs userdata/web.sh and userdata/bastion.sh for real, with ROOT pointing at a temporary directory
 * and dnf, aws, systemctl, useradd, curl, cfn-signal and java replaced by recording stubs first on PATH.
 * A local file stands in for the S3 object. The java stub plays the AOT cache's two steps as JDK 25 runs them:
 * the training start answers (through the curl stub) on the training port while it runs and writes the
 * configuration when SIGTERM ends it; the assembly step writes the cache from that configuration. With no
 * release file beside the stub, the JVM's version reads "unknown".
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
    byte[] jar = "PK\u0003\u0004 not really a jar, but bytes with a digest".getBytes(StandardCharsets.UTF_8);
    Files.write(s3Object, jar);
    sha = SynthCommand.sha256(new ByteArrayInputStream(jar));
    stub("dnf", "exit 0");
    stub("systemctl", "exit 0");
    stub("cfn-signal", "exit 0");
    stub("useradd", "[ -f \"$STUB_STATE/user\" ] && exit 9\ntouch \"$STUB_STATE/user\"");
    stub("curl", String.join("\n",
        "case \"$*\" in",
        "  *api/token*) echo TOKEN-1 ;;",
        "  *meta-data/instance-id*) echo i-0abc123 ;;",
        "  *meta-data/placement/region*) echo ap-south-2 ;;",
        "  *127.0.0.1:18000/cgi-bin/*) [ -f \"$STUB_STATE/java-up\" ] ;;",
        "  *cgi-bin/ping.py*) exit 0 ;;",
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
        "  'elbv2 describe-target-health') echo healthy ;;",
        "  'ec2 associate-address') echo '{\"AssociationId\": \"eipassoc-1\"}' ;;",
        "  *) exit 2 ;;",
        "esac"));
    Files.createDirectories(root.resolve("etc/zerodown"));
    Files.copy(Templates.ROOT.resolve("userdata/agent-jvm.options"), root.resolve("etc/zerodown/agent-jvm.options"));
  }

  private void stub(String name, String body) throws IOException {
    Path f = bin.resolve(name);
    Files.writeString(f, "#!/bin/bash\necho \"" + name + " $*\" >> \"$STUB_CALLS\"\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void bootstrap(String sha256, String secretArn) throws IOException {
    Files.writeString(root.resolve("etc/zerodown/bootstrap.env"), String.join("\n",
        "ENV_NAME=dev", "AWS_REGION=eu-west-3", "CFN_STACK=zerodown-dev-web", "CFN_RESOURCE=AutoScalingGroup",
        "ARTIFACT_BUCKET=zerodown-dev-artifacts-bucket-1", "ARTIFACT_KEY=agent/" + sha256 + "/agent.jar",
        "ARTIFACT_SHA256=" + sha256,
        "TARGET_GROUP_ARN=arn:aws:elasticloadbalancing:eu-west-3:123456789012:targetgroup/tg-web-dev/0123456789abcdef",
        "REDIS_HOST=redis-dev.abc.cache.amazonaws.com", "REDIS_PORT=6379", "REDIS_TLS=true",
        "REDIS_AUTH_SECRET_ARN=" + secretArn, "METRICS_NAMESPACE=zerodown", "METRICS_STEP_SECONDS=60", "DRAIN_SECONDS=15", ""));
  }

  private Templates.Run run(String script) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("ROOT", root.toString());
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("POLL_SECONDS", "0.1");
    env.put("PING_TIMEOUT_SECONDS", "2");
    env.put("HEALTHY_TIMEOUT_SECONDS", "2");
    env.put("CDS_SECONDS", "3");
    env.put("STUB_CALLS", calls.toString());
    env.put("STUB_STATE", tmp.resolve("state").toString());
    env.put("STUB_S3_OBJECT", s3Object.toString());
    env.put("STUB_SECRET", "tok\"en\\with-quote");
    Files.writeString(calls, "--- run\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    return Templates.run(tmp, env, 60, List.of("bash", Templates.ROOT.resolve("userdata/" + script).toString()));
  }

  private List<String> calls() throws IOException {
    return Files.readAllLines(calls);
  }

  /** The calls of the last run only. */
  private List<String> lastRunCalls() throws IOException {
    List<String> all = calls();
    return all.subList(all.lastIndexOf("--- run") + 1, all.size());
  }

  @Test
  void right_digest_writes_the_environment_and_unit_then_starts_the_agent_and_signals_success() throws IOException {
    bootstrap(sha, SECRET_ARN);
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).as(run.output()).isZero();

    assertThat(Files.readString(root.resolve("etc/zerodown/agent.env"))).isEqualTo(String.join("\n",
        "PORT=8000", "HEALTH_PORT=8002", "ENV_NAME=dev", "REDIS_HOST=redis-dev.abc.cache.amazonaws.com", "REDIS_PORT=6379", "REDIS_TLS=true",
        "DRAIN_SECONDS=15", "METRICS_ENABLED=true", "METRICS_NAMESPACE=zerodown", "METRICS_STEP_SECONDS=60",
        "AWS_REGION=eu-west-3", ""));
    Path auth = root.resolve("etc/zerodown/redis-auth.env");
    assertThat(Files.readString(auth)).isEqualTo("REDIS_PASSWORD=\"tok\\\"en\\\\with-quote\"\n");
    assertThat(Files.getPosixFilePermissions(auth)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.readAllBytes(root.resolve("opt/zerodown/agent.jar"))).isEqualTo(Files.readAllBytes(s3Object));

    String unit = Files.readString(root.resolve("etc/systemd/system/zerodown-agent.service"));
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
        "cfn-signal -e 0 --stack zerodown-dev-web --resource AutoScalingGroup --region eu-west-3");
    assertThat(calls).anyMatch(c -> c.startsWith("aws elbv2 describe-target-health") && c.contains("Id=i-0abc123,Port=8000"));
    assertThat(calls.indexOf("systemctl restart zerodown-agent.service"))
        .isLessThan(calls.indexOf("cfn-signal -e 0 --stack zerodown-dev-web --resource AutoScalingGroup --region eu-west-3"));
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
    assertThat(calls()).contains("systemctl restart zerodown-agent.service",
        "cfn-signal -e 0 --stack zerodown-dev-web --resource AutoScalingGroup --region eu-west-3");
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
  void wrong_digest_exits_non_zero_starts_nothing_and_signals_failure() throws IOException {
    String other = "0".repeat(64);
    bootstrap(other, "");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.output()).contains("agent.jar sha256 mismatch: expected " + other + ", got " + sha + "; refusing to start it");
    assertThat(calls()).noneMatch(c -> c.startsWith("systemctl"));
    assertThat(calls()).contains("cfn-signal -e 1 --stack zerodown-dev-web --resource AutoScalingGroup --region eu-west-3");
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
  void an_agent_that_never_answers_ping_fails_the_boot_and_signals_failure() throws IOException {
    bootstrap(sha, "");
    stub("curl", "exit 7");
    Templates.Run run = run("web.sh");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output()).contains("ping.py did not answer 200 within 2s");
    assertThat(calls()).contains("systemctl restart zerodown-agent.service",
        "cfn-signal -e 1 --stack zerodown-dev-web --resource AutoScalingGroup --region eu-west-3");
    assertThat(calls()).doesNotContain("cfn-signal -e 0 --stack zerodown-dev-web --resource AutoScalingGroup --region eu-west-3");
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
