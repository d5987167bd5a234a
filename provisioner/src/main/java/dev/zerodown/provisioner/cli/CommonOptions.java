package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.error.UserException;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The options every verb takes (mixed into each one). */
public final class CommonOptions {
  private static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9]{0,15}");

  @Option(names = "--region", paramLabel = "REGION",
      description = "AWS region (default: AWS_REGION or the profile's region).")
  String region;

  @Option(names = "--profile", paramLabel = "NAME",
      description = "AWS profile (default: the SDK chain: environment, profiles, SSO, instance role).")
  String profile;

  @Option(names = "--env", paramLabel = "NAME", defaultValue = "dev",
      description = "Environment name, part of every stack and resource name (default: ${DEFAULT-VALUE}).")
  String env;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Send every AWS call to this endpoint (e.g. a local emulator such as moto).")
  String endpointUrl;

  @Option(names = "--role-arn", paramLabel = "ARN",
      description = "IAM role CloudFormation assumes for every stack operation (a CloudFormation service role).")
  String roleArn;

  @Option(names = {"-y", "--yes"}, description = "Never prompt; answer yes.")
  boolean yes;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(names = "--no-color", description = "No ANSI colours (also: NO_COLOR set, or not a TTY).")
  boolean noColor;

  @Option(names = {"-v", "--verbose"}, description = "Print error details (stack traces) and cleanup notes.")
  boolean verbose;

  /** The environment name, checked: lower-case letters, digits and dashes, at most 16. */
  public String env() {
    if (env == null || !ENV_NAME.matcher(env).matches()) {
      throw UserException.usage("--env must be a lowercase letter followed by at most 15 lowercase letters or digits (e.g. dev, prod2): " + env);
    }
    return env;
  }

  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  public Optional<String> profile() {
    return Optional.ofNullable(profile);
  }

  /** The endpoint override, checked: an absolute http(s) URL. */
  public Optional<URI> endpoint() {
    if (endpointUrl == null) return Optional.empty();
    try {
      URI uri = new URI(endpointUrl);
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException();
      }
      return Optional.of(uri);
    } catch (Exception e) {
      throw UserException.usage("--endpoint-url must be an http(s) URL such as http://127.0.0.1:5000: " + endpointUrl);
    }
  }

  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

  /** The CloudFormation service role, checked: an IAM role ARN. */
  public Optional<String> roleArn() {
    if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
      throw UserException.usage("--role-arn must be an IAM role ARN (arn:aws:iam::123456789012:role/NAME): " + roleArn);
    }
    return Optional.ofNullable(roleArn);
  }

  public boolean yes() {
    return yes;
  }

  public OutputFormat output() {
    return output;
  }

  public boolean json() {
    return output == OutputFormat.json;
  }

  public boolean noColor() {
    return noColor;
  }

  public boolean verbose() {
    return verbose;
  }
}
