package dev.zerodown.agent.web;

import java.util.Locale;

/**
 * hello.py's content negotiation: HTML (the tutorial's page) or JSON, from the request's Accept header.
 *
 * <p>The rule: each of {@code text/html} and {@code application/json} gets the q-value of the most specific
 * media range in Accept that matches it (exact type, then {@code text/*} or {@code application/*}, then
 * {@code *}{@code /*}; RFC 9110 section 12.5.1); a range with {@code q=0} excludes. JSON is chosen only when its
 * q-value is higher than HTML's; a tie, no match, no header or a header that does not parse gives HTML. Never
 * 406: the page the scripts printed is always acceptable to a browser or curl. Media types and parameter names
 * are case-insensitive.
 */
public final class Negotiation {
  private Negotiation() {}

  /** The representation hello.py sends. */
  public enum Variant { HTML, JSON }

  /** The variant for this Accept header value ({@code null} when the request has none). */
  public static Variant choose(String accept) {
    if (accept == null || accept.isBlank()) return Variant.HTML;
    double json = quality(accept, "application", "json");
    double html = quality(accept, "text", "html");
    return json > html && json > 0 ? Variant.JSON : Variant.HTML;
  }

  /**
   * The q-value Accept gives {@code type/subtype}: that of the most specific matching range (of several equally
   * specific ones, the highest), 0 when none matches.
   */
  static double quality(String accept, String type, String subtype) {
    int bestSpecificity = -1;
    double q = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";", -1);
      String mediaRange = parts[0].trim().toLowerCase(Locale.ROOT);
      int slash = mediaRange.indexOf('/');
      if (slash <= 0 || slash == mediaRange.length() - 1) continue;
      String t = mediaRange.substring(0, slash).trim();
      String s = mediaRange.substring(slash + 1).trim();
      int specificity;
      if (t.equals(type) && s.equals(subtype)) specificity = 2;
      else if (t.equals(type) && s.equals("*")) specificity = 1;
      else if (t.equals("*") && s.equals("*")) specificity = 0;
      else continue;
      double rangeQ = qValue(parts);
      if (Double.isNaN(rangeQ)) continue;
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        q = rangeQ;
      } else if (specificity == bestSpecificity) {
        q = Math.max(q, rangeQ);
      }
    }
    return q;
  }

  /** The range's q parameter (default 1); NaN when it is not a number between 0 and 1 (the range is ignored). */
  private static double qValue(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (eq < 0 || !p.substring(0, eq).trim().equalsIgnoreCase("q")) continue;
      String value = p.substring(eq + 1).trim();
      // RFC 9110 qvalue: 0 or 1 with up to three decimals; anything else ("2", "NaN", "0x1p0") is not one.
      if (!value.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) return Double.NaN;
      return Double.parseDouble(value);
    }
    return 1;
  }
}
