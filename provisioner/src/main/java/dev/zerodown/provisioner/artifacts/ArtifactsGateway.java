package dev.zerodown.provisioner.artifacts;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.text.Words;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Owns the S3 client: the agent jar upload and emptying the artifacts bucket. */
public final class ArtifactsGateway {
  private final S3Client s3;

  public ArtifactsGateway(S3Client s3) {
    this.s3 = s3;
  }

  /** Uploads the jar under its content-addressed key unless that key exists; true when it uploaded. */
  public boolean uploadIfAbsent(String bucket, AgentJar jar) {
    if (exists(bucket, jar.key())) return false;
    s3.putObject(b -> b.bucket(bucket).key(jar.key()).contentType("application/java-archive")
        .metadata(Map.of("sha256", jar.sha256())), RequestBody.fromBytes(jar.bytes()));
    return true;
  }

  /** Uploads a template too large for TemplateBody; returns the URL CloudFormation reads it from. */
  public String uploadTemplate(String bucket, String key, String body) {
    s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/yaml"), RequestBody.fromString(body));
    // CloudFormation reads the template from S3 itself: always the regional virtual-hosted URL, even
    // when this client talks to an endpoint override.
    return templateUrl(s3.serviceClientConfiguration().region(), bucket, key);
  }

  /**
   * The https URL CloudFormation reads an uploaded template from: S3's regional virtual-hosted URL, under the DNS
   * suffix of the region's partition (amazonaws.com, amazonaws.com.cn in China, …), never hard-coded.
   */
  public static String templateUrl(Region region, String bucket, String key) {
    String suffix = PartitionMetadata.of(region).dnsSuffix();
    return "https://" + bucket + ".s3." + region.id() + "." + suffix + "/" + key;
  }

  public boolean exists(String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) return false;
      throw e;
    }
  }

  /**
   * Deletes every object version and delete marker; returns how many were deleted (0 when the bucket is gone).
   * A quiet DeleteObjects answers 200 and lists only the keys it could not delete: those are not counted, and
   * any of them fails the emptying (the bucket's stack could not be deleted anyway).
   */
  public int empty(String bucket) {
    int deleted = 0;
    List<String> failed = new ArrayList<>();
    try {
      for (var page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket))) {
        List<ObjectIdentifier> ids = new ArrayList<>();
        page.versions().forEach(v -> ids.add(ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
        page.deleteMarkers().forEach(m -> ids.add(ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
        for (int i = 0; i < ids.size(); i += 1000) {
          List<ObjectIdentifier> batch = ids.subList(i, Math.min(ids.size(), i + 1000));
          var errors = s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()))
              .errors();
          errors.forEach(e -> failed.add(e.key() + (e.versionId() == null ? "" : " (version " + e.versionId() + ")")
              + ": " + e.code() + " " + e.message()));
          deleted += batch.size() - errors.size();
        }
      }
      // Objects written before versioning was on (or where versioning is not modelled) have no versions listed.
      for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket))) {
        for (var o : page.contents()) {
          s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
          deleted++;
        }
      }
    } catch (NoSuchBucketException e) {
      return deleted;
    }
    if (!failed.isEmpty()) {
      throw new UserException(ExitCode.STACK_FAILED,
          Words.count(failed.size(), "object version") + " could not be deleted (" + deleted
          + " deleted), first: " + failed.get(0));
    }
    return deleted;
  }
}
