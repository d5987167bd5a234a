package dev.zerodown.provisioner.artifacts;

import dev.zerodown.provisioner.error.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** The agent jar to deploy: its bytes and lowercase hex SHA-256, from --agent-jar or the copy inside provisioner.jar. */
public record AgentJar(byte[] bytes, String sha256, String source) {
  static final String BUNDLED = "agent/agent.jar";

  /** The jar at {@code path}, or the bundled one when {@code path} is empty. */
  public static AgentJar load(Optional<Path> path) {
    if (path.isPresent()) {
      Path p = path.get();
      if (!Files.isRegularFile(p)) throw UserException.usage("--agent-jar is not a file: " + p);
      try {
        return of(Files.readAllBytes(p), p.toString());
      } catch (IOException e) {
        throw UserException.usage("--agent-jar cannot be read: " + p + " (" + e.getMessage() + ")");
      }
    }
    try (InputStream in = AgentJar.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw UserException.usage("this provisioner carries no agent jar: build it with ./mvnw package, or pass --agent-jar PATH");
      }
      return of(in.readAllBytes(), "bundled");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AgentJar of(byte[] bytes, String source) {
    return new AgentJar(bytes, sha256(bytes), source);
  }

  /** The content-addressed key in the artifacts bucket: agent/&lt;sha256&gt;/agent.jar. */
  public String key() {
    return "agent/" + sha256 + "/agent.jar";
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
