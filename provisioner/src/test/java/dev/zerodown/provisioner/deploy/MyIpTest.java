package dev.zerodown.provisioner.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
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
  void an_error_answer_asks_for_my_ip() throws Exception {
    URI uri = serve(503, "busy");
    assertThatThrownBy(() -> MyIp.detect(uri)).isInstanceOf(UserException.class)
        .hasMessageContaining("HTTP 503").hasMessageContaining("pass --my-ip CIDR");
  }

  @Test
  void a_garbled_answer_asks_for_my_ip() throws Exception {
    URI uri = serve(200, "<html>captive portal</html>");
    assertThatThrownBy(() -> MyIp.detect(uri)).isInstanceOf(UserException.class).hasMessageContaining("pass --my-ip CIDR");
  }
}
