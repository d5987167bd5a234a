package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.aws.AutoScalingGateway;
import dev.zerodown.provisioner.aws.Ec2Gateway;
import dev.zerodown.provisioner.cfn.CloudFormationGateway;
import dev.zerodown.provisioner.cfn.StackDeployer;
import dev.zerodown.provisioner.cfn.StackDeployer.Action;
import dev.zerodown.provisioner.cfn.StackDeployer.Prepared;
import dev.zerodown.provisioner.cfn.StackInfo;
import dev.zerodown.provisioner.cfn.StackResult;
import dev.zerodown.provisioner.cfn.StackSpec;
import dev.zerodown.provisioner.cfn.StatefulResources;
import dev.zerodown.provisioner.cfn.Template;
import dev.zerodown.provisioner.cfn.TemplateStore;
import dev.zerodown.provisioner.cfn.Wave;
import dev.zerodown.provisioner.cli.Session;
import dev.zerodown.provisioner.console.Console;
import dev.zerodown.provisioner.environment.Cidr;
import dev.zerodown.provisioner.environment.CreateOnlyProperties;
import dev.zerodown.provisioner.environment.DeployInputs;
import dev.zerodown.provisioner.environment.Endpoints;
import dev.zerodown.provisioner.environment.Placement;
import dev.zerodown.provisioner.environment.Replacements;
import dev.zerodown.provisioner.environment.StackParameters;
import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.environment.Topology;
import dev.zerodown.provisioner.environment.WebScaling;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import dev.zerodown.provisioner.render.CfnYaml;
import dev.zerodown.provisioner.render.TemplateRenderer;
import dev.zerodown.provisioner.text.Words;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * deploy and plan: preflight, then the stacks wave by wave (artifacts, agent jar upload, network, bastion
 * and database in parallel, web), each through {@link StackDeployer}; plan stops after showing the changes.
 */
public final class Deployment {
  private final Session session;
  private final Console console;
  /** The inputs; after the preflight with the web sizes kept from the deployed stack when none were given. */
  private DeployInputs in;
  private final boolean plan;
  private final TemplateRenderer renderer;
  private final TemplateStore templates;
  private final Map<StackPart, Map<String, String>> outputs = new EnumMap<>(StackPart.class);
  private final Map<StackPart, String> outcome = new EnumMap<>(StackPart.class);
  private static final CreateOnlyProperties CREATE_ONLY = CreateOnlyProperties.bundled();
  /** plan: parts that do not exist yet, so their dependents cannot get a change set. */
  private final Map<StackPart, StackPart> pending = new EnumMap<>(StackPart.class);
  /** The key pair the instances get ("" for none), decided by the preflight. */
  private String keyName = "";
  /** AZs, AMIs and kept Redis AZs, decided by the preflight. */
  private Placement placement;
  /** Export names (of stacks updated earlier in this run) whose value the update changes. */
  private final Set<String> changedExports = new HashSet<>();

  public Deployment(Session session, DeployInputs in, boolean plan, TemplateRenderer renderer) {
    this.session = session;
    this.console = session.console();
    this.in = in;
    this.plan = plan;
    this.renderer = renderer;
    this.templates = new TemplateStore(session.artifacts(), this::bucket);
  }

  /** Deploys (or plans) every stack, wave by wave; the report says what each stack did and where it answers. */
  public DeployReport run() {
    long t0 = System.nanoTime();
    String env = session.env();
    Cidr myIp = in.myIp().orElseGet(() -> {
      Cidr detected = MyIp.detect(session.host().checkIpUri());
      console.println("Your IP (from " + session.host().checkIpUri().getHost() + "): " + detected
          + " - SSH to the bastion is allowed from it only (--my-ip to change)");
      return detected;
    });
    if (in.sshFromAnywhere() && myIp.prefix() < 8) {
      console.warn("SSH to the bastion is open to " + myIp + " (--allow-ssh-from-anywhere): anyone may try to log in");
    }
    in.domainName().ifPresent(d -> console.println("Domain: " + (in.certificateArn().isPresent() ? "https://" : "http://")
        + d + "/" + (in.hostedZoneId().isPresent() ? " (alias record in hosted zone " + in.hostedZoneId().get() + ")"
            : " (point it at the load balancer yourself: CNAME to its DNS name, printed at the end)")));
    Map<StackPart, String> bodies = new EnumMap<>(StackPart.class);
    for (StackPart p : StackPart.values()) bodies.put(p, renderer.render(p));

    String keyName = preflight();
    in = in.withWebScaling(keptScaling());
    this.keyName = keyName;
    CloudFormationGateway cfn = session.cloudFormation();
    StackDeployer deployer = new StackDeployer(cfn, session.watcher(), session.progress(), console, in.method(),
        session.host().pollInterval(), in.waitTimeout(), session.host().inFlight())
        .commands(session::hint).guard(session.options().yes(), in.allowReplacement());

    for (List<StackPart> wave : Topology.deployWaves(in.ownRedis())) {
      List<Prepared> ready = new ArrayList<>();
      for (StackPart part : wave) {
        Optional<StackPart> blocker = part.dependsOn().stream().filter(pending::containsKey).findFirst();
        if (blocker.isPresent()) {
          StackPart root = pending.get(blocker.get());
          console.println(part.stackName(env) + ": created after " + root.stackName(env));
          outcome.put(part, "created after " + root.stackName(env));
          pending.put(part, root);
          continue;
        }
        StackSpec spec = spec(part, env, bodies.get(part), myIp, keyName);
        Prepared p = deployer.prepare(spec, plan, deployed -> flagReplacements(cfn, spec, deployed));
        if (plan) {
          outcome.put(part, planned(p));
          if (p.create()) pending.put(part, part);
          else outputs.put(part, cfn.describe(spec.name()).map(StackInfo::outputs).orElse(Map.of()));
        } else {
          ready.add(p);
        }
      }
      if (!plan) executeWave(deployer, ready);
      if (wave.contains(StackPart.ARTIFACTS)) uploadAgentJar();
    }
    session.host().inFlight().finishing();
    return finish(env, t0);
  }

  /**
   * Before the change set: the resources this update would replace because a create-only property changes (the
   * registry schemas' list), compared on the deployed and the new template with their parameters. A replacement of a
   * resource that holds state, has a custom name or backs an export is flagged: CloudFormation refuses it or the state
   * goes with it.
   */
  private void flagReplacements(CloudFormationGateway cfn, StackSpec spec, StackInfo deployed) {
    try {
      // a template deployed before the AZs were parameters placed its subnets with Fn::GetAZs: what it returned then
      // is what the preflight read back from those subnets
      Replacements.Version before = new Replacements.Version(CfnYaml.parse(cfn.deployedTemplate(spec.name())),
          deployed.parameters(), spec.name(), placement.azs());
      // the parameters kept as deployed (UsePreviousValue) keep their values: they replace nothing
      Map<String, String> next = new LinkedHashMap<>(spec.plan(deployed.parameters()).kept());
      next.putAll(spec.parameters());
      Replacements.Version after = new Replacements.Version(CfnYaml.parse(spec.template().body()), next, spec.name());
      List<Replacements.Replacement> replaced = Replacements.between(before, after, CREATE_ONLY, changedExports);
      changedExports.addAll(Replacements.changedExports(before, after, replaced, changedExports));
      for (Replacements.Replacement r : replaced) {
        if (r.refused()) {
          console.println(console.red("!! " + spec.name() + ": would replace " + r.describe()
              + " - CloudFormation refuses this or the state is lost"));
        } else {
          console.println("!  " + spec.name() + ": would replace " + r.describe());
        }
      }
    } catch (RuntimeException e) {
      console.detail("replacement check of " + spec.name() + " skipped: " + e.getMessage());
    }
  }

  /**
   * plan's summary of one stack, in the terms its listing used: "up to date", or the change set's count of changes
   * ("0 changes" when CloudFormation listed none), "create" with the count; direct mode "create" or "update".
   */
  static String planned(Prepared p) {
    if (p.action() == Action.UP_TO_DATE) return "up to date";
    if (p.changeSet().isPresent()) {
      int n = p.changeSet().get().changes().size();
      String count = Words.count(n, "change");
      return p.create() ? "create (" + count + ")" : count;
    }
    return p.create() ? "create" : "update";
  }

  private void executeWave(StackDeployer deployer, List<Prepared> ready) {
    List<StackResult> results = Wave.runFailingFast(ready, deployer::execute);
    List<StackResult> failed = results.stream().filter(StackResult::failed).toList();
    for (StackResult r : results) {
      StackPart part = partOf(r.stack());
      outcome.put(part, r.upToDate() ? DeployReport.UP_TO_DATE : r.status());
      r.info().ifPresent(i -> outputs.put(part, i.outputs()));
    }
    if (!failed.isEmpty()) {
      for (StackResult r : failed) {
        console.err().println(console.red("x " + r.stack() + " " + r.status()));
        r.reasons().forEach(reason -> console.err().println("    " + reason));
      }
      console.err().flush();
      StackResult first = failed.get(0);
      String next = "ROLLBACK_COMPLETE".equals(first.status())
          ? "; fix the cause, then deploy again (it offers to delete and recreate the stack)"
          : "; fix the cause, then deploy again";
      throw new UserException(ExitCode.STACK_FAILED, "deploy stopped: " + first.stack() + " ended "
          + first.status() + " (reasons above)" + next);
    }
  }


  private StackPart partOf(String stackName) {
    for (StackPart p : StackPart.values()) if (p.stackName(session.env()).equals(stackName)) return p;
    throw new IllegalStateException(stackName);
  }

  private StackSpec spec(StackPart part, String env, String body, Cidr myIp, String keyName) {
    Map<String, String> params = StackParameters.of(part, env, in, myIp, keyName, placement, outputs);
    Template template = templates.place(body, part.partName() + ".yaml");
    if (plan && template.url() != null) {
      console.println(part.stackName(env) + ": template (" + body.getBytes(StandardCharsets.UTF_8).length
          + " bytes, over the 51,200 inline limit) uploaded to " + template.url());
    }
    Map<String, String> tags = part.tags(env);
    Map<String, Object> parsed = CfnYaml.parse(body);
    return new StackSpec(part.stackName(env), template, params, tags, Template.resourceCount(body), Map.of(),
        declared(parsed), stateful(parsed), part == StackPart.NETWORK || part == StackPart.DATABASE);
  }

  /** The parameters a template declares, each with its Default (empty when it has none). */
  static Map<String, Optional<String>> declared(Map<String, Object> template) {
    Map<String, Optional<String>> declared = new LinkedHashMap<>();
    if (template.get("Parameters") instanceof Map<?, ?> params) {
      params.forEach((k, v) -> declared.put(String.valueOf(k), v instanceof Map<?, ?> p && p.get("Default") != null
          ? Optional.of(String.valueOf(p.get("Default"))) : Optional.empty()));
    }
    return declared;
  }

  /** The logical ids of the template's stateful resources (StatefulResources.TYPES), in template order. */
  static List<String> stateful(Map<String, Object> template) {
    List<String> ids = new ArrayList<>();
    if (template.get("Resources") instanceof Map<?, ?> resources) {
      resources.forEach((k, v) -> {
        if (v instanceof Map<?, ?> r && StatefulResources.TYPES.contains(String.valueOf(r.get("Type")))) {
          ids.add(String.valueOf(k));
        }
      });
    }
    return ids;
  }

  private String bucket() {
    String bucket = outputs.getOrDefault(StackPart.ARTIFACTS, Map.of()).get("BucketName");
    if (bucket == null) {
      throw new UserException(ExitCode.PRECONDITION, StackPart.ARTIFACTS.stackName(session.env())
          + " has no output BucketName: deploy it again (against an emulator whose change sets compute no outputs, "
          + "use --method direct)");
    }
    return bucket;
  }

  private void uploadAgentJar() {
    String where = outputs.containsKey(StackPart.ARTIFACTS) ? "s3://" + bucket() + "/" + in.agentJar().key() : null;
    if (plan) {
      if (where == null) {
        console.println("agent jar sha256 " + in.agentJar().sha256() + ": uploaded once the artifacts stack exists");
      } else if (!session.artifacts().exists(bucket(), in.agentJar().key())) {
        console.println("agent jar sha256 " + in.agentJar().sha256() + ": would be uploaded to " + where);
      } else {
        console.println("agent jar sha256 " + in.agentJar().sha256() + ": already in " + where);
      }
      return;
    }
    if (!console.answerable() && !session.artifacts().exists(bucket(), in.agentJar().key())) {
      // a new jar changes the web stack: without a terminal to confirm that, upload nothing
      console.requireAnswerable("the upload of the agent jar (sha256 " + in.agentJar().sha256() + ")");
    }
    boolean uploaded = session.artifacts().uploadIfAbsent(bucket(), in.agentJar());
    console.println("agent jar (" + in.agentJar().source() + ", " + in.agentJar().bytes().length / 1024 + " KiB) "
        + (uploaded ? "uploaded to " : "already in ") + where);
  }

  /** The first AWS calls: credentials, placement (AZs, AMIs, architecture, Elastic IPs), the key pair. Returns the key name. */
  private String preflight() {
    String account = session.identity().whoAmI().account();
    console.println("Account " + account + ", region " + session.settings().region().id() + ", environment "
        + session.env() + (plan ? " (plan: nothing is changed)" : ""));
    Ec2Gateway ec2 = session.ec2();
    // before the key pair import: a placement refusal (AZs, AMI, Elastic IP quota) must leave nothing created
    placement = new PlacementCheck(session, in).run();
    String keyName = "";
    if (in.keyName().isPresent()) {
      keyName = in.keyName().get();
      if (!ec2.keyPairExists(keyName)) {
        throw new UserException(ExitCode.PRECONDITION, "key pair '" + keyName + "' does not exist in "
            + session.settings().region().id() + ": create it (aws ec2 create-key-pair) or pass --ssh-public-key FILE");
      }
    } else if (in.sshPublicKey().isPresent()) {
      keyName = in.keyPairName(session.env());
      if (!ec2.keyPairExists(keyName)) {
        if (plan) {
          console.println("key pair " + keyName + ": would be imported from --ssh-public-key");
        } else {
          console.requireAnswerable("the import of key pair " + keyName);
          ec2.importKeyPair(keyName, in.sshPublicKey().get());
          console.println("key pair " + keyName + ": imported from --ssh-public-key");
        }
      }
    } else {
      console.println("no --key-name or --ssh-public-key: the instances get no SSH key"
          + (in.ssmAccess() ? " (Session Manager is on)" : " (add --ssm-access for Session Manager)"));
    }
    return keyName;
  }

  /**
   * The web group's sizes: those of --web-min-size/--web-max-size, else the deployed stack's (a scale is not undone
   * by the next deploy), else the defaults.
   */
  private WebScaling keptScaling() {
    WebScaling given = in.webScaling();
    if (given.sizesGiven()) return given;
    Optional<StackInfo> web = session.cloudFormation().describe(StackPart.WEB.stackName(session.env()));
    WebScaling kept = given.keeping(web.map(StackInfo::parameters));
    if (!kept.equals(given)) {
      console.println("web group min " + kept.minSize() + ", max " + kept.maxSize() + " (as deployed; "
          + "--web-min-size and --web-max-size, or scale, change them)");
    }
    return kept;
  }

  private DeployReport finish(String env, long t0) {
    String region = session.settings().region().id();
    Map<StackPart, String> stacks = Collections.unmodifiableMap(new EnumMap<>(outcome));
    if (plan) return new DeployReport(env, region, stacks, Optional.empty(), Duration.ofNanos(System.nanoTime() - t0));
    Endpoints endpoints = Endpoints.from(env, region, outputs,
        in.redisEndpoint().map(h -> h + (in.redisTls() ? " (TLS)" : "")), webPrivateIps(), !keyName.isEmpty());
    return new DeployReport(env, region, stacks, Optional.of(endpoints), Duration.ofNanos(System.nanoTime() - t0));
  }

  private List<String> webPrivateIps() {
    try {
      String asg = outputs.getOrDefault(StackPart.WEB, Map.of()).get("AutoScalingGroupName");
      if (asg == null) return List.of();
      AutoScalingGateway autoScaling = session.autoScaling();
      List<String> ids = autoScaling.group(asg).map(g -> g.members().stream()
          .map(AutoScalingGateway.Member::instanceId).toList()).orElse(List.of());
      return session.ec2().instances(ids).values().stream().map(i -> i.privateIp()).toList();
    } catch (RuntimeException e) {
      console.detail("web instances' addresses: " + e.getMessage());
      return List.of();
    }
  }
}
