package dev.zerodown.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The moto AWS emulator for tests: the local {@code moto_server} on a free loopback port, or the
 * {@code motoserver/moto} container where only Docker is available. Register with {@code @RegisterExtension}.
 */
public final class MotoServer extends ClassScopedServer {
  private URI endpoint;

  @Override
  public synchronized MotoServer start() {
    if (endpoint != null) return this;
    if (Binaries.onPath("moto_server").isPresent()) {
      int port = FreePort.pick();
      Path log = Scratch.newDirectory("moto-").resolve("moto.log");
      process = ManagedProcess.start("moto_server",
          List.of("moto_server", "-H", "127.0.0.1", "-p", String.valueOf(port)), log)
          .awaitPort(port, Duration.ofSeconds(30));
      endpoint = URI.create("http://127.0.0.1:" + port);
    } else if (Binaries.dockerAvailable()) {
      container = new GenericContainer<>(DockerImageName.parse("motoserver/moto:5.1.4")).withExposedPorts(5000);
      container.start();
      endpoint = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(5000));
    } else {
      throw new IllegalStateException("Tests need the moto AWS emulator: install it "
          + "(pip install 'moto[server]') or start a Docker engine for Testcontainers");
    }
    return this;
  }

  /** Base URL for the SDK's endpoint override, e.g. http://127.0.0.1:41234. */
  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every resource in every region (POST /moto-api/reset). */
  public void reset() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
              .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IllegalStateException("moto reset answered " + r.statusCode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The server's log tail (binary mode), for failure messages. */
  public String logTail() {
    return process != null ? process.tail() : "(container)";
  }

  @Override
  public synchronized void close() {
    super.close();
    endpoint = null;
  }
}
