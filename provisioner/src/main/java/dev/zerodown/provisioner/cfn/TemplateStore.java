package dev.zerodown.provisioner.cfn;

import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.artifacts.ArtifactsGateway;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * How a template reaches CloudFormation, for every verb that creates or updates a stack: inline up to the
 * 51,200-byte TemplateBody limit ({@link Template#INLINE_LIMIT}), above it as an object in the artifacts bucket
 * under a content-addressed key, {@code templates/<sha256>/<file>}: the same body always lands on the same key, so
 * an upload repeated by plan, deploy, a retry or another verb is harmless. CloudFormation reads the object
 * itself when it creates the change set, so even plan uploads.
 */
public final class TemplateStore {
  private final ArtifactsGateway artifacts;
  private final Supplier<String> bucket;

  /** @param bucket the artifacts bucket, asked for only when a template is over the inline limit */
  public TemplateStore(ArtifactsGateway artifacts, Supplier<String> bucket) {
    this.artifacts = artifacts;
    this.bucket = bucket;
  }

  /** The template inline, or uploaded as {@code file} when over the limit ({@link Template#url()} then set). */
  public Template place(String body, String file) {
    if (Template.fitsInline(body)) return Template.inline(body);
    String key = "templates/" + AgentJar.of(body.getBytes(StandardCharsets.UTF_8), "template").sha256() + "/" + file;
    return Template.atUrl(body, artifacts.uploadTemplate(bucket.get(), key, body));
  }
}
