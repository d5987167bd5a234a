package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.environment.LogGroups;
import dev.zerodown.provisioner.render.TemplateRenderer;
import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.environment.Cidr;
import dev.zerodown.provisioner.environment.DeployInputs;
import dev.zerodown.provisioner.environment.HostPort;
import dev.zerodown.provisioner.environment.RedisReach;
import dev.zerodown.provisioner.environment.WebScaling;
import dev.zerodown.provisioner.error.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options deploy and plan share; {@link #validate()} checks them all before any AWS call. */
public final class DeployOptions {
  private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
  private static final Pattern KEY_NAME = Pattern.compile("[\\x20-\\x7e]{1,255}");
  private static final Pattern PUBLIC_KEY = Pattern.compile(
      "(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]{20,}( .*)?");
  private static final Pattern SSM_PATH = Pattern.compile("/[A-Za-z0-9_./-]+");
  /** A DNS host name of at least two labels (the certificate and the Route 53 record name it). */
  private static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
  private static final Pattern HOSTED_ZONE = Pattern.compile("[A-Z0-9]{1,32}");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  /**
   * A --my-ip prefix shorter than /8 admits at least one /8, 16.7 million addresses (a whole large provider):
   * that is SSH open to the internet, never a person's or an office's range.
   */
  static final int WIDEST_ADMIN_PREFIX = 8;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = "change-set", converter = Method.Converter.class,
      description = "change-set (default) or direct (CreateStack/UpdateStack; for emulators whose change sets are incomplete).")
  Method method;

  @Option(names = "--my-ip", paramLabel = "CIDR",
      description = "CIDR allowed to SSH to the bastion (default: your address from checkip.amazonaws.com, /32).")
  String myIp;

  @Option(names = "--allow-ssh-from-anywhere",
      description = "Accept a --my-ip wider than /8 (such as 0.0.0.0/0): SSH on the bastion open to the internet.")
  boolean allowSshFromAnywhere;

  @Option(names = "--key-name", paramLabel = "NAME", description = "Existing EC2 key pair for SSH to the bastion and web instances.")
  String keyName;

  @Option(names = "--ssh-public-key", paramLabel = "FILE",
      description = "Public key file (e.g. ~/.ssh/id_ed25519.pub) imported as key pair zerodown-<env>.")
  Path sshPublicKey;

  @Option(names = "--web-instance-type", paramLabel = "TYPE", defaultValue = "t3.micro",
      description = "Web instance type (default: ${DEFAULT-VALUE}).")
  String webInstanceType;

  @Option(names = "--bastion-instance-type", paramLabel = "TYPE", defaultValue = "t3.micro",
      description = "Bastion instance type (default: ${DEFAULT-VALUE}).")
  String bastionInstanceType;

  @Option(names = "--cache-node-type", paramLabel = "TYPE", defaultValue = "cache.t3.micro",
      description = "ElastiCache node type (default: ${DEFAULT-VALUE}).")
  String cacheNodeType;

  @Option(names = "--web-min-size", paramLabel = "N",
      description = "Fewest web instances, at least 2 (default: 2 on a first deploy, then the deployed size: see scale).")
  String webMinSize;

  @Option(names = "--web-max-size", paramLabel = "N",
      description = "Most web instances the scaling policies may run, above --web-min-size (default: 4 on a first deploy, then the deployed size).")
  String webMaxSize;

  @Option(names = "--target-requests-per-instance", paramLabel = "N",
      description = "Scale out above this many load balancer requests per instance per minute (default: 3000, i.e. 50/s; see docs/stacks.md).")
  String targetRequestsPerInstance;

  @Option(names = "--target-cpu", paramLabel = "PERCENT",
      description = "Scale out above this average CPU utilization of the web group (default: 60).")
  String targetCpu;

  @Option(names = "--image-parameter", paramLabel = "SSM_PATH",
      description = "SSM parameter holding the AMI id, read on the first deploy of a tier and with --update-ami "
          + "(default: AL2023's al2023-ami-kernel-default-<arch> under /aws/service/ami-amazon-linux-latest/, "
          + "<arch> the instance type's: x86_64 or arm64).")
  String imageParameter;

  @Option(names = "--update-ami", description = "Move the web and bastion tiers to the image parameter's current AMI "
      + "(otherwise every deploy and rollout keeps the AMI deployed).")
  boolean updateAmi;

  @Option(names = "--azs", paramLabel = "ZONES", description = "The 3 availability zones of a new environment, "
      + "e.g. eu-west-3a,eu-west-3b,eu-west-3c (default: the first 3 that offer both instance types; kept on updates).")
  String azs;

  @Option(names = "--single-nat", description = "One NAT gateway for all AZs instead of one per AZ (cheaper, not AZ-fault-tolerant).")
  boolean singleNat;

  @Option(names = "--single-redis-node", description = "One Redis node, no replica (cheap dev only: a node failure is downtime).")
  boolean singleRedisNode;

  @Option(names = "--redis-endpoint", paramLabel = "HOST:PORT",
      description = "Use this existing Redis and skip the database stack (with --redis-cidr and/or --redis-security-group).")
  String redisEndpoint;

  @Option(names = "--redis-cidr", paramLabel = "CIDR",
      description = "With --redis-endpoint: the web tier may connect to this CIDR on the endpoint's port, e.g. 10.1.2.0/24.")
  String redisCidr;

  @Option(names = "--redis-security-group", paramLabel = "SG_ID",
      description = "With --redis-endpoint: the web tier may connect to this security group (this or a peered VPC) on the endpoint's port.")
  String redisSecurityGroup;

  @Option(names = "--redis-tls", description = "TLS to the --redis-endpoint Redis (zerodown's own Redis always uses TLS).")
  boolean redisTls;

  @Option(names = "--redis-auth-secret-arn", paramLabel = "ARN",
      description = "Secrets Manager ARN of the --redis-endpoint Redis's AUTH token.")
  String redisAuthSecretArn;

  @Option(names = "--redis-auth-kms-key", paramLabel = "ARN",
      description = "KMS key ARN encrypting that secret, when it is a customer managed key: the web role may decrypt with it.")
  String redisAuthKmsKey;

  @Option(names = "--redis-snapshot-on-delete", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
      description = "Take a final snapshot of zerodown's Redis when its replication group is deleted or replaced "
          + "(DeletionPolicy Snapshot). Not given: a new database stack gets false, a deployed one keeps its value.")
  Boolean redisSnapshotOnDelete;

  @Option(names = "--allow-replacement",
      description = "With --yes: run a change set that removes or replaces a stateful resource (Redis, bucket, VPC, "
          + "subnets, secret, log groups), and lift the stack policy that denies it for this run's updates.")
  boolean allowReplacement;

  @Option(names = "--ssm-access", description = "Attach AmazonSSMManagedInstanceCore (Session Manager) to bastion and web instances.")
  boolean ssmAccess;

  @Option(names = "--certificate-arn", paramLabel = "ARN",
      description = "ACM certificate for --domain-name: HTTPS on :443, :80 redirects.")
  String certificateArn;

  @Option(names = "--domain-name", paramLabel = "NAME",
      description = "Host name the web tier is reached by (e.g. www.example.com), the one the certificate names.")
  String domainName;

  @Option(names = "--hosted-zone-id", paramLabel = "ID",
      description = "Route 53 hosted zone of --domain-name: the stack creates the alias record to the load balancer.")
  String hostedZoneId;

  @Option(names = "--alarm-email", paramLabel = "ADDRESS", description = "E-mail subscribed to the alarm topic.")
  String alarmEmail;

  @Option(names = "--log-retention-days", paramLabel = "DAYS", defaultValue = "14",
      description = "Days CloudWatch Logs keeps the agent and boot logs, one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, "
          + "180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (default: ${DEFAULT-VALUE}).")
  String logRetentionDays;

  @Option(names = "--agent-jar", paramLabel = "PATH", description = "Deploy this agent jar instead of the one bundled in provisioner.jar.")
  Path agentJar;

  @Option(names = "--template-dir", paramLabel = "DIR", hidden = true,
      description = "Read cloudformation/ and userdata/ from this checkout instead of the jar (template development).")
  Path templateDir;

  /** The renderer of the templates to deploy: the bundled ones, or those of --template-dir. */
  public dev.zerodown.provisioner.render.TemplateRenderer renderer() {
    if (templateDir == null) return TemplateRenderer.fromClasspath();
    if (!Files.isDirectory(templateDir.resolve("cloudformation"))) {
      throw UserException.usage("--template-dir must contain cloudformation/: " + templateDir);
    }
    return TemplateRenderer.fromDirectory(templateDir);
  }

  @Mixin
  WaitTimeout waitTimeout;

  /** Every input checked, or a usage error naming the first bad one. Reads local files only. */
  public DeployInputs validate() {
    Optional<Cidr> ip = Optional.ofNullable(myIp).map(this::adminCidr);
    if (keyName != null && sshPublicKey != null) {
      throw UserException.usage("pass either --key-name or --ssh-public-key, not both");
    }
    if (keyName != null && !KEY_NAME.matcher(keyName).matches()) {
      throw UserException.usage("--key-name must be 1-255 printable ASCII characters: " + keyName);
    }
    Optional<String> publicKey = Optional.ofNullable(sshPublicKey).map(DeployOptions::readPublicKey);
    type("--web-instance-type", webInstanceType, false);
    type("--bastion-instance-type", bastionInstanceType, false);
    type("--cache-node-type", cacheNodeType, true);
    WebScaling scaling = WebScaling.of(webMinSize, webMaxSize, targetRequestsPerInstance, targetCpu);
    if (imageParameter != null && !SSM_PATH.matcher(imageParameter).matches()) {
      throw UserException.usage("--image-parameter must be an SSM parameter path starting with /: " + imageParameter);
    }
    Optional<java.util.List<String>> zones = Optional.ofNullable(azs).map(DeployOptions::azs);
    Optional<HostPort> redis = Optional.ofNullable(redisEndpoint).map(v -> HostPort.parse("--redis-endpoint", v));
    if (redis.isPresent() && redisSnapshotOnDelete != null) {
      throw UserException.usage("--redis-snapshot-on-delete is for zerodown's own Redis (the database stack), not "
          + "--redis-endpoint");
    }
    if (redis.isEmpty() && (redisTls || redisAuthSecretArn != null)) {
      throw UserException.usage("--redis-tls and --redis-auth-secret-arn need --redis-endpoint");
    }
    if (redisTls && redis.isPresent() && IPV4.matcher(redis.get().host()).matches()) {
      throw UserException.usage("--redis-tls needs the host name that the Redis server's certificate names, not an IP "
          + "address (the agent verifies the certificate's host name): --redis-endpoint " + redis.get());
    }
    if (redisAuthKmsKey != null && redisAuthSecretArn == null) {
      throw UserException.usage("--redis-auth-kms-key needs --redis-auth-secret-arn (the secret it encrypts)");
    }
    Optional<RedisReach> reach = RedisReach.parse(redis.map(HostPort::host), redisCidr, redisSecurityGroup);
    arn("--redis-auth-secret-arn", redisAuthSecretArn, "secretsmanager");
    arn("--redis-auth-kms-key", redisAuthKmsKey, "kms");
    if (redisAuthKmsKey != null && !redisAuthKmsKey.contains(":key/")) {
      throw UserException.usage("--redis-auth-kms-key must be a key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID), "
          + "not an alias: " + redisAuthKmsKey);
    }
    arn("--certificate-arn", certificateArn, "acm");
    Optional<String> domain = Optional.ofNullable(domainName).map(d -> d.strip().toLowerCase(java.util.Locale.ROOT));
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
    if (alarmEmail != null && !alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw UserException.usage("--alarm-email must be an e-mail address: " + alarmEmail);
    }
    int retentionDays = LogGroups.retention(logRetentionDays);
    AgentJar jar = AgentJar.load(Optional.ofNullable(agentJar));
    return new DeployInputs(method, ip, allowSshFromAnywhere, Optional.ofNullable(keyName), publicKey, webInstanceType,
        bastionInstanceType, cacheNodeType, Optional.ofNullable(imageParameter), singleNat, singleRedisNode, redis, redisTls,
        Optional.ofNullable(redisAuthSecretArn), Optional.ofNullable(redisAuthKmsKey), reach, ssmAccess,
        Optional.ofNullable(certificateArn), domain, Optional.ofNullable(hostedZoneId), Optional.ofNullable(alarmEmail),
        jar, waitTimeout.get(), zones, updateAmi, retentionDays, Optional.ofNullable(redisSnapshotOnDelete),
        allowReplacement, scaling);
  }

  private static final Pattern AZ = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+[a-z]");

  /** "a,b,c": three distinct AZ names, or a usage error. */
  static java.util.List<String> azs(String raw) {
    java.util.List<String> list = java.util.Arrays.stream(raw.split(",", -1)).map(String::strip).toList();
    if (list.size() != 3 || list.stream().anyMatch(a -> !AZ.matcher(a).matches())
        || new java.util.HashSet<>(list).size() != 3) {
      throw UserException.usage("--azs must be 3 different availability zone names separated by commas, "
          + "e.g. eu-west-3a,eu-west-3b,eu-west-3c: " + raw);
    }
    return list;
  }

  /**
   * --my-ip checked: an IPv4 CIDR no wider than /8 unless --allow-ssh-from-anywhere says so. An IPv6 range is
   * refused either way (the bastion's rule is IPv4), but one as wide as ::/0 names the same risk first.
   */
  private Cidr adminCidr(String raw) {
    String s = raw.strip();
    if (s.contains(":")) {
      int slash = s.indexOf('/');
      int prefix = slash < 0 ? 128 : parsePrefix(s.substring(slash + 1));
      if (prefix < WIDEST_ADMIN_PREFIX && !allowSshFromAnywhere) throw anywhere(s);
      throw UserException.usage("--my-ip must be an IPv4 CIDR such as 203.0.113.7/32 (the bastion's SSH rule is IPv4): " + raw);
    }
    Cidr cidr = Cidr.parse("--my-ip", raw);
    if (cidr.prefix() < WIDEST_ADMIN_PREFIX && !allowSshFromAnywhere) throw anywhere(cidr.text());
    return cidr;
  }

  private static UserException anywhere(String cidr) {
    return UserException.usage("--my-ip " + cidr + " opens SSH on the bastion to " + (cidr.endsWith("/0") ? "the whole internet"
        : "more than a /8 of the internet") + ": pass your own address (x.x.x.x/32), or add --allow-ssh-from-anywhere if you mean it");
  }

  private static int parsePrefix(String p) {
    try {
      return Integer.parseInt(p);
    } catch (NumberFormatException e) {
      return 128;
    }
  }

  private static void type(String option, String value, boolean cache) {
    String bare = cache && value != null && value.startsWith("cache.") ? value.substring(6) : value;
    if (value == null || !INSTANCE_TYPE.matcher(bare).matches() || (cache != value.startsWith("cache."))) {
      throw UserException.usage(option + " must look like " + (cache ? "cache.t3.micro" : "t3.micro") + ": " + value);
    }
  }

  private static void arn(String option, String value, String service) {
    if (value != null && !value.startsWith("arn:aws") || value != null && !value.contains(":" + service + ":")) {
      throw UserException.usage(option + " must be an " + service + " ARN (arn:aws:" + service + ":…): " + value);
    }
  }

  private static String readPublicKey(Path file) {
    if (!Files.isRegularFile(file)) {
      throw UserException.usage("--ssh-public-key file not found: " + file + " (create one with ssh-keygen -t ed25519)");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw UserException.usage("--ssh-public-key cannot be read: " + file + " (" + e.getMessage() + ")");
    }
    if (text.contains("PRIVATE KEY")) {
      throw UserException.usage("--ssh-public-key is a private key; pass the .pub file: " + file);
    }
    if (!PUBLIC_KEY.matcher(text).matches()) {
      throw UserException.usage("--ssh-public-key is not an OpenSSH public key (ssh-ed25519 AAAA…): " + file);
    }
    return text;
  }
}
