package dev.zerodown.provisioner.templates;

import static dev.zerodown.provisioner.templates.Templates.list;
import static dev.zerodown.provisioner.templates.Templates.map;
import static dev.zerodown.provisioner.templates.Templates.ofType;
import static dev.zerodown.provisioner.templates.Templates.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.environment.StackPart;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** network.yaml read as data: subnets, routes, the security group matrix, the target group. */
class NetworkTemplateTest {
  private static final List<String> AZ_PARAMETERS = List.of("AvailabilityZoneA", "AvailabilityZoneB", "AvailabilityZoneC");
  private final Map<String, Object> t = Templates.rendered(StackPart.NETWORK);

  /** CIDR -> AZ index of every subnet. */
  private Map<String, Integer> subnetAzs() {
    Map<String, Integer> out = new TreeMap<>();
    ofType(t, "AWS::EC2::Subnet").forEach((id, r) -> {
      Map<String, Object> p = map(r, "Properties");
      String azParameter = (String) map(p, "AvailabilityZone").get("Ref");
      assertThat(azParameter).as(id + " AZ is one of the three AZ parameters").isIn(AZ_PARAMETERS);
      out.put((String) p.get("CidrBlock"), AZ_PARAMETERS.indexOf(azParameter));
    });
    return out;
  }

  private String subnetCidr(String logicalId) {
    return (String) Templates.props(t, logicalId).get("CidrBlock");
  }

  private int azOfSubnet(String logicalId) {
    return subnetAzs().get(subnetCidr(logicalId));
  }

  @Test
  void the_three_azs_are_availability_zone_name_parameters_without_defaults_and_no_template_uses_get_azs() {
    for (String az : AZ_PARAMETERS) {
      assertThat(map(t, "Parameters", az)).as(az).containsEntry("Type", "AWS::EC2::AvailabilityZone::Name")
          .doesNotContainKey("Default");
    }
    for (StackPart part : StackPart.values()) {
      assertThat(Templates.RENDERER.render(part)).as(part + " template").doesNotContain("GetAZs");
    }
  }

  @Test
  void an_s3_gateway_endpoint_serves_the_three_private_route_tables_with_the_default_full_access_policy() {
    Map<String, Map<String, Object>> endpoints = ofType(t, "AWS::EC2::VPCEndpoint");
    assertThat(endpoints).containsOnlyKeys("S3GatewayEndpoint");
    Map<String, Object> p = map(endpoints.get("S3GatewayEndpoint"), "Properties");
    assertThat(p).containsEntry("VpcEndpointType", "Gateway").containsEntry("VpcId", ref("Vpc"))
        .containsEntry("ServiceName", Map.of("Fn::Sub", "com.amazonaws.${AWS::Region}.s3"))
        .doesNotContainKey("PolicyDocument");  // the default policy allows the AL2023 repository buckets too
    assertThat(list(p.get("RouteTableIds"))).containsExactly(ref("RouteTablePrivateA"), ref("RouteTablePrivateB"),
        ref("RouteTablePrivateC"));
  }

  @Test
  void fifteen_subnets_carry_exactly_the_tutorial_cidrs_spread_over_three_azs() {
    Map<String, Integer> expected = new TreeMap<>();
    for (int group = 1; group <= 5; group++) {
      for (int az = 0; az < 3; az++) expected.put("10.0." + group + (az + 1) + ".0/24", az);
    }
    assertThat(subnetAzs()).isEqualTo(expected);
    assertThat(Templates.props(t, "Vpc")).containsEntry("CidrBlock", "10.0.0.0/16");
    ofType(t, "AWS::EC2::Subnet").forEach((id, r) ->
        assertThat(map(r, "Properties")).as(id).containsEntry("MapPublicIpOnLaunch", false));
  }

  @Test
  void every_private_subnet_routes_through_the_nat_gateway_of_its_own_az() {
    Map<String, String> routeTableOfSubnet = new TreeMap<>();
    ofType(t, "AWS::EC2::SubnetRouteTableAssociation").forEach((id, r) -> routeTableOfSubnet.put(
        (String) map(r, "Properties", "SubnetId").get("Ref"), (String) map(r, "Properties", "RouteTableId").get("Ref")));
    assertThat(routeTableOfSubnet).hasSize(15);
    Map<String, Map<String, Object>> defaultRoutes = new TreeMap<>();
    ofType(t, "AWS::EC2::Route").forEach((id, r) -> {
      Map<String, Object> p = map(r, "Properties");
      assertThat(p).containsEntry("DestinationCidrBlock", "0.0.0.0/0");
      defaultRoutes.put((String) map(p, "RouteTableId").get("Ref"), p);
    });
    int privateSubnets = 0;
    for (var e : routeTableOfSubnet.entrySet()) {
      String subnet = e.getKey();
      Map<String, Object> route = defaultRoutes.get(e.getValue());
      int az = azOfSubnet(subnet);
      boolean isPrivate = subnetCidr(subnet).startsWith("10.0.4") || subnetCidr(subnet).startsWith("10.0.5");
      if (!isPrivate) {
        assertThat(route).as(subnet + " is public").containsEntry("GatewayId", ref("InternetGateway"));
        continue;
      }
      privateSubnets++;
      Object nat = route.get("NatGatewayId");
      String perAzNat;
      if (nat instanceof Map<?, ?> m && m.containsKey("Fn::If")) {
        List<Object> ifs = list(m.get("Fn::If"));
        assertThat(ifs.get(0)).isEqualTo("HasNatGatewayPerAz");
        assertThat(ifs.get(2)).as("single-NAT mode uses NAT a").isEqualTo(ref("NatGatewayA"));
        perAzNat = (String) ((Map<?, ?>) ifs.get(1)).get("Ref");
      } else {
        perAzNat = (String) ((Map<?, ?>) nat).get("Ref");
      }
      String natSubnet = (String) map(Templates.props(t, perAzNat), "SubnetId").get("Ref");
      assertThat(subnetCidr(natSubnet)).as("NAT of " + subnet).startsWith("10.0.2");
      assertThat(azOfSubnet(natSubnet)).as("AZ of the NAT used by " + subnet).isEqualTo(az);
    }
    assertThat(privateSubnets).isEqualTo(6);
    assertThat(ofType(t, "AWS::EC2::NatGateway")).hasSize(3);
  }

  /** "direction group protocol ports peer [condition]" for every rule, inline or standalone. */
  private Set<String> rules() {
    Set<String> out = new TreeSet<>();
    ofType(t, "AWS::EC2::SecurityGroup").forEach((id, r) -> {
      Map<String, Object> p = map(r, "Properties");
      for (Object rule : list(p.getOrDefault("SecurityGroupIngress", List.of()))) out.add(rule("in", id, map(rule), null));
      for (Object rule : list(p.getOrDefault("SecurityGroupEgress", List.of()))) out.add(rule("out", id, map(rule), null));
    });
    for (String type : List.of("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress")) {
      ofType(t, type).forEach((id, r) -> {
        Map<String, Object> p = map(r, "Properties");
        out.add(rule(type.endsWith("Ingress") ? "in" : "out", (String) map(p, "GroupId").get("Ref"), p, (String) r.get("Condition")));
      });
    }
    return out;
  }

  private static String rule(String direction, String group, Map<String, Object> r, String condition) {
    Object peer = r.containsKey("CidrIp") ? r.get("CidrIp")
        : r.containsKey("SourceSecurityGroupId") ? r.get("SourceSecurityGroupId") : r.get("DestinationSecurityGroupId");
    String ports = r.containsKey("FromPort") ? text(r.get("FromPort")) + "-" + text(r.get("ToPort")) : "all";
    return direction + " " + group + " " + r.get("IpProtocol") + " " + ports + " " + text(peer)
        + (condition == null ? "" : " if " + condition);
  }

  private static String text(Object value) {
    return value instanceof Map<?, ?> m ? "ref:" + m.get("Ref") : String.valueOf(value);
  }

  @Test
  void security_groups_allow_exactly_the_design_matrix_and_nothing_wider() {
    assertThat(rules()).containsExactlyInAnyOrder(
        "in BastionSecurityGroup tcp 22-22 ref:AdminCidr",
        "out BastionSecurityGroup tcp 80-80 0.0.0.0/0",
        "out BastionSecurityGroup tcp 443-443 0.0.0.0/0",
        "out BastionSecurityGroup tcp 22-22 ref:WebSecurityGroup",
        "in AlbSecurityGroup tcp 80-80 0.0.0.0/0",
        "in AlbSecurityGroup tcp 443-443 0.0.0.0/0 if HasCertificate",
        "out AlbSecurityGroup tcp 8000-8000 ref:WebSecurityGroup",
        "out AlbSecurityGroup tcp 8002-8002 ref:WebSecurityGroup",
        "in WebSecurityGroup tcp 8000-8000 ref:AlbSecurityGroup",
        "in WebSecurityGroup tcp 8002-8002 ref:AlbSecurityGroup",
        "in WebSecurityGroup tcp 22-22 ref:BastionSecurityGroup",
        "out WebSecurityGroup tcp 80-80 0.0.0.0/0",
        "out WebSecurityGroup tcp 443-443 0.0.0.0/0",
        "out WebSecurityGroup tcp 6379-6379 ref:RedisSecurityGroup",
        "out WebSecurityGroup tcp ref:ExternalRedisPort-ref:ExternalRedisPort ref:ExternalRedisCidr if HasExternalRedisCidr",
        "out WebSecurityGroup tcp ref:ExternalRedisPort-ref:ExternalRedisPort ref:ExternalRedisSecurityGroupId"
            + " if HasExternalRedisSecurityGroup",
        "in RedisSecurityGroup tcp 6379-6379 ref:WebSecurityGroup",
        "out RedisSecurityGroup -1 all 127.0.0.1/32");
  }

  @Test
  void web_egress_to_your_own_redis_exists_only_when_its_cidr_or_group_is_given_and_is_no_wider() {
    Set<String> base = activeRules(Map.of());
    assertThat(activeRules(Map.of("ExternalRedisPort", "6380"))).as("a port alone opens nothing").isEqualTo(base);
    assertThat(added(base, Map.of("ExternalRedisCidr", "10.1.2.0/24", "ExternalRedisPort", "6380")))
        .containsExactly("out WebSecurityGroup tcp 6380-6380 10.1.2.0/24");
    assertThat(added(base, Map.of("ExternalRedisSecurityGroupId", "sg-0123456789abcdef0")))
        .containsExactly("out WebSecurityGroup tcp 6379-6379 sg-0123456789abcdef0");
    assertThat(added(base, Map.of("ExternalRedisCidr", "10.1.2.9/32", "ExternalRedisSecurityGroupId", "sg-01234567",
        "ExternalRedisPort", "16379"))).containsExactlyInAnyOrder(
        "out WebSecurityGroup tcp 16379-16379 10.1.2.9/32", "out WebSecurityGroup tcp 16379-16379 sg-01234567");
  }

  @Test
  void external_redis_parameters_accept_empty_or_one_well_formed_value_as_the_provisioner_does() {
    java.util.regex.Pattern cidr = java.util.regex.Pattern.compile((String) map(t, "Parameters", "ExternalRedisCidr").get("AllowedPattern"));
    assertThat(List.of("", "10.1.2.0/24", "203.0.113.7/32")).allMatch(v -> cidr.matcher(v).matches());
    assertThat(List.of("10.1.2.0", "10.1.2.0/24,10.1.3.0/24", "sg-01234567")).noneMatch(v -> cidr.matcher(v).matches());
    assertThat(map(t, "Parameters", "ExternalRedisSecurityGroupId")).containsEntry("AllowedPattern",
        "^(" + dev.zerodown.provisioner.environment.RedisReach.SECURITY_GROUP_ID.pattern() + ")?$").containsEntry("Default", "");
    assertThat(map(t, "Parameters", "ExternalRedisPort")).containsEntry("Default", 6379).containsEntry("MinValue", 1)
        .containsEntry("MaxValue", 65535);
  }

  /** Rules {@code params} switches on that {@link #activeRules(Map)} with the defaults does not. */
  private Set<String> added(Set<String> base, Map<String, String> params) {
    Set<String> out = new TreeSet<>(activeRules(params));
    out.removeAll(base);
    return out;
  }

  /** The rules whose condition holds for {@code params} (defaults for the rest), parameter references resolved. */
  private Set<String> activeRules(Map<String, String> params) {
    Set<String> out = new TreeSet<>();
    for (String rule : rules()) {
      int at = rule.indexOf(" if ");
      if (at >= 0 && !condition(rule.substring(at + 4), params)) continue;
      out.add(java.util.regex.Pattern.compile("ref:(\\w+)").matcher(at >= 0 ? rule.substring(0, at) : rule).replaceAll(ref ->
          java.util.regex.Matcher.quoteReplacement(map(t, "Parameters").containsKey(ref.group(1))
              ? parameter(ref.group(1), params) : ref.group())));
    }
    return out;
  }

  private String parameter(String name, Map<String, String> params) {
    return params.containsKey(name) ? params.get(name) : String.valueOf(map(t, "Parameters", name).get("Default"));
  }

  /** Evaluates condition {@code name} the way CloudFormation does (the intrinsics the templates use). */
  private boolean condition(String name, Map<String, String> params) {
    return holds(map(t, "Conditions").get(name), params);
  }

  private boolean holds(Object c, Map<String, String> params) {
    Map<String, Object> m = map(c);
    if (m.containsKey("Fn::Not")) return !holds(list(m.get("Fn::Not")).get(0), params);
    if (m.containsKey("Fn::And")) return list(m.get("Fn::And")).stream().allMatch(x -> holds(x, params));
    if (m.containsKey("Fn::Or")) return list(m.get("Fn::Or")).stream().anyMatch(x -> holds(x, params));
    if (m.containsKey("Condition")) return condition((String) m.get("Condition"), params);
    if (m.containsKey("Fn::Equals")) {
      List<Object> pair = list(m.get("Fn::Equals"));
      return value(pair.get(0), params).equals(value(pair.get(1), params));
    }
    throw new AssertionError("condition not understood by this test: " + c);
  }

  private String value(Object o, Map<String, String> params) {
    return o instanceof Map<?, ?> m && m.containsKey("Ref") ? parameter((String) m.get("Ref"), params) : String.valueOf(o);
  }

  @Test
  void no_security_group_keeps_the_default_allow_all_egress() {
    ofType(t, "AWS::EC2::SecurityGroup").forEach((id, r) ->
        assertThat(list(map(r, "Properties").get("SecurityGroupEgress"))).as(id + " declares its egress inline").isNotEmpty());
    Set<String> openIngress = new HashSet<>();
    rules().stream().filter(r -> r.startsWith("in ") && r.contains("0.0.0.0/0")).forEach(openIngress::add);
    assertThat(openIngress).allMatch(r -> r.startsWith("in AlbSecurityGroup tcp 80-80") || r.startsWith("in AlbSecurityGroup tcp 443-443"));
  }

  @Test
  void the_health_check_port_is_the_one_web_sh_gives_the_agent_as_HEALTH_PORT() {
    Object port = Templates.props(t, "TargetGroup").get("HealthCheckPort");
    assertThat(Templates.read(Templates.ROOT.resolve("userdata/web.sh"))).contains("\nHEALTH_PORT=" + port + "\n");
    assertThat(rules()).contains("out AlbSecurityGroup tcp " + port + "-" + port + " ref:WebSecurityGroup",
        "in WebSecurityGroup tcp " + port + "-" + port + " ref:AlbSecurityGroup");
  }

  @Test
  void target_group_checks_ping_on_8002_fast_enough_to_drop_a_dead_instance_within_13_seconds() {
    Map<String, Object> tg = Templates.props(t, "TargetGroup");
    assertThat(tg).containsEntry("Port", 8000).containsEntry("Protocol", "HTTP")
        .containsEntry("HealthCheckPath", "/cgi-bin/ping.py").containsEntry("HealthCheckPort", "8002")
        .containsEntry("Matcher", Map.of("HttpCode", "200"));
    Map<String, Object> params = map(t, "Parameters");
    int interval = defaultOf(params, (Map<?, ?>) tg.get("HealthCheckIntervalSeconds"));
    int timeout = defaultOf(params, (Map<?, ?>) tg.get("HealthCheckTimeoutSeconds"));
    int unhealthy = defaultOf(params, (Map<?, ?>) tg.get("UnhealthyThresholdCount"));
    int healthy = defaultOf(params, (Map<?, ?>) tg.get("HealthyThresholdCount"));
    assertThat(List.of(interval, timeout, unhealthy, healthy)).containsExactly(5, 3, 2, 2);
    assertThat(interval * unhealthy + timeout).as("worst case seconds until a dead target leaves rotation").isLessThanOrEqualTo(13);
    Map<String, Object> attr = map(list(tg.get("TargetGroupAttributes")).get(0));
    assertThat(attr).containsEntry("Key", "deregistration_delay.timeout_seconds");
    assertThat(defaultOf(params, (Map<?, ?>) attr.get("Value"))).isEqualTo(20);

    int drain = Integer.parseInt(map(Templates.rendered(StackPart.WEB), "Parameters", "DrainSeconds").get("Default").toString());
    assertThat(drain).as("agent drain outlasts the time the ALB needs to stop sending").isGreaterThan(interval * unhealthy + timeout);
    // The unit ships inside agent.jar (boot/), no longer in user data: its stop timeout is read from the file.
    assertThat(Templates.read(Templates.ROOT.resolve("userdata/zerodown-agent.service"))).contains("TimeoutStopSec=45");
    assertThat(45).as("systemd stop timeout outlasts the drain").isGreaterThan(drain);
  }

  private static int defaultOf(Map<String, Object> params, Map<?, ?> ref) {
    return Integer.parseInt(map(params, (String) ref.get("Ref")).get("Default").toString());
  }

  @Test
  void port_80_forwards_without_a_certificate_and_redirects_to_an_https_listener_with_one() {
    List<Object> choice = list(map(Templates.props(t, "HttpListener"), "DefaultActions").get("Fn::If"));
    assertThat(choice.get(0)).isEqualTo("HasCertificate");
    assertThat(map(list(choice.get(1)).get(0))).containsEntry("Type", "redirect");
    assertThat(map(list(choice.get(2)).get(0))).containsEntry("Type", "forward").containsEntry("TargetGroupArn", ref("TargetGroup"));
    assertThat(map(t, "Resources", "HttpsListener")).containsEntry("Condition", "HasCertificate");
    assertThat(Templates.props(t, "HttpsListener")).containsEntry("Port", 443).containsEntry("Protocol", "HTTPS");
    assertThat(Templates.props(t, "LoadBalancer")).containsEntry("Scheme", "internet-facing")
        .containsEntry("Subnets", List.of(ref("SubnetAlbA"), ref("SubnetAlbB"), ref("SubnetAlbC")))
        .containsEntry("Name", Map.of("Fn::Sub", "alb-web-${EnvironmentName}"));
  }

  @Test
  void with_a_certificate_the_url_is_https_on_the_domain_name_because_no_certificate_names_the_alb() {
    List<Object> url = list(map(t, "Outputs", "LoadBalancerUrl", "Value").get("Fn::If"));
    assertThat(url.get(0)).isEqualTo("HasDomainName");
    assertThat(map(url.get(1)).get("Fn::If"))
        .isEqualTo(List.of("HasCertificate", Map.of("Fn::Sub", "https://${DomainName}/"), Map.of("Fn::Sub", "http://${DomainName}/")));
    assertThat(url.get(2)).isEqualTo(Map.of("Fn::Sub", "http://${LoadBalancer.DNSName}/"));
    Map<String, Object> rule = map(t, "Rules", "CertificateNeedsDomainName");
    assertThat(rule.get("RuleCondition")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(ref("CertificateArn"), "")))));
    assertThat(map(list(rule.get("Assertions")).get(0)).get("Assert"))
        .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(ref("DomainName"), "")))));
  }

  @Test
  void a_hosted_zone_gets_an_alias_a_record_for_the_domain_pointing_at_the_alb() {
    Map<String, Object> record = map(t, "Resources", "DomainRecord");
    assertThat(record).containsEntry("Type", "AWS::Route53::RecordSet").containsEntry("Condition", "HasHostedZone");
    Map<String, Object> p = map(record, "Properties");
    assertThat(p).containsEntry("HostedZoneId", ref("HostedZoneId")).containsEntry("Name", ref("DomainName")).containsEntry("Type", "A");
    assertThat(map(p, "AliasTarget")).containsEntry("DNSName", Map.of("Fn::GetAtt", List.of("LoadBalancer", "DNSName")))
        .containsEntry("HostedZoneId", Map.of("Fn::GetAtt", List.of("LoadBalancer", "CanonicalHostedZoneID")));
    assertThat(map(t, "Rules", "HostedZoneNeedsDomainName")).isNotNull();
  }
}
