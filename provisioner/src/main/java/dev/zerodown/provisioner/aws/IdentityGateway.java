package dev.zerodown.provisioner.aws;

import software.amazon.awssdk.services.sts.StsClient;

/** Owns the STS client: who the credentials belong to (the first call, so bad credentials fail early). */
public final class IdentityGateway {
  private final StsClient sts;

  public IdentityGateway(StsClient sts) {
    this.sts = sts;
  }

  /** The account id and caller ARN. */
  public String[] whoAmI() {
    var r = sts.getCallerIdentity();
    return new String[] {r.account(), r.arn()};
  }
}
