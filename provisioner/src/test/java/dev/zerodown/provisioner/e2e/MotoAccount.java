package dev.zerodown.provisioner.e2e;

import dev.zerodown.provisioner.aws.AwsClients;
import dev.zerodown.provisioner.aws.AwsSettings;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.testsupport.MotoServer;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.regions.Region;

/**
 * An empty AWS account for each test: moto_server for the test class, reset before each test (POST /moto-api/reset),
 * with SDK clients on it (eu-west-3) for what a test sets up or reads back. Register with {@code @RegisterExtension}
 * on a static field.
 */
final class MotoAccount implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private final MotoServer server = new MotoServer();
  private AwsClients aws;
  private CloudFormationGateway cfn;

  @Override
  public void beforeAll(ExtensionContext context) {
    server.beforeAll(context);
    aws = new AwsClients(new AwsSettings(Region.EU_WEST_3, Optional.empty(), Optional.of(server.endpoint())));
    cfn = new CloudFormationGateway(aws.cloudFormation());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (aws != null) aws.close();
    server.afterAll(context);
  }

  MotoServer server() {
    return server;
  }

  URI endpoint() {
    return server.endpoint();
  }

  AwsClients aws() {
    return aws;
  }

  CloudFormationGateway cfn() {
    return cfn;
  }
}
