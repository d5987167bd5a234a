package dev.zerodown.provisioner.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.aws.AutoScalingGateway.Member;
import dev.zerodown.provisioner.aws.Ec2Gateway;
import dev.zerodown.provisioner.replay.AwsReplay;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The agent digest status shows per instance, read through Ec2Gateway from DescribeLaunchTemplateVersions answers
 * shaped as https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplateVersions.html (a
 * launchTemplateVersionSet whose launchTemplateData carries its tagSpecificationSet and base64 userData).
 */
class LaunchedDigestTest {
  private static final String TAGGED = "a".repeat(64);
  private static final String IN_USER_DATA = "b".repeat(64);

  @RegisterExtension final AwsReplay aws = AwsReplay.forEachTest();
  private Ec2Client client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  @Test
  void the_launch_templates_agent_sha256_tag_comes_before_the_digest_in_its_user_data() {
    aws.add("DescribeLaunchTemplateVersions", 200, versions("<tagSpecificationSet><item><resourceType>volume</resourceType>"
        + "<tagSet><item><key>Name</key><value>web-dev</value></item></tagSet></item><item><resourceType>instance"
        + "</resourceType><tagSet><item><key>zerodown:agent-sha256</key><value>" + TAGGED + "</value></item></tagSet>"
        + "</item></tagSpecificationSet>"));

    assertThat(LaunchedDigest.of(ec2(), member())).isEqualTo(TAGGED);
    assertThat(aws.calls("DescribeLaunchTemplateVersions")).singleElement().satisfies(c -> assertThat(c.params())
        .containsEntry("LaunchTemplateId", "lt-0abc").containsEntry("LaunchTemplateVersion.1", "3"));
  }

  @Test
  void without_the_tag_the_digest_is_the_one_the_user_data_hands_the_bootstrap() {
    aws.add("DescribeLaunchTemplateVersions", 200, versions(""));

    assertThat(LaunchedDigest.of(ec2(), member())).isEqualTo(IN_USER_DATA);
  }

  /** GUESS (docs/aws-behaviour.md): the code a deleted version answers is not documented; any EC2 error reads alike. */
  @Test
  void a_version_that_is_gone_has_no_digest() {
    aws.add("DescribeLaunchTemplateVersions", 400, "<Response><Errors><Error><Code>InvalidLaunchTemplateId.VersionNotFound"
        + "</Code><Message>Could not find launch template version 3 for launch template ID lt-0abc.</Message></Error>"
        + "</Errors><RequestID>r-1</RequestID></Response>");

    assertThat(LaunchedDigest.of(ec2(), member())).isNull();
  }

  private static Member member() {
    return new Member("i-0123456789abcdef0", "eu-west-3a", "InService", "Healthy", "lt-0abc", "3");
  }

  /** One version of lt-0abc whose user data writes the bootstrap env with {@link #IN_USER_DATA}. */
  private static String versions(String tagSpecifications) {
    String userData = Base64.getEncoder().encodeToString(("#!/bin/bash\ncat > /etc/zerodown/bootstrap.env <<'X'\n"
        + "ARTIFACT_SHA256=" + IN_USER_DATA + "\nX\n").getBytes(StandardCharsets.UTF_8));
    return "<DescribeLaunchTemplateVersionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1"
        + "</requestId><launchTemplateVersionSet><item><launchTemplateId>lt-0abc</launchTemplateId><launchTemplateName>"
        + "web-dev</launchTemplateName><versionNumber>3</versionNumber><launchTemplateData>" + tagSpecifications
        + "<userData>" + userData + "</userData></launchTemplateData></item></launchTemplateVersionSet>"
        + "</DescribeLaunchTemplateVersionsResponse>";
  }

  private Ec2Gateway ec2() {
    client = Ec2Client.builder().endpointOverride(aws.endpoint()).region(Region.EU_WEST_3)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return new Ec2Gateway(client);
  }
}
