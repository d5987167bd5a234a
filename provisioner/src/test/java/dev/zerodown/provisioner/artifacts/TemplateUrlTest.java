package dev.zerodown.provisioner.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

/**
 * The URL CloudFormation reads an uploaded template from is S3's virtual-hosted URL under the partition's DNS suffix
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html; China:
 * https://docs.amazonaws.cn/en_us/aws/latest/userguide/endpoints-Beijing.html).
 */
class TemplateUrlTest {
  @Test
  void the_template_url_uses_the_dns_suffix_of_the_regions_partition() {
    assertThat(ArtifactsGateway.templateUrl(Region.EU_WEST_3, "b", "templates/x/network.yaml"))
        .isEqualTo("https://b.s3.eu-west-3.amazonaws.com/templates/x/network.yaml");
    assertThat(ArtifactsGateway.templateUrl(Region.CN_NORTH_1, "b", "templates/x/network.yaml"))
        .isEqualTo("https://b.s3.cn-north-1.amazonaws.com.cn/templates/x/network.yaml");
  }
}
