package dev.zerodown.provisioner.environment;

import dev.zerodown.provisioner.cfn.StatefulResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which resources a stack update replaces because a create-only property changes, found before CloudFormation
 * does: both versions of the template are evaluated with their parameters (conditions, {@code Fn::If}, {@code Ref}
 * to parameters, {@code Fn::Sub}, {@code Join}/{@code Split}/{@code Select} of known values), everything AWS
 * decides ({@code GetAtt}, imports, pseudo parameters) stays a symbol that is equal on both sides unless the
 * resource or export behind it is itself replaced, and the create-only properties of each resource present in
 * both are compared until no new replacement follows.
 *
 * <p>A replacement is <em>refused</em> when the resource holds state, has a custom name (CloudFormation cannot
 * replace a custom-named resource: "You can't perform an update that causes a custom-named resource to be
 * replaced", aws-properties-name) or backs an exported output (an export in use cannot change). Others (an SNS
 * subscription's endpoint) are allowed and only listed.
 */
public final class Replacements {
  /**
   * Types whose replacement loses state ({@link StatefulResources}, which the stack policy protects) or an address
   * others hold: the Elastic IPs' and so the NAT gateways' public addresses, which partners may have allow-listed.
   */
  static final Set<String> STATEFUL = Stream.concat(StatefulResources.TYPES.stream(),
      Stream.of("AWS::EC2::EIP", "AWS::EC2::NatGateway")).collect(Collectors.toUnmodifiableSet());

  private static final Object NO_VALUE = new Object() {
    @Override
    public String toString() {
      return "AWS::NoValue";
    }
  };
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

  /**
   * One stack version: the parsed template, the parameters it gets, its stack name, and what {@code Fn::GetAZs}
   * returned for it (known for a stack deployed by an older template: its subnets' AZs; empty: a symbol).
   */
  public record Version(Map<String, Object> template, Map<String, String> parameters, String stackName,
      List<String> getAzs) {
    public Version(Map<String, Object> template, Map<String, String> parameters, String stackName) {
      this(template, parameters, stackName, List.of());
    }
  }

  /**
   * A resource replaced because {@code property} changes; {@code refusal} says why that cannot be allowed
   * (empty when it may be replaced).
   */
  public record Replacement(String logicalId, String type, String property, String refusal) {
    public boolean refused() {
      return !refusal.isEmpty();
    }

    /** {@code ReplicationGroup (AWS::ElastiCache::ReplicationGroup): PreferredCacheClusterAZs changes; it has a custom name}. */
    public String describe() {
      return logicalId + " (" + type + "): " + property + " changes" + (refused() ? "; " + refusal : "");
    }
  }

  private Replacements() {}

  /**
   * The replacements an update from {@code before} to {@code after} causes. {@code changedImports}: export names
   * (of parent stacks) whose value this same update changes.
   */
  public static List<Replacement> between(Version before, Version after, CreateOnlyProperties createOnly,
      Set<String> changedImports) {
    Map<String, Replacement> replaced = new TreeMap<>();
    Eval old = new Eval(before, Set.of(), Set.of());
    boolean grew = true;
    while (grew) {
      grew = false;
      Eval now = new Eval(after, replaced.keySet(), changedImports);
      for (String id : now.presentResources()) {
        if (replaced.containsKey(id) || !old.presentResources().contains(id)) continue;
        String type = now.type(id);
        if (!type.equals(old.type(id))) continue;
        Map<String, Object> was = old.properties(id);
        Map<String, Object> is = now.properties(id);
        for (List<String> path : createOnly.of(type).orElse(List.of())) {
          if (!Objects.equals(at(was, path), at(is, path))) {
            replaced.put(id, new Replacement(id, type, String.join(".", path), refusal(after, now, id, type)));
            grew = true;
            break;
          }
        }
      }
    }
    return new ArrayList<>(replaced.values());
  }

  /** Export names whose value differs between the two versions (an export backed by a replaced resource included). */
  public static Set<String> changedExports(Version before, Version after, List<Replacement> replacements,
      Set<String> changedImports) {
    Set<String> ids = new HashSet<>();
    replacements.forEach(r -> ids.add(r.logicalId()));
    Eval old = new Eval(before, Set.of(), Set.of());
    Eval now = new Eval(after, ids, changedImports);
    Map<String, Object> was = old.exports();
    Map<String, Object> is = now.exports();
    Set<String> changed = new HashSet<>();
    for (String name : was.keySet()) if (!Objects.equals(was.get(name), is.get(name))) changed.add(name);
    return changed;
  }

  private static String refusal(Version after, Eval now, String id, String type) {
    if (STATEFUL.contains(type)) return "it holds state";
    String nameProperty = CustomNames.property(type).orElse(null);
    if (nameProperty != null && now.properties(id).containsKey(nameProperty)) {
      return "it has a custom name (" + nameProperty + "), which CloudFormation refuses to replace";
    }
    Object outputs = after.template().get("Outputs");
    if (outputs instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getValue() instanceof Map<?, ?> out && out.containsKey("Export") && references(out.get("Value"), id)) {
          return "it backs the exported output " + e.getKey();
        }
      }
    }
    return "";
  }

  /** True when {@code node} refers to resource {@code id} (Ref, GetAtt, or ${id} in a Sub). */
  static boolean references(Object node, String id) {
    if (node instanceof Map<?, ?> m) {
      if (m.size() == 1 && id.equals(m.get("Ref"))) return true;
      Object getAtt = m.get("Fn::GetAtt");
      if (m.size() == 1 && getAtt != null) {
        String target = getAtt instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(getAtt).split("\\.")[0];
        if (target.equals(id)) return true;
      }
      Object sub = m.get("Fn::Sub");
      if (m.size() == 1 && sub != null) {
        String text = sub instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(sub);
        Matcher v = SUB_VARIABLE.matcher(text);
        while (v.find()) if (v.group(1).equals(id) || v.group(1).startsWith(id + ".")) return true;
      }
      for (Object v : m.values()) if (references(v, id)) return true;
      return false;
    }
    if (node instanceof List<?> l) {
      for (Object v : l) if (references(v, id)) return true;
    }
    return false;
  }

  private static Object at(Map<String, Object> properties, List<String> path) {
    Object cur = properties;
    for (String key : path) {
      if (!(cur instanceof Map<?, ?> m)) return null;
      cur = m.get(key);
    }
    return cur;
  }

  /** One version evaluated with a given set of (already) replaced resources and changed imports. */
  private static final class Eval {
    private final Map<String, Object> template;
    private final Map<String, String> parameters = new HashMap<>();
    private final String stackName;
    private final Set<String> replaced;
    private final Set<String> changedImports;
    private final Map<String, Boolean> conditions = new HashMap<>();
    private final Map<String, Object> resources;
    private final List<String> getAzs;

    @SuppressWarnings("unchecked")
    Eval(Version v, Set<String> replaced, Set<String> changedImports) {
      this.template = v.template();
      this.getAzs = v.getAzs();
      this.stackName = v.stackName();
      this.replaced = replaced;
      this.changedImports = changedImports;
      Object params = template.get("Parameters");
      if (params instanceof Map<?, ?> m) {
        m.forEach((k, p) -> {
          Object def = p instanceof Map<?, ?> pm ? pm.get("Default") : null;
          if (def != null) parameters.put((String) k, String.valueOf(def));
        });
      }
      parameters.putAll(v.parameters());
      Object res = template.get("Resources");
      this.resources = res instanceof Map ? (Map<String, Object>) res : Map.of();
    }

    Set<String> presentResources() {
      Set<String> out = new HashSet<>();
      resources.forEach((id, r) -> {
        Object c = r instanceof Map<?, ?> m ? m.get("Condition") : null;
        if (c == null || condition(String.valueOf(c))) out.add(id);
      });
      return out;
    }

    String type(String id) {
      return String.valueOf(((Map<?, ?>) resources.get(id)).get("Type"));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> properties(String id) {
      Object p = ((Map<?, ?>) resources.get(id)).get("Properties");
      Object v = p == null ? Map.of() : value(p);
      return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    /** Export name -> value, for outputs present in this version. */
    Map<String, Object> exports() {
      Map<String, Object> out = new HashMap<>();
      Object outputs = template.get("Outputs");
      if (!(outputs instanceof Map<?, ?> m)) return out;
      m.forEach((key, o) -> {
        if (!(o instanceof Map<?, ?> output) || !output.containsKey("Export")) return;
        Object c = output.get("Condition");
        if (c != null && !condition(String.valueOf(c))) return;
        Object name = value(((Map<?, ?>) output.get("Export")).get("Name"));
        out.put(String.valueOf(name), value(output.get("Value")));
      });
      return out;
    }

    boolean condition(String name) {
      Boolean known = conditions.get(name);
      if (known != null) return known;
      Object body = ((Map<?, ?>) template.getOrDefault("Conditions", Map.of())).get(name);
      if (body == null) throw new IllegalArgumentException("unknown condition " + name);
      boolean result = test(body);
      conditions.put(name, result);
      return result;
    }

    private boolean test(Object node) {
      Map<?, ?> m = (Map<?, ?>) node;
      Map.Entry<?, ?> e = m.entrySet().iterator().next();
      List<?> args = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
      return switch (String.valueOf(e.getKey())) {
        case "Fn::Equals" -> Objects.equals(scalar(value(args.get(0))), scalar(value(args.get(1))));
        case "Fn::Not" -> !test(args.get(0));
        case "Fn::And" -> args.stream().allMatch(this::test);
        case "Fn::Or" -> args.stream().anyMatch(this::test);
        case "Condition" -> condition(String.valueOf(e.getValue()));
        default -> throw new IllegalArgumentException("unsupported condition function " + e.getKey());
      };
    }

    private static Object scalar(Object v) {
      return v instanceof Number || v instanceof Boolean ? String.valueOf(v) : v;
    }

    Object value(Object node) {
      if (node instanceof Map<?, ?> m) {
        if (m.size() == 1) {
          Map.Entry<?, ?> e = m.entrySet().iterator().next();
          String key = String.valueOf(e.getKey());
          Object arg = e.getValue();
          switch (key) {
            case "Ref":
              return ref(String.valueOf(arg));
            case "Fn::GetAtt": {
              String id = arg instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(arg).split("\\.", 2)[0];
              String attr = arg instanceof List<?> l ? String.valueOf(l.get(1)) : String.valueOf(arg).split("\\.", 2)[1];
              return "GetAtt(" + id + mark(id) + "." + attr + ")";
            }
            case "Fn::If": {
              List<?> l = (List<?>) arg;
              return condition(String.valueOf(l.get(0))) ? value(l.get(1)) : value(l.get(2));
            }
            case "Fn::Sub":
              return sub(arg);
            case "Fn::Join": {
              List<?> l = (List<?>) arg;
              Object parts = value(l.get(1));
              if (parts instanceof List<?> pl && pl.stream().allMatch(p -> p instanceof String)) {
                return String.join(String.valueOf(l.get(0)), pl.stream().map(String::valueOf).toList());
              }
              return Map.of(key, List.of(l.get(0), parts));
            }
            case "Fn::Split": {
              List<?> l = (List<?>) arg;
              Object s = value(l.get(1));
              if (s instanceof String str) return List.of(str.split(Pattern.quote(String.valueOf(l.get(0))), -1));
              return Map.of(key, List.of(l.get(0), s));
            }
            case "Fn::Select": {
              List<?> l = (List<?>) arg;
              Object index = scalar(value(l.get(0)));
              Object list = value(l.get(1));
              if (list instanceof List<?> items && index instanceof String i && i.matches("\\d+")
                  && Integer.parseInt(i) < items.size()) {
                return items.get(Integer.parseInt(i));
              }
              return Map.of(key, List.of(index, list));
            }
            case "Fn::GetAZs":
              if (!getAzs.isEmpty()) return new ArrayList<Object>(getAzs);
              return Map.of(key, value(arg));
            case "Fn::ImportValue": {
              Object name = value(arg);
              return "Import(" + name + (changedImports.contains(String.valueOf(name)) ? "'" : "") + ")";
            }
            default:
              if (key.startsWith("Fn::") || key.equals("Condition")) return Map.of(key, value(arg));
          }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
          Object r = value(v);
          if (r != NO_VALUE) out.put(String.valueOf(k), r);
        });
        return out;
      }
      if (node instanceof List<?> l) {
        List<Object> out = new ArrayList<>();
        for (Object v : l) {
          Object r = value(v);
          if (r != NO_VALUE) out.add(r);
        }
        return out;
      }
      return scalar(node);
    }

    private String mark(String id) {
      return replaced.contains(id) ? "'" : "";
    }

    private Object ref(String name) {
      if (name.equals("AWS::NoValue")) return NO_VALUE;
      if (name.equals("AWS::StackName")) return stackName;
      String p = parameters.get(name);
      if (p != null) return p;
      if (name.startsWith("AWS::")) return "{" + name + "}";
      return "Ref(" + name + mark(name) + ")";
    }

    private Object sub(Object arg) {
      String text;
      Map<String, Object> vars = new HashMap<>();
      if (arg instanceof List<?> l) {
        text = String.valueOf(l.get(0));
        if (l.size() > 1 && l.get(1) instanceof Map<?, ?> vm) vm.forEach((k, v) -> vars.put(String.valueOf(k), value(v)));
      } else {
        text = String.valueOf(arg);
      }
      Matcher m = SUB_VARIABLE.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        Object v;
        if (vars.containsKey(name)) {
          v = vars.get(name);
        } else if (name.contains(".") && !name.startsWith("AWS::")) {
          String[] idAttr = name.split("\\.", 2);
          v = "GetAtt(" + idAttr[0] + mark(idAttr[0]) + "." + idAttr[1] + ")";
        } else {
          v = ref(name);
        }
        m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(v)));
      }
      m.appendTail(out);
      return out.toString();
    }
  }
}
