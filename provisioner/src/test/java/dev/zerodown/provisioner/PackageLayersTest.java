package dev.zerodown.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads the sources of agent/src/main and provisioner/src/main and checks how their packages depend on each
 * other: every reference to another package of the module (an import or a fully qualified name) must point to a
 * lower layer of the table below, the module's root package (its entry point) is used by no other package, and
 * the packages form no cycle. A package missing from a table is held to the last two rules only.
 */
class PackageLayersTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  /** Lowest first; a package may use packages of lower layers only (not its siblings in the same layer). */
  private static final List<List<String>> PROVISIONER_LAYERS = List.of(
      List.of("error", "host", "text"),
      List.of("aws", "artifacts"),
      List.of("cfn"),
      List.of("environment", "probe"),
      List.of("render", "console", "fleet"),
      List.of("cli"),
      List.of("deploy", "destroy", "status", "synth", "rollout", "verify", "drill", "rollback", "logs", "scale"));

  private static final List<List<String>> AGENT_LAYERS = List.of(
      List.of("config", "log", "counter", "instance", "lifecycle"),
      List.of("metrics"),
      List.of("web"));

  @Test
  void provisioner_packages_use_only_lower_layers() {
    assertThat(upwardUses("provisioner", "dev.zerodown.provisioner", PROVISIONER_LAYERS)).isEmpty();
  }

  @Test
  void agent_packages_use_only_lower_layers() {
    assertThat(upwardUses("agent", "dev.zerodown.agent", AGENT_LAYERS)).isEmpty();
  }

  @Test
  void provisioner_packages_form_no_cycle() {
    assertThat(cycles(graph("provisioner", "dev.zerodown.provisioner"))).isEmpty();
  }

  @Test
  void agent_packages_form_no_cycle() {
    assertThat(cycles(graph("agent", "dev.zerodown.agent"))).isEmpty();
  }

  @Test
  void no_verb_or_layer_uses_the_provisioner_root_package() {
    assertThat(usersOfRoot(graph("provisioner", "dev.zerodown.provisioner"))).isEmpty();
  }

  @Test
  void no_package_uses_the_agent_root_package() {
    assertThat(usersOfRoot(graph("agent", "dev.zerodown.agent"))).isEmpty();
  }

  @Test
  void the_scanner_sees_imports_and_qualified_names_but_not_its_own_package() {
    String source = "package a.b.cli;\nimport a.b.aws.Gateway;\nimport static a.b.error.ExitCode.OK;\n"
        + "class X { a.b.render.StackPart p; a.b.cli.Y y; String s = \"a.b.deploy.Nope\"; }\n";
    assertThat(uses(source, "a.b")).containsExactlyInAnyOrder("aws", "error", "render");
  }

  @Test
  void a_cycle_is_found_and_named() {
    Map<String, Set<String>> g = new TreeMap<>(Map.of(
        "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
    assertThat(cycles(g)).containsExactly("a -> b -> c -> a");
  }

  // ---------------------------------------------------------------------------------------------------------

  /** Lines "x -> y (File.java)" for each use of a package that is not in a lower layer. */
  private static List<String> upwardUses(String module, String base, List<List<String>> layers) {
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) for (String p : layers.get(i)) rank.put(p, i);
    List<String> problems = new ArrayList<>();
    sources(module, base).forEach((file, pkg) -> {
      if (!rank.containsKey(pkg)) return;
      for (String used : uses(read(file), base)) {
        Integer to = rank.get(used);
        if (to != null && to >= rank.get(pkg)) {
          problems.add(pkg + " -> " + used + " (" + file.getFileName() + ")"
              + (to.equals(rank.get(pkg)) ? ": same layer" : ": upward"));
        }
      }
    });
    return problems;
  }

  /** Package (relative to {@code base}, "" for the root) -> the packages its sources use. */
  private static Map<String, Set<String>> graph(String module, String base) {
    Map<String, Set<String>> g = new TreeMap<>();
    sources(module, base).forEach((file, pkg) ->
        g.computeIfAbsent(pkg, k -> new TreeSet<>()).addAll(uses(read(file), base)));
    assertThat(g).as("sources of " + module).hasSizeGreaterThan(3);
    return g;
  }

  private static List<String> usersOfRoot(Map<String, Set<String>> graph) {
    List<String> users = new ArrayList<>();
    graph.forEach((pkg, used) -> {
      if (!pkg.isEmpty() && used.contains("")) users.add(pkg);
    });
    return users;
  }

  /** Each elementary cycle found by a depth-first search, as "a -> b -> a" (one per back edge). */
  static List<String> cycles(Map<String, Set<String>> graph) {
    List<String> found = new ArrayList<>();
    Map<String, Integer> state = new HashMap<>();
    for (String start : graph.keySet()) dfs(start, graph, state, new ArrayDeque<>(), found);
    return found;
  }

  private static void dfs(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
      Deque<String> path, List<String> found) {
    Integer s = state.get(node);
    if (s != null && s == 2) return;
    if (s != null && s == 1) {
      List<String> loop = new ArrayList<>(path);
      java.util.Collections.reverse(loop);
      loop = new ArrayList<>(loop.subList(loop.indexOf(node), loop.size()));
      loop.add(node);
      found.add(String.join(" -> ", loop.stream().map(p -> p.isEmpty() ? "(root)" : p).toList()));
      return;
    }
    state.put(node, 1);
    path.push(node);
    for (String next : graph.getOrDefault(node, Set.of())) dfs(next, graph, state, path, found);
    path.pop();
    state.put(node, 2);
  }

  /**
   * The packages below {@code base} a source file uses: its imports and any fully qualified name in the code
   * (string literals and comments left out), except its own package. "" is the root package.
   */
  static Set<String> uses(String source, String base) {
    String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "")
        // string literals unrolled: no recursion per character, so a long literal cannot
        // overflow the stack while the regex engine is still interpreted (it did under load)
        .replaceAll("\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"", "\"\"");
    Matcher own = Pattern.compile("(?m)^package ([\\w.]+);").matcher(code);
    String self = own.find() ? relative(own.group(1), base) : "";
    Set<String> used = new TreeSet<>();
    Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(base) + "\\.((?:[a-z_][\\w]*\\.)*)[A-Z]").matcher(code);
    while (m.find()) {
      if (code.lastIndexOf("package ", m.start()) == m.start() - 8) continue;
      String pkg = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
      if (!pkg.equals(self)) used.add(pkg);
    }
    return used;
  }

  private static String relative(String pkg, String base) {
    return pkg.equals(base) ? "" : pkg.substring(base.length() + 1);
  }

  /** Every main source file of the module and its package relative to {@code base}. */
  private static Map<Path, String> sources(String module, String base) {
    Path root = REPO.resolve(module).resolve("src/main/java").resolve(base.replace('.', '/'));
    Map<Path, String> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> {
        Path dir = root.relativize(p.getParent());
        files.put(p, dir.toString().replace('/', '.'));
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
