package dev.zerodown.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.agent.web.Negotiation.Variant;
import org.junit.jupiter.api.Test;

/** hello.py's choice between HTML and JSON from the Accept header (the rule is in Negotiation's javadoc). */
class NegotiationTest {
  @Test
  void no_accept_header_gets_html() {
    assertThat(Negotiation.choose(null)).isEqualTo(Variant.HTML);
    assertThat(Negotiation.choose("")).isEqualTo(Variant.HTML);
  }

  @Test
  void application_json_alone_gets_json() {
    assertThat(Negotiation.choose("application/json")).isEqualTo(Variant.JSON);
  }

  @Test
  void media_types_are_case_insensitive() {
    assertThat(Negotiation.choose("APPLICATION/JSON")).isEqualTo(Variant.JSON);
    assertThat(Negotiation.choose("Application/Json;Q=0.5, text/html;q=0.4")).isEqualTo(Variant.JSON);
  }

  @Test
  void json_with_q_0_is_excluded_and_gets_html() {
    assertThat(Negotiation.choose("application/json;q=0")).isEqualTo(Variant.HTML);
    assertThat(Negotiation.choose("application/json; q=0.000")).isEqualTo(Variant.HTML);
  }

  @Test
  void the_higher_q_wins() {
    assertThat(Negotiation.choose("text/html, application/json;q=0.9")).isEqualTo(Variant.HTML);
    assertThat(Negotiation.choose("text/html;q=0.5, application/json;q=0.9")).isEqualTo(Variant.JSON);
  }

  @Test
  void a_tie_gets_html() {
    assertThat(Negotiation.choose("application/json, text/html")).isEqualTo(Variant.HTML);
    assertThat(Negotiation.choose("*/*")).isEqualTo(Variant.HTML);
  }

  @Test
  void wildcards_count_for_the_types_they_cover() {
    assertThat(Negotiation.choose("application/*")).isEqualTo(Variant.JSON);
    assertThat(Negotiation.choose("text/*;q=0.2, application/*;q=0.3")).isEqualTo(Variant.JSON);
    assertThat(Negotiation.choose("application/json;q=0.5, */*;q=0.1")).isEqualTo(Variant.JSON);
  }

  @Test
  void the_most_specific_range_decides_a_types_q() {
    // text/html is excluded by its own range even though */* would accept it
    assertThat(Negotiation.choose("text/html;q=0, */*;q=0.1")).isEqualTo(Variant.JSON);
    assertThat(Negotiation.quality("text/*;q=0.3, */*", "text", "html")).isEqualTo(0.3);
  }

  @Test
  void nothing_acceptable_gets_html_not_406() {
    assertThat(Negotiation.choose("image/png")).isEqualTo(Variant.HTML);
    assertThat(Negotiation.choose("text/html;q=0, application/json;q=0")).isEqualTo(Variant.HTML);
  }

  @Test
  void ranges_that_do_not_parse_are_ignored() {
    assertThat(Negotiation.choose("application/json;q=2")).isEqualTo(Variant.HTML);
    assertThat(Negotiation.choose("application/json;q=NaN, ,;,/")).isEqualTo(Variant.HTML);
    assertThat(Negotiation.choose("garbage, application/json")).isEqualTo(Variant.JSON);
  }

  @Test
  void parameters_other_than_q_do_not_matter() {
    assertThat(Negotiation.choose("application/json;charset=utf-8;q=0.8, text/html;level=1;q=0.7"))
        .isEqualTo(Variant.JSON);
  }
}
