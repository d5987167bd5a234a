package dev.zerodown.provisioner.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Sends one GET to the hello page and turns whatever happens into a {@link Probe}; never throws for I/O. */
public final class Prober {
  private static final int MAX_BODY_CHARS = 4096;

  private final HttpClient client;
  private final URI url;
  private final Duration requestTimeout;

  public Prober(URI url, Duration requestTimeout) {
    this.url = helloUrl(url);
    this.requestTimeout = positive(requestTimeout, "request timeout");
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(requestTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** The URL probed: the given one when it names a path, else its {@code /cgi-bin/hello.py}. */
  public URI url() {
    return url;
  }

  /** Probes once; {@code startedAt} is the caller's clock reading, recorded as is. */
  public Probe probe(Duration startedAt) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url).GET().timeout(requestTimeout)
        .header("User-Agent", "zerodown-probe").header("Cache-Control", "no-cache").build();
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request,
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      Duration latency = Duration.ofNanos(System.nanoTime() - t0);
      int status = response.statusCode();
      if (status != 200) return Probe.failed(startedAt, latency, status, "HTTP " + status);
      Optional<HelloPage.Reading> reading = HelloPage.read(truncate(response.body()));
      if (reading.isEmpty()) return Probe.failed(startedAt, latency, status, "not a hello page");
      return Probe.answered(startedAt, latency, status, reading.get().instanceId(), reading.get().counter());
    } catch (HttpConnectTimeoutException e) {
      return Probe.failed(startedAt, since(t0), 0, "connect timed out after " + seconds(requestTimeout));
    } catch (HttpTimeoutException e) {
      return Probe.failed(startedAt, since(t0), 0, "timed out after " + seconds(requestTimeout));
    } catch (ConnectException e) {
      return Probe.failed(startedAt, since(t0), 0, "connection refused");
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Probe.failed(startedAt, since(t0), 0, "I/O error: " + message);
    }
  }

  static URI helloUrl(URI url) {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
      throw new IllegalArgumentException("URL must be http://HOST[:PORT][/PATH]: " + url);
    }
    String path = url.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) return url.resolve("/cgi-bin/hello.py");
    return url;
  }

  private static String truncate(String body) {
    return body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body;
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static Duration positive(Duration d, String name) {
    if (d == null || d.isZero() || d.isNegative()) throw new IllegalArgumentException(name + " must be > 0: " + d);
    return d;
  }
}
