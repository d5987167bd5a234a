package dev.zerodown.provisioner.templates;

import static dev.zerodown.provisioner.templates.Templates.list;
import static dev.zerodown.provisioner.templates.Templates.map;
import static dev.zerodown.provisioner.templates.Templates.ofType;
import static dev.zerodown.provisioner.templates.Templates.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.render.CfnYaml;
import dev.zerodown.provisioner.environment.StackPart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web stack's dashboard and alarms against the metrics the agent publishes (docs/metrics.md): exact names,
 * this environment only, one unit per graph, a name that differs per region.
 */
class DashboardTest {
  /** The agent's namespace as the templates write it (a parameter) and the value the tests substitute. */
  private static final String NAMESPACE_PARAM = "${MetricsNamespace}";
  private static final String NAMESPACE = "zerodown";
  private static final Pattern SEARCH = Pattern.compile(
      "SEARCH\\('\\{\"?([^\",}]+)\"?((?:,[^,}]+)*)\\}\\s+MetricName=\"([^\"]+)\"([^']*)'");
  private static final Pattern DOC_ROW = Pattern.compile("^\\| (`[^|]+) \\|", Pattern.MULTILINE);
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

  private final Map<String, Object> web = Templates.rendered(StackPart.WEB);

  /** One metric a widget plots: namespace, name, the dimension names and the search term after the name. */
  private record Plotted(String namespace, String name, List<String> dimensions, String filter) {}

  /** The dashboard body with the placeholders CloudFormation fills, filled: region, namespace, env, ALB names. */
  private Map<String, Object> body() {
    List<Object> sub = list(map(props(web, "Dashboard"), "DashboardBody").get("Fn::Sub"));
    String json = ((String) sub.get(0)).replace("${AWS::Region}", "eu-west-3").replace(NAMESPACE_PARAM, NAMESPACE)
        .replace("${EnvironmentName}", "dev").replace("${Lb}", "app/alb-web-dev/1").replace("${Tg}", "targetgroup/tg-web-dev/1")
        .replace("${TargetRequestsPerInstance}", "3000");
    assertThat(json).as("every ${...} of the body is one CloudFormation fills").doesNotContain("${");
    return CfnYaml.parse(json); // JSON is YAML: the same parser reads the body
  }

  /** Widget title -> what it plots. */
  private Map<String, List<Plotted>> widgets() {
    Map<String, List<Plotted>> out = new LinkedHashMap<>();
    for (Object w : list(body().get("widgets"))) {
      Map<String, Object> p = map(w, "properties");
      List<Plotted> plotted = new ArrayList<>();
      for (Object row : list(p.get("metrics"))) {
        List<Object> r = list(row);
        if (r.get(0) instanceof String namespace) {
          List<String> dims = new ArrayList<>();
          for (int i = 2; i + 1 < r.size() && r.get(i) instanceof String; i += 2) dims.add((String) r.get(i));
          plotted.add(new Plotted(namespace, (String) r.get(1), dims, ""));
        } else {
          String expression = (String) map(r.get(0)).get("expression");
          Matcher m = SEARCH.matcher(expression);
          assertThat(m.find()).as("a SEARCH with a schema and an exact MetricName: " + expression).isTrue();
          List<String> dims = List.of(m.group(2).isEmpty() ? new String[0] : m.group(2).substring(1).split(","));
          plotted.add(new Plotted(m.group(1), m.group(3), dims, m.group(4).trim()));
        }
      }
      out.put((String) p.get("title"), plotted);
    }
    return out;
  }

  /** Every metric name docs/metrics.md lists, the shorthand `a.b.count` / `.sum` expanded to `a.b.sum`. */
  static Set<String> documentedMetrics() {
    String docs = Templates.read(Templates.ROOT.resolve("docs/metrics.md"));
    Set<String> names = new TreeSet<>();
    Matcher row = DOC_ROW.matcher(docs);
    while (row.find()) {
      String base = null;
      Matcher name = BACKTICKED.matcher(row.group(1));
      while (name.find()) {
        String n = name.group(1);
        if (n.startsWith(".") && base != null) {
          names.add(base + n);
        } else if (!n.startsWith(".")) {
          names.add(n);
          base = n.substring(0, n.lastIndexOf('.'));
        }
      }
    }
    return names;
  }

  /**
   * The unit of each metric the dashboard may plot. Micrometer's CloudWatch registry publishes a timer's
   * sum/avg/max in milliseconds and every count as a count; the JVM memory gauges are bytes; the CPU gauges a
   * 0-1 fraction. The ALB metrics' units are those of the ELB CloudWatch metrics page.
   */
  private static String unit(String metric) {
    if (metric.equals("TargetResponseTime")) return "seconds";
    if (Set.of("RequestCount", "RequestCountPerTarget", "HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "HealthyHostCount",
        "UnHealthyHostCount", "TargetConnectionErrorCount").contains(metric)) return "count";
    if (metric.startsWith("jvm.memory.")) return "bytes";
    if (metric.endsWith("cpu.usage.value")) return "fraction";
    if (metric.endsWith(".count")) return "count";
    if (metric.endsWith(".max") || metric.endsWith(".avg") || metric.endsWith(".sum")) return "milliseconds";
    throw new AssertionError("no unit known for " + metric + ": add it here with its source");
  }

  @Test
  void dashboard_name_carries_env_and_region_because_dashboard_names_are_account_wide() {
    assertThat(props(web, "Dashboard")).containsEntry("DashboardName", Map.of("Fn::Sub", "zerodown-${EnvironmentName}-${AWS::Region}"));
  }

  @Test
  void every_agent_metric_the_dashboard_and_the_alarms_reference_is_listed_in_docs_metrics_md() {
    Set<String> referenced = new TreeSet<>();
    widgets().values().forEach(ps -> ps.stream().filter(p -> p.namespace().equals(NAMESPACE)).forEach(p -> referenced.add(p.name())));
    ofType(web, "AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
      Map<String, Object> p = map(alarm, "Properties");
      if (Map.of("Ref", "MetricsNamespace").equals(p.get("Namespace")) || NAMESPACE.equals(p.get("Namespace"))) {
        referenced.add((String) p.get("MetricName"));
      }
      if (p.get("Metrics") != null) {
        for (Object query : list(p.get("Metrics"))) {
          Object stat = map(query).get("MetricStat");
          if (stat == null) continue;
          Map<String, Object> metric = map(stat, "Metric");
          if (Map.of("Ref", "MetricsNamespace").equals(metric.get("Namespace"))) referenced.add((String) metric.get("MetricName"));
        }
      }
    });
    assertThat(referenced).as("the agent graphs are found at all").contains("zerodown.http.requests.count");
    assertThat(documentedMetrics()).containsAll(referenced);
  }

  @Test
  void agent_graphs_show_this_environment_only_with_every_dimension_of_the_metric() {
    widgets().forEach((title, plotted) -> plotted.stream().filter(p -> p.namespace().equals(NAMESPACE)).forEach(p -> {
      assertThat(p.dimensions()).as(title + ": " + p.name() + " schema").contains("env");
      assertThat(p.filter()).as(title + ": " + p.name() + " search term").contains("env=\"dev\"");
    }));
    assertThat(widgets().keySet().stream().filter(t -> t.startsWith("Agent") || t.startsWith("hello.py"))).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void every_graph_plots_one_unit_and_its_title_names_it() {
    widgets().forEach((title, plotted) -> {
      Set<String> units = new TreeSet<>();
      plotted.forEach(p -> units.add(unit(p.name())));
      assertThat(units).as(title).hasSize(1);
      assertThat(title).as("the title names the unit").contains(units.iterator().next().equals("fraction") ? "fraction" : units.iterator().next());
    });
  }

  @Test
  void requests_per_target_graph_draws_the_scaling_target_as_a_horizontal_line() {
    Map<String, Object> widget = list(body().get("widgets")).stream().map(w -> map(w, "properties"))
        .filter(p -> String.valueOf(p.get("title")).startsWith("Requests per instance")).findFirst()
        .orElseThrow(() -> new AssertionError("no requests-per-instance graph"));
    assertThat(list(widget.get("metrics"))).containsExactly(List.of("AWS/ApplicationELB", "RequestCountPerTarget",
        "TargetGroup", "targetgroup/tg-web-dev/1", "LoadBalancer", "app/alb-web-dev/1"));
    assertThat(widget).containsEntry("stat", "Sum").containsEntry("period", 60);
    assertThat(list(map(widget, "annotations").get("horizontal"))).containsExactly(
        Map.of("label", "scaling target (TargetRequestsPerInstance)", "value", 3000));
    List<Object> sub = list(map(props(web, "Dashboard"), "DashboardBody").get("Fn::Sub"));
    assertThat((String) sub.get(0)).as("the line is the policy's own target, a stack parameter")
        .contains("\"value\": ${TargetRequestsPerInstance}");
  }

  @Test
  void docs_metrics_md_parses_into_the_agent_metric_names() {
    assertThat(documentedMetrics()).contains("zerodown.http.requests.count", "zerodown.http.requests.max",
        "zerodown.redis.commands.max", "jvm.memory.used.value", "process.cpu.usage.value").doesNotContain(".sum", "route");
  }
}
