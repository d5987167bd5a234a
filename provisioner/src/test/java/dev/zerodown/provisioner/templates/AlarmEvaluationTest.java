package dev.zerodown.provisioner.templates;

import static dev.zerodown.provisioner.templates.Templates.list;
import static dev.zerodown.provisioner.templates.Templates.map;
import static dev.zerodown.provisioner.templates.Templates.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.environment.StackPart;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The web stack's alarms, read from the rendered template, evaluated over per-second metric series shaped like
 * the events zerodown causes or must catch. CloudWatch evaluates nothing locally (moto stores alarms and never
 * evaluates them), so {@link Alarm} does what the CloudWatch documentation says an alarm does: one datapoint
 * per period, the last EvaluationPeriods datapoints, ALARM when at least DatapointsToAlarm of them breach, missing
 * datapoints per TreatMissingData. Each event is placed at every second of a minute, since where it falls
 * against the period boundaries decides whether it touches one datapoint or two.
 */
class AlarmEvaluationTest {
  private static final Map<String, Object> WEB = Templates.rendered(StackPart.WEB);
  /** Requests per second through the load balancer while the events happen (steady traffic). */
  private static final int RATE = 10;
  /** Scenario length: 20 minutes, the event at minute 10 plus an offset of 0-59 s. */
  private static final int SECONDS = 1200;
  private static final int EVENT = 600;

  private final Alarm target5xx = Alarm.of(props(WEB, "Target5xxAlarm"));
  private final Alarm unhealthy = Alarm.of(props(WEB, "UnhealthyHostsAlarm"));
  private final Alarm elb5xx = Alarm.of(props(WEB, "Elb5xxAlarm"));

  @Test
  void a_redis_failover_of_7_seconds_raises_no_alarm_wherever_it_falls_in_the_minute() {
    for (int offset = 0; offset < 60; offset++) {
      // hello.py answers 503 on every instance while Redis fails over; ping.py keeps every target healthy.
      Series s = Series.steady().set("HTTPCode_Target_5XX_Count", EVENT + offset, EVENT + offset + 7, RATE);
      assertThat(target5xx.firstAlarm(s)).as("failover at +%d s", offset).isEmpty();
      assertThat(unhealthy.firstAlarm(s)).isEmpty();
      assertThat(elb5xx.firstAlarm(s)).isEmpty();
    }
  }

  @Test
  void a_count_above_zero_would_alarm_on_a_failover_that_straddles_a_minute_which_is_why_the_alarm_takes_the_share() {
    Alarm countAboveZero = target5xx.withCountAboveZero("errors");
    Series straddling = Series.steady().set("HTTPCode_Target_5XX_Count", EVENT + 56, EVENT + 63, RATE);
    assertThat(countAboveZero.firstAlarm(straddling)).isPresent();
    assertThat(target5xx.firstAlarm(straddling)).isEmpty();
  }

  @Test
  void a_fleet_answering_503_raises_the_target_5xx_alarm_within_3_minutes() {
    for (int offset = 0; offset < 60; offset++) {
      int start = EVENT + offset;
      Series s = Series.steady().set("HTTPCode_Target_5XX_Count", start, SECONDS, RATE);
      OptionalInt at = target5xx.firstAlarm(s);
      assertThat(at).as("503s from +%d s", offset).isPresent();
      assertThat(at.getAsInt() - start).as("seconds from the first 503 to ALARM").isLessThanOrEqualTo(180);
      assertThat(unhealthy.firstAlarm(s)).as("ping.py keeps the targets healthy").isEmpty();
    }
  }

  @Test
  void one_instance_of_two_answering_503_raises_the_target_5xx_alarm_too() {
    Series s = Series.steady().set("HTTPCode_Target_5XX_Count", EVENT, SECONDS, RATE / 2);
    assertThat(target5xx.firstAlarm(s)).isPresent();
  }

  @Test
  void a_rollout_or_a_terminate_drill_raises_no_alarm() {
    // With the launching hook a new target is registered only once its agent is ready: initial -> healthy, never
    // unhealthy. The old one drains (deregistration delay) while the agent still serves: no 5xx, no unhealthy
    // target. The zero-downtime checks (rollout, drill --max-failed 0) hold the request side of this shape.
    for (int offset = 0; offset < 60; offset++) {
      Series s = Series.steady();
      assertThat(target5xx.firstAlarm(s)).isEmpty();
      assertThat(unhealthy.firstAlarm(s)).isEmpty();
      assertThat(elb5xx.firstAlarm(s)).isEmpty();
    }
  }

  @Test
  void a_booting_instance_without_the_hook_would_raise_the_unhealthy_alarm_which_is_why_the_group_has_the_hook() {
    // Without the hook the group registers the instance at launch: unhealthy for most of a 1-3 minute boot.
    Series s = Series.steady().set("UnHealthyHostCount", EVENT, EVENT + 120, 1);
    assertThat(unhealthy.firstAlarm(s)).isPresent();
  }

  @Test
  void a_stop_agent_drill_may_raise_the_unhealthy_alarm_depending_on_where_it_falls_in_the_minute() {
    // The stopped agent's target turns unhealthy after 2 failed checks 5 s apart and stays registered until the
    // group replaces the instance; 40 s here (the group's health check timing is not documented: a guess).
    // The agent drains before it stops, so no request fails: no 5xx.
    List<Integer> raising = new ArrayList<>();
    for (int offset = 0; offset < 60; offset++) {
      Series s = Series.steady().set("UnHealthyHostCount", EVENT + offset + 10, EVENT + offset + 50, 1);
      if (unhealthy.firstAlarm(s).isPresent()) raising.add(offset);
      assertThat(target5xx.firstAlarm(s)).isEmpty();
    }
    assertThat(raising).as("offsets whose 40 s unhealthy spell touches two minutes").isNotEmpty().hasSizeLessThan(60);
  }

  /** Per-second values of the ALB metrics: requests, 5xx answers, unhealthy targets. */
  static final class Series {
    final Map<String, double[]> perSecond = new HashMap<>();

    static Series steady() {
      Series s = new Series();
      for (String m : List.of("RequestCount", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count", "UnHealthyHostCount")) {
        s.perSecond.put(m, new double[SECONDS]);
      }
      java.util.Arrays.fill(s.perSecond.get("RequestCount"), RATE);
      return s;
    }

    /** {@code metric} is {@code value} in every second of [from, to). */
    Series set(String metric, int from, int to, double value) {
      double[] v = perSecond.get(metric);
      for (int t = from; t < Math.min(to, SECONDS); t++) v[t] = value;
      return this;
    }
  }

  /**
   * One alarm of the template: a single metric with a statistic, or metric math of the one form the template
   * uses ({@code FILL(a, 0) / b}). Count metrics of the load balancer are reported only when non-zero, so a
   * period whose Sum is 0 is a missing datapoint; UnHealthyHostCount is reported every period.
   */
  record Alarm(Map<String, MetricStat> stats, String expression, int period, int evaluationPeriods, int datapointsToAlarm,
      double threshold, String operator, boolean missingBreaches) {
    record MetricStat(String metric, String stat) {}

    private static final Pattern FILL_DIVIDE = Pattern.compile("FILL\\((\\w+),\\s*0\\)\\s*/\\s*(\\w+)");

    static Alarm of(Map<String, Object> p) {
      Map<String, MetricStat> stats = new HashMap<>();
      String expression;
      int period;
      if (p.containsKey("Metrics")) {
        expression = null;
        period = 0;
        for (Object o : list(p.get("Metrics"))) {
          Map<String, Object> m = map(o);
          if (m.containsKey("MetricStat")) {
            Map<String, Object> ms = map(m, "MetricStat");
            stats.put((String) m.get("Id"), new MetricStat((String) map(ms, "Metric").get("MetricName"), (String) ms.get("Stat")));
            period = (Integer) ms.get("Period");
          } else if (Boolean.TRUE.equals(m.get("ReturnData"))) {
            expression = (String) m.get("Expression");
          }
        }
        if (expression == null || !FILL_DIVIDE.matcher(expression).matches()) {
          throw new AssertionError("the evaluator knows FILL(a, 0) / b only, not " + expression);
        }
      } else {
        expression = "x";
        stats.put("x", new MetricStat((String) p.get("MetricName"), (String) p.get("Statistic")));
        period = (Integer) p.get("Period");
      }
      int n = (Integer) p.get("EvaluationPeriods");
      Object m = p.getOrDefault("DatapointsToAlarm", n);
      Object threshold = p.get("Threshold");
      return new Alarm(stats, expression, period, n, (Integer) m, ((Number) threshold).doubleValue(),
          (String) p.get("ComparisonOperator"), "breaching".equals(p.get("TreatMissingData")));
    }

    /** The same alarm on the Sum of one of its metrics above 0 (what a count-based rule would do). */
    Alarm withCountAboveZero(String id) {
      return new Alarm(Map.of("x", stats.get(id)), "x", period, evaluationPeriods, datapointsToAlarm, 0, "GreaterThanThreshold",
          missingBreaches);
    }

    /** The second at which the alarm first goes to ALARM (the end of the period that tips it), if it does. */
    OptionalInt firstAlarm(Series s) {
      int periods = SECONDS / period;
      Double[] points = IntStream.range(0, periods).mapToObj(k -> datapoint(s, k)).toArray(Double[]::new);
      for (int k = 0; k < periods; k++) {
        int breaching = 0;
        for (int j = Math.max(0, k - evaluationPeriods + 1); j <= k; j++) {
          if (points[j] == null ? missingBreaches : breaches(points[j])) breaching++;
        }
        if (breaching >= datapointsToAlarm) return OptionalInt.of((k + 1) * period);
      }
      return OptionalInt.empty();
    }

    private boolean breaches(double v) {
      return switch (operator) {
        case "GreaterThanThreshold" -> v > threshold;
        case "GreaterThanOrEqualToThreshold" -> v >= threshold;
        default -> throw new AssertionError("the evaluator does not know " + operator);
      };
    }

    private Double datapoint(Series s, int k) {
      Matcher m = FILL_DIVIDE.matcher(expression);
      if (m.matches()) {
        Double a = value(s, stats.get(m.group(1)), k);
        Double b = value(s, stats.get(m.group(2)), k);
        return b == null ? null : (a == null ? 0 : a) / b;
      }
      return value(s, stats.get(expression), k);
    }

    private Double value(Series s, MetricStat ms, int k) {
      double[] v = s.perSecond.get(ms.metric());
      if (v == null) throw new AssertionError("no series for " + ms.metric());
      double sum = 0;
      double max = 0;
      for (int t = k * period; t < (k + 1) * period; t++) {
        sum += v[t];
        max = Math.max(max, v[t]);
      }
      return switch (ms.stat()) {
        case "Sum" -> sum == 0 ? null : sum;
        case "Maximum" -> max;
        default -> throw new AssertionError("the evaluator does not know " + ms.stat());
      };
    }
  }
}
