package dev.zerodown.provisioner.deploy;

import dev.zerodown.provisioner.environment.Cidr;
import dev.zerodown.provisioner.error.UserException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Finds the caller's public IPv4 address with AWS's checkip service, as a /32. */
public final class MyIp {
  private MyIp() {}

  public static Cidr detect(URI service) {
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
          HttpRequest.newBuilder(service).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode());
      String ip = r.body().strip();
      if (ip.contains("/")) throw new IOException("unexpected answer: " + ip);
      return Cidr.parse("the address from " + service.getHost(), ip + "/32");
    } catch (UserException e) {
      throw UserException.usage("could not detect your IP (" + e.getMessage() + "): pass --my-ip CIDR");
    } catch (IOException e) {
      throw UserException.usage("could not detect your IP with " + service + " (" + e.getMessage()
          + "): pass --my-ip CIDR, e.g. --my-ip 203.0.113.7/32");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UserException.usage("interrupted while detecting your IP: pass --my-ip CIDR");
    }
  }
}
