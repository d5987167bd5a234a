package dev.zerodown.provisioner.aws;

import software.amazon.awssdk.services.sts.StsClient;

/** Owns the STS client: who the credentials belong to (the first call, so bad credentials fail early). */
public final class IdentityGateway {
  private final StsClient sts;

  public IdentityGateway(StsClient sts) {
    this.sts = sts;
  }

  /** Who the credentials belong to (GetCallerIdentity): the account id and the caller's ARN. */
  public record Caller(String account, String arn) {}

  public Caller whoAmI() {
    var r = sts.getCallerIdentity();
    return new Caller(r.account(), r.arn());
  }
}
