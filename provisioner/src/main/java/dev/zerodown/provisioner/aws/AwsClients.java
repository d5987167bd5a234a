package dev.zerodown.provisioner.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place AWS clients are made: every client honours --region, --profile and --endpoint-url, and
 * uses the small URL-connection HTTP client. Clients are created on first use and closed together.
 */
public final class AwsClients implements AutoCloseable {
  private final AwsSettings settings;
  private final AwsCredentialsProvider credentials;
  private final List<SdkAutoCloseable> open = new ArrayList<>();
  private CloudFormationClient cloudFormation;
  private S3Client s3;
  private Ec2Client ec2;
  private AutoScalingClient autoScaling;
  private ElasticLoadBalancingV2Client elbv2;
  private SsmClient ssm;
  private StsClient sts;
  private CloudWatchClient cloudWatch;
  private ServiceQuotasClient serviceQuotas;

  public AwsClients(AwsSettings settings) {
    this.settings = settings;
    this.credentials = settings.profile()
        .<AwsCredentialsProvider>map(p -> ProfileCredentialsProvider.builder().profileName(p).build())
        .orElseGet(() -> DefaultCredentialsProvider.builder().build());
  }

  public AwsSettings settings() {
    return settings;
  }

  public synchronized CloudFormationClient cloudFormation() {
    if (cloudFormation == null) cloudFormation = build(CloudFormationClient.builder());
    return cloudFormation;
  }

  public synchronized S3Client s3() {
    if (s3 == null) s3 = build(S3Client.builder().forcePathStyle(settings.endpoint().isPresent()));
    return s3;
  }

  public synchronized Ec2Client ec2() {
    if (ec2 == null) ec2 = build(Ec2Client.builder());
    return ec2;
  }

  public synchronized AutoScalingClient autoScaling() {
    if (autoScaling == null) autoScaling = build(AutoScalingClient.builder());
    return autoScaling;
  }

  public synchronized ElasticLoadBalancingV2Client elbv2() {
    if (elbv2 == null) elbv2 = build(ElasticLoadBalancingV2Client.builder());
    return elbv2;
  }

  public synchronized SsmClient ssm() {
    if (ssm == null) ssm = build(SsmClient.builder());
    return ssm;
  }

  public synchronized StsClient sts() {
    if (sts == null) sts = build(StsClient.builder());
    return sts;
  }

  public synchronized CloudWatchClient cloudWatch() {
    if (cloudWatch == null) cloudWatch = build(CloudWatchClient.builder());
    return cloudWatch;
  }

  /**
   * The Service Quotas client; {@code endpoint} (the SDK's AWS_ENDPOINT_URL_SERVICE_QUOTAS, read by the caller from
   * its environment) wins over --endpoint-url, as a service-specific endpoint does in the SDK.
   */
  public synchronized ServiceQuotasClient serviceQuotas(java.util.Optional<java.net.URI> endpoint) {
    if (serviceQuotas == null) {
      var b = ServiceQuotasClient.builder();
      serviceQuotas = endpoint.isPresent() ? build(b, endpoint) : build(b);
    }
    return serviceQuotas;
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C build(B builder) {
    return build(builder, settings.endpoint());
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> C build(B builder,
      java.util.Optional<java.net.URI> endpoint) {
    builder.region(settings.region())
        .credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60)));
    endpoint.ifPresent(builder::endpointOverride);
    C client = builder.build();
    open.add(client);
    return client;
  }

  @Override
  public synchronized void close() {
    open.forEach(SdkAutoCloseable::close);
    open.clear();
    if (credentials instanceof SdkAutoCloseable c) c.close();
  }
}
