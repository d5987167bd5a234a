package dev.zerodown.provisioner.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** checkip.amazonaws.com's answer (one address and a newline), served by a stand-in on loopback. */
class MyIpTest {
  private HttpServer server;

  private URI serve(int status, String body) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", x -> {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(status, b.length);
      x.getResponseBody().write(b);
      x.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  @Test
  void detected_address_becomes_a_slash_32() throws Exception {
    assertThat(MyIp.detect(serve(200, "198.51.100.23\n")).text()).isEqualTo("198.51.100.23/32");
  }

  @Test
  void an_error_answer_is_exit_3_and_asks_for_my_ip() throws Exception {
    URI uri = serve(503, "busy");
    assertThatThrownBy(() -> MyIp.detect(uri)).isInstanceOf(UserException.class)
        .hasMessage("could not detect your IP with " + uri + ": it answered HTTP 503; check the network, or pass "
            + "--my-ip CIDR, e.g. --my-ip 203.0.113.7/32")
        .extracting(e -> ((UserException) e).exitCode()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
  }

  @Test
  void a_garbled_answer_says_what_came_back() throws Exception {
    URI uri = serve(200, "<html>captive portal</html>");
    assertThatThrownBy(() -> MyIp.detect(uri)).isInstanceOf(UserException.class)
        .hasMessage("could not detect your IP with " + uri + ": its answer is not an IPv4 address: <html>captive "
            + "portal</html>; check the network, or pass --my-ip CIDR, e.g. --my-ip 203.0.113.7/32");
  }

  @Test
  void a_refused_connection_names_the_address() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port + "/");
    assertThatThrownBy(() -> MyIp.detect(uri)).isInstanceOf(UserException.class)
        .hasMessage("could not detect your IP with " + uri + ": could not connect to 127.0.0.1:" + port
            + "; check the network, or pass --my-ip CIDR, e.g. --my-ip 203.0.113.7/32");
  }

  @Test
  void a_name_that_does_not_resolve_says_so_not_null() {
    // what java.net.http throws for a host name DNS does not know: a ConnectException without a message, caused by
    // an UnresolvedAddressException (also without one): the "(null)" this used to print
    java.net.ConnectException thrown = new java.net.ConnectException();
    thrown.initCause(new java.nio.channels.UnresolvedAddressException());
    assertThat(MyIp.reason(thrown, URI.create("https://checkip.amazonaws.com/")))
        .isEqualTo("could not resolve host checkip.amazonaws.com");
  }

  @Test
  void a_timeout_says_how_long_it_waited() {
    assertThat(MyIp.reason(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"),
        URI.create("https://checkip.amazonaws.com/"))).isEqualTo("no connection within 5s");
  }
}
