package dev.zerodown.provisioner.cli;

import dev.zerodown.provisioner.artifacts.ArtifactsGateway;
import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.aws.AwsClients;
import dev.zerodown.provisioner.aws.AwsPacing;
import dev.zerodown.provisioner.aws.AwsSettings;
import dev.zerodown.provisioner.aws.Ec2Gateway;
import dev.zerodown.provisioner.aws.ElastiCacheGateway;
import dev.zerodown.provisioner.aws.IdentityGateway;
import dev.zerodown.provisioner.aws.LoadBalancingGateway;
import dev.zerodown.provisioner.aws.LogsGateway;
import dev.zerodown.provisioner.aws.QuotasGateway;
import dev.zerodown.provisioner.aws.SdkElastiCacheGateway;
import dev.zerodown.provisioner.aws.SsmGateway;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.Progress;
import dev.zerodown.provisioner.cfn.StackWatcher;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.console.ConsoleProgress;
import dev.zerodown.provisioner.host.Host;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a verb works with once its common options are checked: the console, the environment name, the AWS
 * settings, and one gateway per AWS service (clients made by {@link AwsClients}, closed with the session).
 */
public final class Session implements AutoCloseable {
  private final Host host;
  private final CommonOptions options;
  private final Console console;
  private final AwsSettings settings;
  private AwsClients clients;
  private Progress progress;

  private Session(Host host, CommonOptions options, Console console, AwsSettings settings) {
    this.host = host;
    this.options = options;
    this.console = console;
    this.settings = settings;
  }

  /** Checks the common options (env, endpoint, region) and sets up the console; makes no AWS call. */
  public static Session open(CommandSpec spec, Host host, CommonOptions options) {
    Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), host,
        options.noColor(), options.verbose(), options.yes(), options.json());
    options.env(); // checked here, before any AWS call: a bad --env is a usage error (exit 2)
    options.roleArn();
    AwsSettings settings = AwsSettings.resolve(options.region(), options.profile(), options.endpoint(), host::env);
    return new Session(host, options, console, settings);
  }

  public Host host() {
    return host;
  }

  public CommonOptions options() {
    return options;
  }

  public Console console() {
    return console;
  }

  /** The environment name, checked when the session opened. */
  public String env() {
    return options.env();
  }

  public AwsSettings settings() {
    return settings;
  }

  public synchronized AwsClients clients() {
    if (clients == null) clients = new AwsClients(settings, AwsPacing.of(host.pollInterval(), host.awsPatience()));
    return clients;
  }

  public synchronized Progress progress() {
    if (progress == null) progress = ConsoleProgress.forConsole(console);
    return progress;
  }

  public CloudFormationGateway cloudFormation() {
    return new CloudFormationGateway(clients().cloudFormation(), options.roleArn().orElse(null));
  }

  public StackWatcher watcher() {
    return new StackWatcher(cloudFormation(), progress(), host.pollInterval(), clients().patience());
  }

  public ArtifactsGateway artifacts() {
    return new ArtifactsGateway(clients().s3());
  }

  public Ec2Gateway ec2() {
    return new Ec2Gateway(clients().ec2());
  }

  public ElastiCacheGateway elastiCache() {
    return new SdkElastiCacheGateway(clients().elastiCache());
  }

  public SsmGateway ssm() {
    return new SsmGateway(clients().ssm());
  }

  /** Service Quotas; AWS_ENDPOINT_URL_SERVICE_QUOTAS in the environment points it elsewhere than --endpoint-url. */
  public QuotasGateway quotas() {
    Optional<URI> own = Optional.ofNullable(host.env("AWS_ENDPOINT_URL_SERVICE_QUOTAS"))
        .filter(v -> !v.isBlank()).map(URI::create);
    return new QuotasGateway(clients().serviceQuotas(own));
  }

  public IdentityGateway identity() {
    return new IdentityGateway(clients().sts());
  }

  public AutoScalingGateway autoScaling() {
    return new AutoScalingGateway(clients().autoScaling());
  }

  public LoadBalancingGateway loadBalancing() {
    return new LoadBalancingGateway(clients().elbv2());
  }

  public LogsGateway logs() {
    return new LogsGateway(clients().logs());
  }

  /** The command that repeats this one for {@code verb} in this environment, for hints. */
  public String hint(String verb) {
    StringBuilder sb = new StringBuilder("java -jar provisioner.jar ").append(verb);
    if (!"dev".equals(env())) sb.append(" --env ").append(env());
    options.region().ifPresent(r -> sb.append(" --region ").append(r));
    options.profile().ifPresent(p -> sb.append(" --profile ").append(p));
    options.endpoint().ifPresent(e -> sb.append(" --endpoint-url ").append(e));
    options.roleArn().ifPresent(r -> sb.append(" --role-arn ").append(r));
    return sb.toString();
  }

  @Override
  public synchronized void close() {
    if (clients != null) clients.close();
  }
}
