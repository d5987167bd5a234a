package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.environment.Cidr;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * Finds the caller's public IPv4 address with AWS's checkip service, as a /32. It is a network call, so a failure is
 * exit 3 (unavailable) with its cause ("could not resolve host checkip.amazonaws.com", "connection refused"), and the
 * way round it: --my-ip.
 */
public final class MyIp {
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private MyIp() {}

  public static Cidr detect(URI service) {
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(
          HttpRequest.newBuilder(service).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw failed(service, "it answered HTTP " + r.statusCode());
      String ip = r.body().strip();
      try {
        if (ip.contains("/")) throw UserException.usage(ip);
        return Cidr.parse("the address from " + service.getHost(), ip + "/32");
      } catch (UserException notAnAddress) {
        String shown = ip.length() > 40 ? ip.substring(0, 40) + "..." : ip;
        throw failed(service, "its answer is not an IPv4 address: " + shown.replaceAll("\\s+", " "));
      }
    } catch (IOException e) {
      throw failed(service, reason(e, service));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed(service, "interrupted");
    }
  }

  private static UserException failed(URI service, String why) {
    return new UserException(ExitCode.AWS_UNAVAILABLE, "could not detect your IP with " + service + ": " + why
        + "; check the network, or pass --my-ip CIDR, e.g. --my-ip 203.0.113.7/32");
  }

  /** The cause of a failed request as a person reads it, from the innermost exception that says something. */
  static String reason(Throwable e, URI service) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
        return "could not resolve host " + service.getHost();
      }
      if (c instanceof HttpConnectTimeoutException) return "no connection within " + TIMEOUT.toSeconds() + "s";
      if (c instanceof HttpTimeoutException) return "no answer within " + TIMEOUT.toSeconds() + "s";
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isBlank()) {
        String text = m.strip();
        if (c instanceof ConnectException && text.equalsIgnoreCase("Connection refused")) {
          return "connection refused by " + hostPort(service);
        }
        return text.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + text.substring(1);
      }
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      // java.net.http reports a refused connection as a ConnectException without any message
      if (c instanceof ConnectException) return "could not connect to " + hostPort(service);
    }
    return e.getClass().getSimpleName();
  }

  private static String hostPort(URI service) {
    int port = service.getPort() >= 0 ? service.getPort() : "https".equals(service.getScheme()) ? 443 : 80;
    return service.getHost() + ":" + port;
  }
}
