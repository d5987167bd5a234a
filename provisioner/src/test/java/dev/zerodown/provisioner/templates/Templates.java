package dev.zerodown.provisioner.templates;

import dev.zerodown.provisioner.environment.StackPart;
import dev.zerodown.provisioner.render.CfnYaml;
import dev.zerodown.provisioner.render.TemplateRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test access to the templates: the repository's files, their rendered forms, parsed YAML, external tools. */
final class Templates {
  /** Surefire runs in provisioner/; the templates live one level up. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final TemplateRenderer RENDERER = TemplateRenderer.fromClasspath();

  private Templates() {}

  static Map<String, Object> rendered(StackPart part) {
    return CfnYaml.parse(RENDERER.render(part));
  }

  /** The boot script as the instance runs it: cut out of the part's rendered UserData, Fn::Sub escapes undone. */
  static String embeddedScript(StackPart part) {
    Map<String, Object> ud = map(props(rendered(part), "LaunchTemplate"), "LaunchTemplateData", "UserData", "Fn::Base64");
    Object sub = ud.get("Fn::Sub");
    String body = TemplateRenderer.unescapeSub(sub instanceof List<?> l ? (String) l.get(0) : (String) sub);
    String name = part.userDataResource().orElseThrow().substring("userdata/".length());
    String start = "cat > /opt/zerodown/" + name + " <<'ZERODOWN_USERDATA_SCRIPT'\n";
    int a = body.indexOf(start);
    int b = body.indexOf("\nZERODOWN_USERDATA_SCRIPT\n", a);
    if (a < 0 || b < 0) throw new AssertionError("no embedded " + name + " in the rendered user data");
    return body.substring(a + start.length(), b + 1);
  }

  static Map<String, Object> source(StackPart part) {
    return CfnYaml.parse(read(ROOT.resolve(part.templateResource())));
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, String... path) {
    Object cur = o;
    for (String key : path) {
      if (!(cur instanceof Map)) throw new AssertionError("no mapping at " + key + " in " + String.join(".", path));
      cur = ((Map<String, Object>) cur).get(key);
      if (cur == null) throw new AssertionError("missing " + String.join(".", path));
    }
    return (Map<String, Object>) cur;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static Map<String, Object> resources(Map<String, Object> t) {
    return map(t, "Resources");
  }

  /** The Properties of resource {@code name}. */
  static Map<String, Object> props(Map<String, Object> t, String name) {
    return map(t, "Resources", name, "Properties");
  }

  /** Resources of {@code type}, by logical id. */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> ofType(Map<String, Object> t, String type) {
    Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
    resources(t).forEach((id, r) -> {
      Map<String, Object> res = (Map<String, Object>) r;
      if (type.equals(res.get("Type"))) out.put(id, res);
    });
    return out;
  }

  static Map<String, Object> ref(String name) {
    return Map.of("Ref", name);
  }

  /** Result of an external command. */
  record Run(int exitCode, String output) {}

  /** Runs {@code command} in {@code dir}, output and error merged, bounded by {@code timeoutSeconds}. */
  static Run run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      p.getOutputStream().close();
      java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return p.getInputStream().readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish within " + timeoutSeconds + " s");
      }
      return new Run(p.exitValue(), new String(out.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command + " (is it installed? .ci/run installs it)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("could not read the output of " + command, e);
    }
  }
}
