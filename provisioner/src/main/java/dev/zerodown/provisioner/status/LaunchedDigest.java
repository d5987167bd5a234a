package dev.zerodown.provisioner.status;

import dev.zerodown.provisioner.aws.AutoScalingGateway.Member;
import dev.zerodown.provisioner.aws.Ec2Gateway;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The agent jar digest an instance was launched with, read from its launch template version. */
final class LaunchedDigest {
  private static final Pattern DIGEST = Pattern.compile("(?m)SHA256=['\"]?([0-9a-f]{64})");

  private LaunchedDigest() {}

  /** The digest of a launch template version: its zerodown:agent-sha256 tag, else the bootstrap env in the user data. */
  static String of(Ec2Gateway ec2, Member m) {
    return ec2.launchTemplateVersion(m.launchTemplateId(), m.launchTemplateVersion()).map(data -> {
      for (var tag : data.tags().entrySet()) if (tag.getKey().endsWith("agent-sha256")) return tag.getValue();
      return in(data.userData());
    }).orElse(null);
  }

  /** The first SHA256=&lt;hex&gt; in a user-data script, or null. */
  static String in(String userData) {
    Matcher m = DIGEST.matcher(userData == null ? "" : userData);
    return m.find() ? m.group(1) : null;
  }
}
