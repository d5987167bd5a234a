package dev.zerodown.provisioner.e2e;

import dev.zerodown.provisioner.replay.AwsReplay;
import dev.zerodown.provisioner.replay.AwsReplay.Call;
import dev.zerodown.provisioner.replay.AwsReplay.Reply;
import dev.zerodown.provisioner.replay.CloudFormationReplies;
import dev.zerodown.testsupport.Scratch;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * CloudFormation replayed, every other service on moto_server, for one test: an {@link AwsReplay} in front of a
 * {@link MotoAccount} that answers CloudFormation from the test's replies (per stack, or {@link #onEveryStack} naming
 * the stack asked for; {@link CloudFormationReplies#unscripted} for what the test leaves out) and forwards STS, EC2, SSM and S3 to moto. For what moto does not model: executed change
 * sets with outputs, per-resource events, rollbacks, failed deletions, busy stacks. Register with
 * {@code @RegisterExtension} on an instance field, after the account.
 */
final class CloudFormationReplay implements BeforeEachCallback, AfterEachCallback {
  /** The dev environment's stacks, as the replies name them. */
  static final String ARTIFACTS = dev("artifacts");
  static final String NETWORK = dev("network");
  static final String BASTION = dev("bastion");
  static final String WEB = dev("web");
  static final String DATABASE = dev("database");

  /** The artifacts bucket {@link #withArtifacts} makes in moto. */
  static final String BUCKET = ARTIFACTS + "-bucket-replay";
  static final String STACK = "AWS::CloudFormation::Stack";
  static final String S3 = "AWS::S3::Bucket";

  /** The preflight's line for a new environment: moto's Service Quotas knows no Elastic IP quota. */
  static final String EIP_UNKNOWN = "warning: Elastic IP quota unknown (Service Quotas: NoSuchResourceException): "
      + "0 in use, this deploy adds 4, the default quota is 5 per region\n";

  private final MotoAccount moto;
  private final String bucket;
  private final Map<String, Function<String, Reply>> everyStack = new ConcurrentHashMap<>();
  private final AwsReplay replay = AwsReplay.forEachTest().otherwise(this::unscripted);
  private Path agentJar;

  private CloudFormationReplay(MotoAccount moto, String bucket) {
    this.moto = moto;
    this.bucket = bucket;
  }

  private static String dev(String part) {
    return "zerodown-dev-" + part;
  }

  /** CloudFormation replayed in front of {@code moto}. */
  static CloudFormationReplay inFrontOf(MotoAccount moto) {
    return new CloudFormationReplay(moto, null);
  }

  /**
   * As {@link #inFrontOf}, for deploy and plan: the artifacts bucket {@link #BUCKET} made in moto (the replayed
   * artifacts stack names it in {@link #allOutputs}) and a small stand-in for the agent jar (a few bytes instead of
   * 7 MB: the forward of a large S3 PUT to moto is not reliable).
   */
  static CloudFormationReplay withArtifacts(MotoAccount moto) {
    return new CloudFormationReplay(moto, BUCKET);
  }

  /** Every output deploy reads from the stacks, for a replayed DescribeStacks of a deployed stack. */
  static Map<String, String> allOutputs() {
    return Map.of("BucketName", BUCKET, "LoadBalancerUrl", "http://alb-web-dev-1.eu-west-3.elb.amazonaws.com/",
        "PublicIp", "198.51.100.10", "AutoScalingGroupName", "web-dev", "DashboardName", "zerodown-dev");
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (bucket != null) {
      moto.aws().s3().createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint("eu-west-3")));
      agentJar = Files.write(Scratch.newDirectory("agent-").resolve("agent.jar"),
          "a small stand-in for the agent jar".getBytes(StandardCharsets.UTF_8));
    }
    replay.forwardingTo(moto.endpoint()).beforeEach(context);
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    replay.afterEach(context);
    if (agentJar != null) {
      Files.deleteIfExists(agentJar);
      Files.deleteIfExists(agentJar.getParent());
    }
  }

  URI endpoint() {
    return replay.endpoint();
  }

  /** Queues replies for {@code action} on {@code stack} (null: any stack); the last one repeats. */
  CloudFormationReplay on(String action, String stack, Reply... replies) {
    replay.on(stack == null ? action : action + " StackName=" + stack, replies);
    return this;
  }

  /**
   * Answers {@code action} on every stack the test gives no reply of its own with {@code reply} of the stack the call
   * names, as AWS answers about the stack asked for (its name, its ARN), e.g. {@code s -> stack(s, "UPDATE_COMPLETE")}.
   */
  CloudFormationReplay onEveryStack(String action, Function<String, Reply> reply) {
    everyStack.put(action, reply);
    return this;
  }

  private Optional<Reply> unscripted(Call call) {
    String stack = CloudFormationReplies.isCloudFormation(call) ? CloudFormationReplies.stackOf(call) : null;
    Function<String, Reply> reply = stack == null ? null : everyStack.get(call.action());
    return reply != null ? Optional.of(reply.apply(stack)) : CloudFormationReplies.unscripted(call);
  }

  /** The CloudFormation calls received, in order, with their form parameters. */
  List<Map<String, String>> requests() {
    return replay.calls().stream().filter(CloudFormationReplies::isCloudFormation).map(Call::params).toList();
  }

  /** The CloudFormation calls received, in order, as "Action stack-name". */
  List<String> actions() {
    return replay.calls().stream().filter(CloudFormationReplies::isCloudFormation)
        .map(c -> c.action() + " " + CloudFormationReplies.stackOf(c)).toList();
  }

  /**
   * A command line for {@code verb} against the replay with the Redis and network options deploy needs and the
   * stand-in agent jar; the replayed network stack has neither AZ parameters nor subnet outputs: --azs names its AZs.
   */
  String[] args(String verb, String... extra) {
    List<String> a = new ArrayList<>(List.of(verb, "--endpoint-url", endpoint().toString(),
        "--redis-endpoint", "redis.example.internal:6379", "--redis-cidr", "10.1.2.0/24", "--my-ip", "203.0.113.7/32",
        "--agent-jar", agentJar.toString(), "--azs", "eu-west-3a,eu-west-3b,eu-west-3c"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }
}
