package dev.zerodown.provisioner.cfn;

/** A template as CloudFormation receives it: inline body, or (when larger than the inline limit) an S3 URL. */
public record Template(String body, String url) {
  /** CloudFormation's limit for TemplateBody, in bytes. */
  public static final int INLINE_LIMIT = 51_200;

  public static Template inline(String body) {
    return new Template(body, null);
  }

  public static Template atUrl(String body, String url) {
    return new Template(body, url);
  }

  public static boolean fitsInline(String body) {
    return body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= INLINE_LIMIT;
  }
}
