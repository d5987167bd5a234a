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

  /** How many resources a template declares (the total shown in progress): the keys under Resources. */
  public static int resourceCount(String body) {
    int count = 0;
    boolean inResources = false;
    int indent = -1;
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
      int lead = line.length() - line.stripLeading().length();
      if (lead == 0) {
        inResources = line.startsWith("Resources:");
        continue;
      }
      if (!inResources) continue;
      if (indent < 0) indent = lead;
      if (lead == indent && line.strip().matches("[A-Za-z0-9]+:.*")) count++;
    }
    return count;
  }
}
