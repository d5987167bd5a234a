package dev.zerodown.provisioner.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelloPageTest {

  @Test
  void reads_instance_id_and_counter_from_the_cgi_script_body() {
    String body = "<html><body>\n<p>Hello World!<br />counter: 42<br />env: dev</p>\nId: i-0123456789abcdef0\n</body></html>\n";
    assertThat(HelloPage.read(body)).contains(new HelloPage.Reading("i-0123456789abcdef0", 42));
  }

  @Test
  void rejects_a_body_without_an_instance_id() {
    assertThat(HelloPage.read("<html><body>\n<p>Hello World!<br />counter: 42</p>\n</body></html>\n")).isEmpty();
  }

  @Test
  void rejects_a_counter_too_large_for_a_long() {
    assertThat(HelloPage.read("counter: 99999999999999999999999\nId: i-1\n")).isEmpty();
  }
}
