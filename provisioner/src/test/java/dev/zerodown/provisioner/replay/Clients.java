package dev.zerodown.provisioner.replay;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** SDK clients aimed at a loopback endpoint (the replay fake or moto), with static test credentials. */
public final class Clients {
  private Clients() {}

  private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>
      & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint) {
    return builder.endpointOverride(endpoint).region(Region.EU_WEST_3)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  public static AutoScalingClient autoScaling(URI endpoint) {
    return build(AutoScalingClient.builder(), endpoint);
  }

  public static ElasticLoadBalancingV2Client elb(URI endpoint) {
    return build(ElasticLoadBalancingV2Client.builder(), endpoint);
  }

  public static ElastiCacheClient elastiCache(URI endpoint) {
    return build(ElastiCacheClient.builder(), endpoint);
  }

  public static SsmClient ssm(URI endpoint) {
    return build(SsmClient.builder(), endpoint);
  }
}
