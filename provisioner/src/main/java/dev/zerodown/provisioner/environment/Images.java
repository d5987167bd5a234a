package dev.zerodown.provisioner.environment;

import java.util.List;
import java.util.Optional;

/**
 * The AMI of each tier is pinned: resolved from an SSM parameter on the tier's first deploy (and with --update-ami),
 * passed as a plain {@code AWS::EC2::Image::Id}, and kept on every later deploy and rollout.
 */
public final class Images {
  /** Amazon Linux 2023's public parameters, one per architecture (x86_64, arm64). */
  static final String AL2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-";

  private Images() {}

  /** The AL2023 parameter for an instance type's architectures: arm64 when it runs only that, else x86_64. */
  public static String defaultParameter(Optional<List<String>> architectures) {
    boolean armOnly = architectures.map(a -> a.contains("arm64") && !a.contains("x86_64")).orElse(false);
    return AL2023 + (armOnly ? "arm64" : "x86_64");
  }

  /** True when a deployed ImageId value is an SSM path (a stack deployed while the parameter was SSM-typed). */
  public static boolean isParameterPath(String deployed) {
    return deployed != null && deployed.startsWith("/");
  }
}
