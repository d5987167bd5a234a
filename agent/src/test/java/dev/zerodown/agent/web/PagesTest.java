package dev.zerodown.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.agent.TestAgent;
import dev.zerodown.testsupport.RedisServer;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The two pages against a real Redis, compared byte for byte with what the tutorial's CGI scripts print. */
class PagesTest {
  @RegisterExtension
  static final RedisServer REDIS = new RedisServer();

  /** What ping.py prints (../shared/bench/seed-server.sh): three print() lines, LF, final newline. */
  static final String CGI_PING = "<html><body>\n<p>ok</p>\n</body></html>\n";

  /** What hello.py prints for a given counter, env dev and instance i-0123456789abcdef0. */
  static String cgiHello(long counter) {
    return "<html><body>\n"
        + "<p>Hello World!<br />counter: " + counter + "<br />env: dev</p>\n"
        + "Id: i-0123456789abcdef0\n"
        + "</body></html>\n";
  }

  static TestAgent agent;

  @BeforeAll
  static void start() {
    agent = TestAgent.start(Map.of("REDIS_HOST", REDIS.host(), "REDIS_PORT", String.valueOf(REDIS.port()),
        "INSTANCE_ID", "i-0123456789abcdef0", "ENV_NAME", "dev"));
  }

  @AfterAll
  static void stop() {
    agent.close();
  }

  @BeforeEach
  void resetCounter() {
    REDIS.command("DEL", "count");
  }

  @Test
  void ping_body_is_byte_identical_to_the_cgi_script() {
    HttpResponse<byte[]> r = agent.getBytes("/cgi-bin/ping.py");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(CGI_PING.getBytes(StandardCharsets.US_ASCII)).hasSize(38);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
  }

  @Test
  void ping_never_touches_redis() {
    agent.get("/cgi-bin/ping.py");
    agent.get("/cgi-bin/ping.py");
    assertThat(REDIS.command("EXISTS", "count")).isEqualTo("0");
  }

  @Test
  void hello_body_is_byte_identical_to_the_cgi_script() {
    REDIS.command("SET", "count", "41");
    HttpResponse<byte[]> r = agent.getBytes("/cgi-bin/hello.py");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(cgiHello(42));
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
  }

  @Test
  void hello_increments_counter_once_per_request() {
    for (int i = 1; i <= 3; i++) {
      assertThat(agent.get("/cgi-bin/hello.py").body()).isEqualTo(cgiHello(i));
      assertThat(REDIS.command("GET", "count")).isEqualTo(String.valueOf(i));
    }
  }

  @Test
  void head_on_hello_does_not_increment() {
    REDIS.command("SET", "count", "7");
    HttpResponse<String> r = agent.request("HEAD", "/cgi-bin/hello.py", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(REDIS.command("GET", "count")).isEqualTo("7");
  }

  @Test
  void accept_json_gets_the_json_variant() {
    REDIS.command("SET", "count", "99");
    HttpResponse<String> r = agent.request("GET", "/cgi-bin/hello.py", "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.body()).isEqualTo("{\"counter\":100,\"env\":\"dev\",\"instanceId\":\"i-0123456789abcdef0\"}");
  }

  @Test
  void hello_says_it_varies_with_accept() {
    assertThat(agent.get("/cgi-bin/hello.py").headers().firstValue("vary")).hasValue("Accept");
    assertThat(agent.request("GET", "/cgi-bin/hello.py", "application/json").headers().firstValue("vary"))
        .hasValue("Accept");
  }

  @Test
  void json_excluded_with_q_0_gets_the_html_page() {
    REDIS.command("SET", "count", "4");
    HttpResponse<String> r = agent.request("GET", "/cgi-bin/hello.py", "application/json;q=0");
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(r.body()).isEqualTo(cgiHello(5));
  }

  @Test
  void html_preferred_over_json_gets_the_html_page() {
    HttpResponse<String> r = agent.request("GET", "/cgi-bin/hello.py", "text/html, application/json;q=0.9");
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
  }

  @Test
  void upper_case_json_gets_the_json_variant() {
    HttpResponse<String> r = agent.request("GET", "/cgi-bin/hello.py", "APPLICATION/JSON");
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
  }

  @Test
  void an_unacceptable_accept_gets_the_html_page_not_406() {
    HttpResponse<String> r = agent.request("GET", "/cgi-bin/hello.py", "image/png");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
  }

  @Test
  void head_on_hello_sends_gets_content_type_and_no_content_length() throws Exception {
    REDIS.command("SET", "count", "7");
    String json = rawHead("application/json");
    assertThat(json).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\ncontent-type: application/json")
        .containsIgnoringCase("\r\nvary: Accept\r\n").doesNotContainIgnoringCase("content-length");
    String html = rawHead("text/html");
    assertThat(html).startsWith("HTTP/1.1 200").containsIgnoringCase("\r\ncontent-type: text/html")
        .doesNotContainIgnoringCase("content-length");
    assertThat(REDIS.command("GET", "count")).isEqualTo("7");
  }

  /** The response head of HEAD hello.py as sent on the wire. */
  private static String rawHead(String accept) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), agent.agent().port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(("HEAD /cgi-bin/hello.py HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void unknown_path_answers_404_with_a_short_body() {
    HttpResponse<String> r = agent.get("/cgi-bin/other.py");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("Not Found\n");
  }

  @Test
  void other_methods_on_the_pages_answer_405_without_incrementing() {
    for (String method : new String[] {"POST", "PUT", "DELETE"}) {
      HttpResponse<String> r = agent.request(method, "/cgi-bin/hello.py", null);
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.body()).isEqualTo("Method Not Allowed\n");
    }
    assertThat(agent.request("POST", "/cgi-bin/ping.py", null).statusCode()).isEqualTo(405);
    assertThat(REDIS.command("EXISTS", "count")).isEqualTo("0");
  }

  @Test
  void malformed_requests_get_a_one_line_text_answer_without_server_details() throws Exception {
    HttpResponse<String> tooLong = agent.get("/cgi-bin/hello.py?" + "a".repeat(20_000));
    assertThat(tooLong.statusCode()).isEqualTo(414);
    assertThat(tooLong.body()).isEqualTo("414 URI Too Long\n");

    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), agent.uri("/").getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(raw).startsWith("HTTP/1.1 400 ").endsWith("\r\n\r\n400 Bad Request\n")
          .doesNotContainIgnoringCase("jetty").doesNotContain("<html");
    }
    assertThat(REDIS.command("EXISTS", "count")).isEqualTo("0");
  }

  @Test
  void an_unknown_http_version_is_a_client_error_not_a_5xx() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), agent.uri("/").getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /cgi-bin/hello.py HTTP/9.9\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(raw).startsWith("HTTP/1.1 400 ").endsWith("\r\n\r\n400 Bad Request\n");
    }
    assertThat(REDIS.command("EXISTS", "count")).isEqualTo("0");
  }

  @Test
  void responses_carry_no_server_version_header() {
    for (String path : new String[] {"/cgi-bin/ping.py", "/cgi-bin/hello.py", "/nope"}) {
      HttpResponse<String> r = agent.get(path);
      assertThat(r.headers().firstValue("server")).as(path).isEmpty();
      assertThat(r.headers().firstValue("x-powered-by")).as(path).isEmpty();
    }
  }
}
