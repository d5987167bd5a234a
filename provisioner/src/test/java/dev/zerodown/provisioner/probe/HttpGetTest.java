package dev.zerodown.provisioner.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpGetTest {
  private static HttpGet.Answer parse(String raw) throws IOException {
    return HttpGet.parse(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void a_chunked_body_is_decoded() throws IOException {
    HttpGet.Answer a = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n7;x=y\r\n World!\r\n0\r\n\r\n");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).isEqualTo("Hello World!");
  }

  @Test
  void a_body_is_cut_at_its_content_length() throws IOException {
    assertThat(parse("HTTP/1.0 503 Service Unavailable\r\nContent-Length: 2\r\n\r\nokEXTRA").body()).isEqualTo("ok");
  }

  @Test
  void a_body_shorter_than_its_content_length_is_a_failure() {
    assertThatThrownBy(() -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))
        .hasMessage("connection closed after 3 of 10 body bytes");
  }

  @Test
  void no_bytes_at_all_is_a_closed_connection() {
    assertThatThrownBy(() -> parse("")).hasMessage("connection closed without a response");
  }

  @Test
  void a_response_that_is_not_http_is_named() {
    assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH_9.2\r\n\r\n")).hasMessage("not an HTTP/1.x response: SSH-2.0-OpenSSH_9.2");
  }
}
