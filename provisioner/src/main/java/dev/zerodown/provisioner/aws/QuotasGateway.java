package dev.zerodown.provisioner.aws;

import java.util.OptionalInt;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;

/** Owns the Service Quotas client: the applied value of one quota, or why it is not known. */
public final class QuotasGateway {
  /** EC2's "EC2-VPC Elastic IPs" quota: Elastic IP addresses per region (default 5). */
  public static final String ELASTIC_IPS = "L-0263D0A3";

  private final ServiceQuotasClient quotas;

  public QuotasGateway(ServiceQuotasClient quotas) {
    this.quotas = quotas;
  }

  /** What GetServiceQuota answered: the applied value, or the reason it gave none. */
  public record Answer(OptionalInt value, String unknownBecause) {
    static Answer known(int value) {
      return new Answer(OptionalInt.of(value), "");
    }

    static Answer unknown(String why) {
      return new Answer(OptionalInt.empty(), why);
    }
  }

  /**
   * The applied value of an EC2 quota. Any failure (AccessDenied, NoSuchResource for quotas Service Quotas does
   * not track in this account or region, 5xx, no endpoint) is an unknown answer with its reason, not an error:
   * the preflight then goes on with a warning.
   */
  public Answer ec2Quota(String quotaCode) {
    try {
      Double v = quotas.getServiceQuota(b -> b.serviceCode("ec2").quotaCode(quotaCode)).quota().value();
      return v == null ? Answer.unknown("no value in the answer") : Answer.known((int) Math.floor(v));
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      return Answer.unknown(code != null ? code : "HTTP " + e.statusCode());
    } catch (SdkException e) {
      return Answer.unknown(AwsFailures.oneLine(e.getMessage()));
    }
  }
}
