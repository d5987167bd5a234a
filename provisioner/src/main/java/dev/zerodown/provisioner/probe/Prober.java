package dev.zerodown.provisioner.probe;

import dev.zerodown.provisioner.error.UserException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Sends one GET to the hello page on a fresh connection and turns whatever happens into a {@link Probe};
 * never throws for I/O and never retries.
 */
public final class Prober {
  private final URI url;
  private final Duration requestTimeout;

  public Prober(URI url, Duration requestTimeout) {
    this.url = helloUrl(url);
    this.requestTimeout = positive(requestTimeout, "request timeout");
  }

  /** The URL probed: the given one when it names a path, else its {@code /cgi-bin/hello.py}. */
  public URI url() {
    return url;
  }

  /** Probes once; {@code startedAt} is the caller's clock reading, recorded as is. */
  public Probe probe(Duration startedAt) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    long t0 = System.nanoTime();
    try {
      HttpGet.Answer answer = HttpGet.get(url, requestTimeout);
      Duration latency = since(t0);
      int status = answer.status();
      if (status != 200) return Probe.failed(startedAt, latency, status, "HTTP " + status);
      Optional<HelloPage.Reading> reading = HelloPage.read(answer.body());
      if (reading.isEmpty()) return Probe.failed(startedAt, latency, status, "not a hello page");
      return Probe.answered(startedAt, latency, status, reading.get().instanceId(), reading.get().counter());
    } catch (SocketTimeoutException e) {
      return Probe.failed(startedAt, since(t0), 0, "timed out after " + seconds(requestTimeout));
    } catch (ConnectException e) {
      return Probe.failed(startedAt, since(t0), 0, "connection refused");
    } catch (UnknownHostException e) {
      return Probe.failed(startedAt, since(t0), 0, "unknown host " + url.getHost());
    } catch (SSLException e) {
      return Probe.failed(startedAt, since(t0), 0, "TLS error: " + e.getMessage());
    } catch (IOException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return Probe.failed(startedAt, since(t0), 0, message.toLowerCase(java.util.Locale.ROOT).startsWith("connection")
          ? message.toLowerCase(java.util.Locale.ROOT) : "I/O error: " + message);
    }
  }

  /** A user-given URL, checked: an absolute http(s) URL, else a usage error saying what is expected. */
  public static URI target(String raw) {
    try {
      URI uri = new URI(raw == null ? "" : raw.trim());
      if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) return uri;
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw UserException.usage("--url must be an http(s) URL such as http://127.0.0.1:8080/: " + raw);
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
