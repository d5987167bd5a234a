import io.javalin.Javalin;

/**
 * The framework floor for the benchmark: a bare Javalin 7 app, default settings, serving the 38-byte
 * ping body. Compiled by bench/run against agent.jar (which carries Javalin), so the difference to the
 * agent is what the agent itself costs.
 */
public final class Floor {
  private static final String BODY = "<html><body>\n<p>ok</p>\n</body></html>\n";

  private Floor() {}

  public static void main(String[] args) {
    String raw = System.getenv().getOrDefault("PORT", "8090");
    int port;
    try {
      port = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PORT must be 1-65535: " + raw);
    }
    Javalin.create(config -> config.routes.get("/cgi-bin/ping.py", ctx -> ctx.html(BODY))).start("127.0.0.1", port);
  }
}
