package dev.zerodown.provisioner.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.replay.AwsReplay;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import org.junit.jupiter.api.Test;

/**
 * Emptying the bucket against S3 answers replayed on a loopback socket: moto deletes every key, so it never
 * shows what the DeleteObjects page documents for quiet mode (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html):
 * a 200 whose body lists only the keys that could not be deleted, each with a code and message.
 */
class EmptyBucketReplayTest {
  private static final String VERSIONS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<ListVersionsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Prefix></Prefix>"
      + "<KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
      + "<Version><Key>agent/a.jar</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest>"
      + "<LastModified>2026-11-25T10:00:00.000Z</LastModified><Size>10</Size><StorageClass>STANDARD</StorageClass></Version>"
      + "<Version><Key>agent/b.jar</Key><VersionId>v2</VersionId><IsLatest>true</IsLatest>"
      + "<LastModified>2026-11-25T10:00:00.000Z</LastModified><Size>10</Size><StorageClass>STANDARD</StorageClass></Version>"
      + "</ListVersionsResult>";
  private static final String NO_OBJECTS = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>b</Name><Prefix></Prefix>"
      + "<KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>";
  private static final String ONE_ERROR = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      + "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Error><Key>agent/b.jar</Key>"
      + "<VersionId>v2</VersionId><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>";

  @Test
  void object_versions_a_quiet_delete_objects_reports_as_errors_fail_the_emptying_and_are_not_counted() throws Exception {
    try (AwsReplay replay = AwsReplay.start();
        S3Client s3 = S3Client.builder().endpointOverride(replay.endpoint()).region(Region.EU_WEST_3).forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      replay.add("S3.GET", 200, VERSIONS).add("S3.GET", 200, NO_OBJECTS).add("S3.POST", 200, ONE_ERROR);
      assertThatThrownBy(() -> new ArtifactsGateway(s3).empty("b")).isInstanceOf(UserException.class)
          .hasMessage("1 object version could not be deleted (1 deleted), first: agent/b.jar (version v2): AccessDenied "
              + "Access Denied")
          .satisfies(e -> assertThat(((UserException) e).exitCode()).isEqualTo(ExitCode.STACK_FAILED));
      assertThat(replay.actions()).contains("S3.POST");
    }
  }
}
