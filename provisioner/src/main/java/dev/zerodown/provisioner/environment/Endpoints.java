package dev.zerodown.provisioner.environment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where the deployment can be reached, from the stacks' outputs: ALB, curl line, bastion, ssh -J line, Redis, dashboard. */
public record Endpoints(String env, String region, Optional<String> albUrl, Optional<String> bastionIp,
    Optional<String> webPrivateIp, Optional<String> redis, Optional<String> dashboardUrl, Optional<String> agentSha256,
    Optional<String> albDnsName, boolean sshKey) {

  /**
   * Reads them from the outputs of each part ({@code redisOverride} when the user brought their own Redis); {@code
   * webPrivateIps}: the web instances' addresses, of which the ssh line names the lowest (so that deploy and status
   * name the same instance); {@code sshKey}: whether the instances got a key pair (without one, no ssh line).
   */
  public static Endpoints from(String env, String region, Map<StackPart, Map<String, String>> outputs,
      Optional<String> redisOverride, Collection<String> webPrivateIps, boolean sshKey) {
    Optional<String> webPrivateIp = webPrivateIps.stream().filter(Objects::nonNull).sorted().findFirst();
    Map<String, String> net = outputs.getOrDefault(StackPart.NETWORK, Map.of());
    Map<String, String> bastion = outputs.getOrDefault(StackPart.BASTION, Map.of());
    Map<String, String> db = outputs.getOrDefault(StackPart.DATABASE, Map.of());
    Map<String, String> web = outputs.getOrDefault(StackPart.WEB, Map.of());
    Optional<String> url = Optional.ofNullable(net.get("LoadBalancerUrl"))
        .or(() -> Optional.ofNullable(net.get("LoadBalancerDnsName")).map(d -> "http://" + d + "/"));
    Optional<String> redis = redisOverride.or(() -> Optional.ofNullable(db.get("RedisHost"))
        .map(h -> h + ":" + db.getOrDefault("RedisPort", "6379") + ("true".equals(db.get("RedisTls")) ? " (TLS)" : "")));
    Optional<String> dashboard = Optional.ofNullable(web.get("DashboardName")).map(n ->
        "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region + "#dashboards:name=" + n);
    return new Endpoints(env, region, url, Optional.ofNullable(bastion.get("PublicIp")), webPrivateIp, redis, dashboard,
        Optional.ofNullable(web.get("AgentSha256")), Optional.ofNullable(net.get("LoadBalancerDnsName")), sshKey);
  }

  /** The load balancer's own DNS name when the URL is on a domain of the user's (--domain-name), else empty. */
  public Optional<String> dnsTarget() {
    return albDnsName.filter(d -> albUrl.map(u -> !u.contains("//" + d + "/")).orElse(false));
  }

  public Optional<String> curl() {
    return albUrl.map(u -> "curl -s " + (u.endsWith("/") ? u : u + "/") + "cgi-bin/hello.py");
  }

  /** The ssh -J line to a web instance; empty without a key pair (nobody could log in). */
  public Optional<String> ssh() {
    return bastionIp.filter(ip -> sshKey).map(ip -> "ssh -J ec2-user@" + ip + " ec2-user@" + webPrivateIp.orElse("<web-private-ip>"));
  }

  /** The lines status and deploy print; {@code emphasis} paints the load balancer URL. */
  public List<String> lines(UnaryOperator<String> emphasis) {
    List<String> lines = new ArrayList<>();
    albUrl.ifPresent(u -> lines.add("  Load balancer  " + emphasis.apply(u)));
    dnsTarget().ifPresent(d -> lines.add("  DNS            the domain resolves to " + d + " (alias record, or a CNAME of yours)"));
    curl().ifPresent(l -> lines.add("  Try it         " + l + "   (repeat it: Id alternates between the instances)"));
    bastionIp.ifPresent(ip -> lines.add("  Bastion        " + (sshKey ? "ssh ec2-user@" + ip
        : ip + " (no SSH key: deploy with --key-name or --ssh-public-key to log in)")));
    ssh().ifPresent(l -> lines.add("  Web instance   " + l));
    redis.ifPresent(r -> lines.add("  Redis          " + r));
    dashboardUrl.ifPresent(d -> lines.add("  Dashboard      " + d));
    agentSha256.ifPresent(d -> lines.add("  Agent jar      sha256 " + d));
    return lines;
  }

  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", env);
    m.put("region", region);
    m.put("albUrl", albUrl.orElse(null));
    m.put("albDnsName", albDnsName.orElse(null));
    m.put("curl", curl().orElse(null));
    m.put("bastionIp", bastionIp.orElse(null));
    m.put("ssh", ssh().orElse(null));
    m.put("redis", redis.orElse(null));
    m.put("dashboardUrl", dashboardUrl.orElse(null));
    m.put("agentSha256", agentSha256.orElse(null));
    return m;
  }
}
