package dev.zerodown.provisioner.e2e;

import dev.zerodown.provisioner.aws.AwsClients;
import dev.zerodown.provisioner.aws.AwsSettings;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.testsupport.MotoServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.regions.Region;

/**
 * An empty AWS account: moto_server for the test class with SDK clients on it (eu-west-3) for what a test sets up or
 * reads back, reset (POST /moto-api/reset) before each test ({@code new MotoAccount()}) or, for a class that deploys
 * once in its {@code @BeforeAll} and whose tests read that environment, once before the class ({@link #forTheClass}).
 * Register with {@code @RegisterExtension} on a static field: its start and reset come before the class's own
 * {@code @BeforeAll} methods.
 */
public final class MotoAccount implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private final MotoServer server = new MotoServer();
  private final boolean resetBeforeEachTest;
  private AwsClients aws;

  /** An account reset before each test. */
  public MotoAccount() {
    this(true);
  }

  private MotoAccount(boolean resetBeforeEachTest) {
    this.resetBeforeEachTest = resetBeforeEachTest;
  }

  /** An account reset once, before the class's {@code @BeforeAll}: its tests share what that deployed. */
  public static MotoAccount forTheClass() {
    return new MotoAccount(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server.beforeAll(context);
    if (!resetBeforeEachTest) server.reset();
    aws = new AwsClients(new AwsSettings(Region.EU_WEST_3, Optional.empty(), Optional.of(server.endpoint())));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (resetBeforeEachTest) server.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (aws != null) aws.close();
    server.afterAll(context);
  }

  /** Where the account answers: the {@code --endpoint-url} of a command line. */
  public URI endpoint() {
    return server.endpoint();
  }

  /** SDK clients on the account, eu-west-3, for what a test sets up or reads back. */
  public AwsClients aws() {
    return aws;
  }

  /** The provisioner's CloudFormation gateway on {@link #aws}'s client (describe a stack, its outputs, parameters). */
  public CloudFormationGateway cfn() {
    return new CloudFormationGateway(aws.cloudFormation());
  }

  /** {@code verb} and {@code rest} against this account: the command line with {@code --endpoint-url} added. */
  public String[] args(String verb, String... rest) {
    List<String> all = new ArrayList<>(List.of(verb));
    all.addAll(List.of(rest));
    all.addAll(List.of("--endpoint-url", endpoint().toString()));
    return all.toArray(String[]::new);
  }

  /**
   * {@code deploy --method direct --yes} of the dev environment into this account with an existing Redis and the
   * network options it needs, plus {@code extra}. Direct mode: moto's change sets compute no outputs
   * (docs/aws-emulator.md).
   */
  public String[] deployDirect(String... extra) {
    List<String> all = new ArrayList<>(List.of("--method", "direct", "--redis-endpoint", "redis.example.internal:6379",
        "--redis-cidr", "10.1.2.0/24", "--my-ip", "203.0.113.7/32", "--yes"));
    all.addAll(List.of(extra));
    return args("deploy", all.toArray(String[]::new));
  }
}
