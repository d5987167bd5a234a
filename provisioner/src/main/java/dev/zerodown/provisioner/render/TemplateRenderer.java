package dev.zerodown.provisioner.render;

import dev.zerodown.provisioner.environment.StackPart;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Renders the template body that gets linted, synthesised and deployed for a stack part.
 *
 * <p>Templates without a boot script are returned unchanged. For {@code web} and {@code bastion} the
 * launch template's UserData is marked {@code # zerodown:bootstrap}: its {@code Fn::Base64} of
 * {@code Fn::Sub} block scalar holds the {@code KEY=${StackValue}} lines of
 * {@code /etc/zerodown/bootstrap.env}. The renderer wraps those lines into a shell script that writes
 * that file, then writes the part's boot script ({@code userdata/web.sh}) without its comment lines and runs
 * it. EC2 takes at most 16 KB of user data: the comments stay in the repository, and what else the web
 * tier needs, its systemd unit and JVM flags, travels inside agent.jar. Inside
 * {@code Fn::Sub} every {@code ${} of the script is escaped as {@code ${!}, which CloudFormation turns
 * back into {@code ${}, so the instance runs the script byte for byte.
 */
public final class TemplateRenderer {
  /** The comment that marks the UserData property to wrap. */
  public static final String MARKER = "# zerodown:bootstrap";
  /** Where the wrapper writes the stack values on the instance. */
  public static final String BOOTSTRAP_ENV = "/etc/zerodown/bootstrap.env";
  static final String ENV_DELIMITER = "ZERODOWN_BOOTSTRAP_ENV";
  static final String SCRIPT_DELIMITER = "ZERODOWN_USERDATA_SCRIPT";

  private final Function<String, String> resources;

  private TemplateRenderer(Function<String, String> resources) {
    this.resources = resources;
  }

  /** Reads templates and scripts from the classpath ({@code cloudformation/…}, {@code userdata/…}), as packaged in provisioner.jar. */
  public static TemplateRenderer fromClasspath() {
    return new TemplateRenderer(TemplateRenderer::readClasspath);
  }

  /** Reads templates and scripts from a source checkout: {@code root/cloudformation/…}, {@code root/userdata/…}. */
  public static TemplateRenderer fromDirectory(Path root) {
    return new TemplateRenderer(resource -> {
      Path file = root.resolve(resource);
      try {
        return Files.readString(file, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new IllegalStateException("missing " + file + ": run from the repository root or use the packaged jar");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The template exactly as written in {@code cloudformation/}. */
  public String source(StackPart part) {
    return resources.apply(part.templateResource());
  }

  /** The boot script exactly as written in {@code userdata/}, or {@code null} when the part has none. */
  public String script(StackPart part) {
    return part.userDataResource().map(resources).orElse(null);
  }

  /** The final template body for {@code part}: what cfn-lint checks and CloudFormation receives. */
  public String render(StackPart part) {
    String template = source(part);
    String script = script(part);
    if (script == null) return template;
    return wrap(part, template, script);
  }

  /** The UserData script of a rendered part as the instance receives it (Fn::Sub escapes undone, stack values left as ${…}). */
  public static String unescapeSub(String subBody) {
    return subBody.replace("${!", "${");
  }

  private static String wrap(StackPart part, String template, String script) {
    String name = part.userDataResource().orElseThrow();
    String fileName = name.substring(name.lastIndexOf('/') + 1);
    checkEmbedded(name, script);
    List<String> lines = new ArrayList<>(List.of(template.split("\n", -1)));
    int marker = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(MARKER)) {
        if (marker >= 0) throw new IllegalStateException(part.templateResource() + ": more than one '" + MARKER + "'");
        marker = i;
      }
    }
    if (marker < 0) throw new IllegalStateException(part.templateResource() + ": no '" + MARKER + "' on the UserData property");
    int blockStart = -1;
    for (int i = marker + 1; i < Math.min(lines.size(), marker + 4); i++) {
      String t = lines.get(i).strip();
      if (t.endsWith("|") && (t.contains("!Sub") || t.equals("- |"))) {
        blockStart = i;
        break;
      }
    }
    if (blockStart < 0) {
      throw new IllegalStateException(part.templateResource() + ": the UserData after '" + MARKER
          + "' must be Fn::Base64 of !Sub with a literal block (| ) of KEY=value lines");
    }
    String indent = leadingSpaces(lines.get(blockStart + 1));
    int blockEnd = blockStart + 1;
    while (blockEnd < lines.size()) {
      String l = lines.get(blockEnd);
      if (!l.isBlank() && leadingSpaces(l).length() < indent.length()) break;
      blockEnd++;
    }
    while (blockEnd > blockStart + 1 && lines.get(blockEnd - 1).isBlank()) blockEnd--;

    List<String> head = List.of(
        "#!/bin/bash",
        "# Generated by zerodown's TemplateRenderer: stack values -> " + BOOTSTRAP_ENV + ", then " + name + " unchanged.",
        "set -euo pipefail",
        "umask 077",
        "install -d -m 0755 /etc/zerodown /opt/zerodown",
        "cat > " + BOOTSTRAP_ENV + " <<'" + ENV_DELIMITER + "'");
    List<String> tail = new ArrayList<>();
    tail.add(ENV_DELIMITER);
    tail.add("cat > /opt/zerodown/" + fileName + " <<'" + SCRIPT_DELIMITER + "'");
    tail.addAll(embed(stripComments(script)));
    tail.add(SCRIPT_DELIMITER);
    tail.add("chmod 0700 /opt/zerodown/" + fileName);
    tail.add("exec /opt/zerodown/" + fileName);

    List<String> out = new ArrayList<>(lines.subList(0, blockStart + 1));
    head.forEach(l -> out.add(indent + l));
    out.addAll(lines.subList(blockStart + 1, blockEnd));
    tail.forEach(l -> out.add(l.isEmpty() ? "" : indent + l));
    out.addAll(lines.subList(blockEnd, lines.size()));
    return String.join("\n", out);
  }

  private static final java.util.regex.Pattern HEREDOC =
      java.util.regex.Pattern.compile("(?<!<)<<-?\\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\1");

  /**
   * {@code script} without its comment lines and blank lines, the first line ({@code #!}) kept. Here-document
   * bodies are kept as they are (a {@code #} line there is data). Comments after code on the same line stay:
   * telling them from a {@code #} inside a string would take a shell parser.
   */
  public static String stripComments(String script) {
    List<String> out = new ArrayList<>();
    String[] lines = script.split("\n", -1);
    String heredoc = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (heredoc != null) {
        out.add(line);
        if (line.equals(heredoc)) heredoc = null;
        continue;
      }
      String t = line.strip();
      if (i > 0 && (t.isEmpty() || t.startsWith("#"))) continue;
      out.add(line);
      java.util.regex.Matcher m = HEREDOC.matcher(line);
      if (m.find()) heredoc = m.group(2);
    }
    String joined = String.join("\n", out);
    return script.endsWith("\n") && !joined.endsWith("\n") ? joined + "\n" : joined;
  }

  /** The lines of a file as they go into the Fn::Sub block: "${" escaped, no final empty line. */
  private static List<String> embed(String content) {
    String body = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    return List.of(body.replace("${", "${!").split("\n", -1));
  }

  private static void checkEmbedded(String name, String script) {
    if (script.contains("$$")) {
      throw new IllegalStateException(name + " must not contain '$$' (CloudFormation's Fn::Sub list form would collapse it)");
    }
    if (script.contains("${!")) {
      throw new IllegalStateException(name + " must not use bash indirect expansion (dollar-brace-bang): moto's Fn::Sub mangles it");
    }
    if (java.util.regex.Pattern.compile("\\$\\{[^}\n]*\"").matcher(script).find()) {
      throw new IllegalStateException(name + " must not put a double quote inside a dollar-brace expansion: moto's Fn::Sub mangles it");
    }
    if (script.contains("\t")) throw new IllegalStateException(name + " must indent with spaces: it is embedded in a YAML block");
    for (String l : script.split("\n")) {
      if (l.strip().equals(SCRIPT_DELIMITER) || l.strip().equals(ENV_DELIMITER)) {
        throw new IllegalStateException(name + " must not contain the line " + l.strip());
      }
    }
  }

  private static String leadingSpaces(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') i++;
    return line.substring(0, i);
  }

  private static String readClasspath(String resource) {
    try (InputStream in = TemplateRenderer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("resource " + resource + " is not in this jar: rebuild the provisioner");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
