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

  /**
   * The resources a template declares, in template order: logical id and type, as CloudFormation's change set for a new
   * stack lists them (action Add). Reads the YAML's Resources block line by line, like {@link #resourceCount}.
   */
  public static java.util.List<ResourceChange> resources(String body) {
    java.util.List<ResourceChange> out = new java.util.ArrayList<>();
    boolean inResources = false;
    int indent = -1;
    String id = null;
    String type = null;
    int child = -1;
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
      int lead = line.length() - line.stripLeading().length();
      if (lead == 0) {
        if (id != null) out.add(added(id, type));
        id = null;
        inResources = line.startsWith("Resources:");
        continue;
      }
      if (!inResources) continue;
      if (indent < 0) indent = lead;
      String text = line.strip();
      if (lead == indent && text.matches("[A-Za-z0-9]+:.*")) {
        if (id != null) out.add(added(id, type));
        id = text.substring(0, text.indexOf(':'));
        type = null;
        child = -1;
      } else if (lead > indent && id != null) {
        if (child < 0) child = lead;
        if (lead != child || type != null || !text.startsWith("Type:")) continue;
        String value = text.substring(5);
        int comment = value.indexOf(" #");
        type = (comment < 0 ? value : value.substring(0, comment)).strip().replace("'", "").replace("\"", "");
      }
    }
    if (id != null) out.add(added(id, type));
    return out;
  }

  private static ResourceChange added(String id, String type) {
    return new ResourceChange("Add", id, type, null, java.util.List.of());
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
