package dev.zerodown.provisioner.aws;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place AWS clients are made: every client honours --region, --profile and --endpoint-url, uses the
 * small URL-connection HTTP client and the pacing's retry strategy (standard mode, more attempts). Clients are
 * created on first use and closed together.
 */
public final class AwsClients implements AutoCloseable {
  private final AwsSettings settings;
  private final AwsPacing pacing;
  private final AwsCredentialsProvider credentials;
  private final List<SdkAutoCloseable> open = new ArrayList<>();
  private CloudFormationClient cloudFormation;
  private S3Client s3;
  private Ec2Client ec2;
  private AutoScalingClient autoScaling;
  private ElasticLoadBalancingV2Client elbv2;
  private SsmClient ssm;
  private StsClient sts;
  private ServiceQuotasClient serviceQuotas;
  private ElastiCacheClient elastiCache;
  private CloudWatchLogsClient logs;

  public AwsClients(AwsSettings settings) {
    this(settings, AwsPacing.standard());
  }

  public AwsClients(AwsSettings settings, AwsPacing pacing) {
    this.settings = settings;
    this.pacing = pacing;
    // the profile files the Host's environment names, read once, on the first credentials lookup
    Optional<java.util.function.Supplier<ProfileFile>> files = settings.files().map(f -> new Once<>(f::load));
    this.credentials = new SsoAware(settings.profile()
        .<AwsCredentialsProvider>map(p -> {
          var b = ProfileCredentialsProvider.builder().profileName(p);
          files.ifPresent(b::profileFile);
          return b.build();
        })
        .orElseGet(() -> {
          var b = DefaultCredentialsProvider.builder();
          files.ifPresent(b::profileFile);
          return b.build();
        }), settings.profile(), settings.files());
  }

  public AwsSettings settings() {
    return settings;
  }

  public AwsPacing pacing() {
    return pacing;
  }

  /** Retries of a poll loop's reads, on this pacing. */
  public Patience patience() {
    return new Patience(pacing);
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

  public synchronized ElastiCacheClient elastiCache() {
    if (elastiCache == null) elastiCache = build(ElastiCacheClient.builder());
    return elastiCache;
  }

  public synchronized CloudWatchLogsClient logs() {
    if (logs == null) logs = build(CloudWatchLogsClient.builder());
    return logs;
  }

  public synchronized StsClient sts() {
    if (sts == null) sts = build(StsClient.builder());
    return sts;
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
        .overrideConfiguration(o -> o.retryStrategy(pacing.retryStrategy()))
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

  /** A value computed on first use, then kept. */
  private static final class Once<T> implements java.util.function.Supplier<T> {
    private final java.util.function.Supplier<T> compute;
    private T value;

    Once(java.util.function.Supplier<T> compute) {
      this.compute = compute;
    }

    @Override
    public synchronized T get() {
      if (value == null) value = compute.get();
      return value;
    }
  }

  /**
   * The credentials chain, or --profile's provider, that turns "this SSO profile has no valid login" into the one
   * line that says which command fixes it. The SDK fails before any network call when the token cache has no
   * token for the profile's session (a missing cache file, "Unable to load SSO token", an expired token).
   */
  private static final class SsoAware implements AwsCredentialsProvider, SdkAutoCloseable {
    private final AwsCredentialsProvider delegate;
    private final Optional<String> profile;
    private final Optional<ProfileFiles> files;

    SsoAware(AwsCredentialsProvider delegate, Optional<String> profile, Optional<ProfileFiles> files) {
      this.delegate = delegate;
      this.profile = profile;
      this.files = files;
    }

    @Override
    public AwsCredentials resolveCredentials() {
      try {
        return delegate.resolveCredentials();
      } catch (RuntimeException e) {
        if (e instanceof SdkException s && AwsFailures.isTransient(s)) throw e;
        if (profile.isPresent() && files.isPresent() && !files.get().has(profile.get())) {
          // the SDK's own message shows its parsed file ("ProfileFile(sections=[])"): name the profile and the files
          throw new UserException(ExitCode.AWS_UNAVAILABLE,
              files.get().unknown(profile.get()), e);
        }
        if (profile.isPresent() && files.isPresent() && !isSsoProfile(profile.get())
            && String.valueOf(e.getMessage()).contains("contained no credentials")) {
          throw new UserException(ExitCode.AWS_UNAVAILABLE,
              files.get().withoutCredentials(profile.get()), e);
        }
        String name = profile.orElseGet(() -> ProfileFileSystemSetting.AWS_PROFILE.getStringValue().orElse("default"));
        if (isSsoProfile(name)) throw AwsFailures.ssoLoginNeeded(name, e);
        throw e;
      }
    }

    private boolean isSsoProfile(String name) {
      try {
        return (files.isPresent() ? files.get().load() : ProfileFile.defaultProfileFile()).profile(name)
            .map(p -> p.property("sso_session").isPresent() || p.property("sso_start_url").isPresent()).orElse(false);
      } catch (RuntimeException unreadable) {
        return false;
      }
    }

    @Override
    public void close() {
      if (delegate instanceof SdkAutoCloseable c) c.close();
    }
  }
}
