package dev.zerodown.provisioner.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.e2e.MotoAccount;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.probe.FakeFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * rollout, drill and verify against one environment deployed into moto_server with the real templates. moto
 * models the calls (S3 upload/head, the web stack update, ASG terminate + replacement launch, target
 * registration) but not their timing: every target is healthy at once and the rolling update policy is ignored,
 * so instances are not replaced by a rollout here (AWS-EMULATOR.md). The timing and decisions are proven in
 * DrillReplayTest and RolloutReplayTest. Probes only go to a loopback stand-in (--url).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class VerbsOnMotoTest {
  @RegisterExtension
  static final MotoAccount moto = MotoAccount.forTheClass();

  @TempDir
  Path dir;

  @BeforeAll
  static void deploy() {
    Result r = Cli.run(moto.deployDirect());
    assertThat(r.code()).as(r.toString()).isZero();
  }

  private static String[] args(String... args) {
    List<String> all = new ArrayList<>(List.of(args).subList(1, args.length));
    if (args[0].equals("rollout")) all.addAll(List.of("--timeout", "60s"));
    return moto.args(args[0], all.toArray(String[]::new));
  }

  private static StackInfo web() {
    return moto.cfn().describe("zerodown-dev-web").orElseThrow();
  }

  private static String bucket() {
    return moto.cfn().describe("zerodown-dev-artifacts").orElseThrow().outputs().get("BucketName");
  }

  private static Set<String> groupInstances() {
    return moto.aws().autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("web-dev")).autoScalingGroups()
        .get(0).instances().stream().map(i -> i.instanceId()).collect(Collectors.toSet());
  }

  /** A jar file with content of its own, so its digest is new to the bucket. */
  private Path newJar() throws Exception {
    return Files.write(dir.resolve("agent-" + UUID.randomUUID() + ".jar"),
        ("not really a jar " + UUID.randomUUID()).getBytes());
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void rollout_uploads_the_jar_under_its_digest_and_changes_only_the_artifact_parameter() throws Exception {
    Path jar = newJar();
    String digest = sha256(jar);
    Map<String, String> before = web().parameters();

    Result r = Cli.run(args("rollout", "--agent-jar", jar.toString()));

    assertThat(r.code()).as(r.toString() + before).isZero();
    moto.aws().s3().headObject(b -> b.bucket(bucket()).key("agent/" + digest + "/agent.jar"));
    StackInfo after = web();
    assertThat(after.status()).isEqualTo("UPDATE_COMPLETE");
    assertThat(after.parameters()).containsEntry("ArtifactSha256", digest);
    Map<String, String> others = new java.util.HashMap<>(after.parameters());
    others.remove("ArtifactSha256");
    Map<String, String> othersBefore = new java.util.HashMap<>(before);
    othersBefore.remove("ArtifactSha256");
    assertThat(others).isEqualTo(othersBefore);
    assertThat(r.out()).contains("uploaded to " + bucket() + "/agent/" + digest + "/agent.jar")
        .contains("DONE: zerodown-dev-web is UPDATE_COMPLETE with agent " + digest.substring(0, 12))
        .contains("fewest instances serving at any poll: 2")
        // moto ignores the rolling update policy: the old instances stay, and the report says so.
        .contains("still running from before the rollout: ");
  }

  @Test
  void rollout_to_a_digest_in_the_bucket_rolls_back_to_it() throws Exception {
    String original = web().parameters().get("ArtifactSha256");
    Result first = Cli.run(args("rollout", "--agent-jar", newJar().toString()));
    assertThat(first.code()).as(first.toString()).isZero();

    Result r = Cli.run(args("rollout", "--to", original));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("agent " + original.substring(0, 12) + " found in " + bucket());
    assertThat(web().parameters()).containsEntry("ArtifactSha256", original);
  }

  @Test
  void rollout_of_the_deployed_digest_changes_nothing() {
    String current = web().parameters().get("ArtifactSha256");
    var changed = web().lastChanged();

    Result r = Cli.run(args("rollout", "--to", current));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("already runs agent " + current.substring(0, 12) + ": nothing to roll out")
        .contains("UP TO DATE");
    assertThat(web().lastChanged()).isEqualTo(changed);
  }

  @Test
  void rollout_to_a_digest_missing_from_the_bucket_fails_before_any_update() {
    String missing = "ab".repeat(32);
    var changed = web().lastChanged();

    Result r = Cli.run(args("rollout", "--to", missing));

    assertThat(r.code()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err()).isEqualTo("error: agent/" + missing + "/agent.jar is not in the artifacts bucket " + bucket()
        + ": roll out a jar file instead (--agent-jar PATH) to upload it\n");
    assertThat(web().lastChanged()).isEqualTo(changed);
  }

  @Test
  void rollout_refuses_a_digest_that_is_not_one() {
    Result r = Cli.run(args("rollout", "--to", "latest"));
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--to must be a lowercase hex SHA-256 (64 characters)");
  }

  @Test
  void drill_terminates_one_instance_and_reports_the_replacement_moto_launches() throws Exception {
    Set<String> before = groupInstances();
    try (FakeFleet lb = FakeFleet.start("i-stand-in-a", "i-stand-in-b")) {
      Result r = Cli.run(args("drill", "--yes", "--url", lb.url().toString(), "--interval", "20ms",
          "--baseline", "200ms", "--settle", "100ms", "--timeout", "30s"));

      assertThat(r.code()).as(r.toString()).isZero();
      Set<String> after = groupInstances();
      assertThat(after).hasSize(2);
      Set<String> gone = new java.util.HashSet<>(before);
      gone.removeAll(after);
      Set<String> added = new java.util.HashSet<>(after);
      added.removeAll(before);
      assertThat(gone).hasSize(1);
      assertThat(added).hasSize(1);
      assertThat(r.out()).contains("drill terminate " + gone.iterator().next())
          .contains("replacement  " + added.iterator().next())
          .contains("RECOVERED: " + added.iterator().next())
          .contains("failures     none after the kill");
      assertThat(lb.requests()).isGreaterThan(5);
    }
  }

  @Test
  void drill_without_a_terminal_or_yes_does_nothing() throws Exception {
    Set<String> before = groupInstances();
    try (FakeFleet lb = FakeFleet.start("i-stand-in-a", "i-stand-in-b")) {
      Result r = Cli.run(args("drill", "--url", lb.url().toString()));
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.NOT_CONFIRMED);
      assertThat(r.err()).contains("pass --yes");
      assertThat(lb.requests()).isZero();
    }
    assertThat(groupInstances()).isEqualTo(before);
  }

  @Test
  void drill_answered_no_at_the_prompt_does_nothing() throws Exception {
    Set<String> before = groupInstances();
    try (FakeFleet lb = FakeFleet.start("i-stand-in-a", "i-stand-in-b")) {
      Result r = Cli.run(Cli.host(true, "n\n"), args("drill", "--url", lb.url().toString()));
      assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.NOT_CONFIRMED);
      assertThat(r.out() + r.err()).contains("Drill on dev: terminate i-").contains("Continue? [y/N]");
      assertThat(lb.requests()).isZero();
    }
    assertThat(groupInstances()).isEqualTo(before);
  }

  @Test
  void verify_without_url_reads_the_load_balancer_from_the_network_stack_of_the_environment() {
    // An environment that is not deployed: the lookup fails before any request is sent.
    Result r = Cli.run(args("verify", "--env", "nothere"));
    assertThat(r.code()).isEqualTo(ExitCode.PRECONDITION);
    assertThat(r.err()).startsWith("error: zerodown-nothere-network is not deployed: run java -jar provisioner.jar deploy --env nothere");
  }
}
