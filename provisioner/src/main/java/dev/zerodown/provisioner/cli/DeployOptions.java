package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.artifacts.AgentJar;
import dev.zerodown.provisioner.cfn.Method;
import dev.zerodown.provisioner.environment.Cidr;
import dev.zerodown.provisioner.environment.DeployInputs;
import dev.zerodown.provisioner.environment.LogGroups;
import dev.zerodown.provisioner.environment.WebScaling;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.render.TemplateRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options deploy and plan share; {@link #validate()} checks them all before any AWS call. */
public final class DeployOptions {
  private static final Pattern KEY_NAME = Pattern.compile("[\\x20-\\x7e]{1,255}");
  private static final Pattern PUBLIC_KEY = Pattern.compile(
      "(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]{20,}( .*)?");
  private static final Pattern SSM_PATH = Pattern.compile("/[A-Za-z0-9_./-]+");
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

  @Mixin
  SizeOptions sizes;

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

  @Mixin
  RedisOptions redis;

  @Option(names = "--allow-replacement",
      description = "With --yes: run a change set that removes or replaces a stateful resource (Redis, bucket, VPC, "
          + "subnets, secret, log groups), and lift the stack policy that denies it for this run's updates.")
  boolean allowReplacement;

  @Option(names = "--ssm-access", description = "Attach AmazonSSMManagedInstanceCore (Session Manager) to bastion and web instances.")
  boolean ssmAccess;

  @Mixin
  HttpsOptions https;

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
  public TemplateRenderer renderer() {
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
    WebScaling scaling = sizes.validate();
    if (imageParameter != null && !SSM_PATH.matcher(imageParameter).matches()) {
      throw UserException.usage("--image-parameter must be an SSM parameter path starting with /: " + imageParameter);
    }
    Optional<List<String>> zones = Optional.ofNullable(azs).map(DeployOptions::azs);
    RedisOptions.Checked checkedRedis = redis.validate();
    Optional<String> domain = https.validate();
    if (alarmEmail != null && !alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw UserException.usage("--alarm-email must be an e-mail address: " + alarmEmail);
    }
    int retentionDays = LogGroups.retention(logRetentionDays);
    AgentJar jar = AgentJar.load(Optional.ofNullable(agentJar));
    return new DeployInputs(method, ip, allowSshFromAnywhere, Optional.ofNullable(keyName), publicKey,
        sizes.webInstanceType, sizes.bastionInstanceType, sizes.cacheNodeType, Optional.ofNullable(imageParameter),
        singleNat, redis.singleRedisNode, checkedRedis.endpoint(), redis.redisTls,
        Optional.ofNullable(redis.redisAuthSecretArn), Optional.ofNullable(redis.redisAuthKmsKey), checkedRedis.reach(),
        ssmAccess, Optional.ofNullable(https.certificateArn), domain, Optional.ofNullable(https.hostedZoneId),
        Optional.ofNullable(alarmEmail), jar, waitTimeout.get(), zones, updateAmi, retentionDays,
        Optional.ofNullable(redis.redisSnapshotOnDelete), allowReplacement, scaling);
  }

  private static final Pattern AZ = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+[a-z]");

  /** "a,b,c": three distinct AZ names, or a usage error. */
  static List<String> azs(String raw) {
    List<String> list = Arrays.stream(raw.split(",", -1)).map(String::strip).toList();
    if (list.size() != 3 || list.stream().anyMatch(a -> !AZ.matcher(a).matches())
        || new HashSet<>(list).size() != 3) {
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
