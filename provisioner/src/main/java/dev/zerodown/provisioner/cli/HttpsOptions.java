package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.error.UserException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** HTTPS on the load balancer under the user's own domain name, and the Route 53 record for it. */
public final class HttpsOptions {
  /** A DNS host name of at least two labels (the certificate and the Route 53 record name it). */
  private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
  private static final Pattern HOSTED_ZONE = Pattern.compile("[A-Z0-9]{1,32}");

  @Option(names = "--certificate-arn", paramLabel = "ARN",
      description = "ACM certificate for --domain-name: HTTPS on :443, :80 redirects.")
  String certificateArn;

  @Option(names = "--domain-name", paramLabel = "NAME",
      description = "Host name the web tier is reached by (e.g. www.example.com), the one the certificate names.")
  String domainName;

  @Option(names = "--hosted-zone-id", paramLabel = "ID",
      description = "Route 53 hosted zone of --domain-name: the stack creates the alias record to the load balancer.")
  String hostedZoneId;

  /** The domain name normalized (lower case), or a usage error naming the first bad option. */
  Optional<String> validate() {
    Arns.check("--certificate-arn", certificateArn, "acm");
    Optional<String> domain = Optional.ofNullable(domainName).map(d -> d.strip().toLowerCase(Locale.ROOT));
    if (domain.isPresent() && !DOMAIN.matcher(domain.get()).matches()) {
      throw UserException.usage("--domain-name must be a host name such as www.example.com: " + domainName);
    }
    if (certificateArn != null && domain.isEmpty()) {
      throw UserException.usage("--certificate-arn needs --domain-name NAME: a certificate names your domain, never "
          + "the load balancer's own amazonaws.com name, so HTTPS is served on your name");
    }
    if (hostedZoneId != null && domain.isEmpty()) {
      throw UserException.usage("--hosted-zone-id needs --domain-name NAME (the record it creates)");
    }
    if (hostedZoneId != null && !HOSTED_ZONE.matcher(hostedZoneId).matches()) {
      throw UserException.usage("--hosted-zone-id must be a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ: "
          + hostedZoneId);
    }
    return domain;
  }
}
