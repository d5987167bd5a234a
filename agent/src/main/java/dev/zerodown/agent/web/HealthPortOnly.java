package dev.zerodown.agent.web;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The health-check connector serves ping.py and nothing else: whatever reaches it on another path gets
 * 404 here, before the web layer, so the load balancer's check port can never carry user traffic (nor
 * hello.py's Redis work onto the health check's few threads).
 */
final class HealthPortOnly extends Handler.Wrapper {
  private final String healthConnector;

  HealthPortOnly(String healthConnector) {
    this.healthConnector = healthConnector;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!healthConnector.equals(request.getConnectionMetaData().getConnector().getName()) || AgentServer.PING.equals(request.getHttpURI().getPath())) {
      return super.handle(request, response, callback);
    }
    response.setStatus(HttpStatus.NOT_FOUND_404);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Pages.TEXT);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Pages.NOT_FOUND.length);
    response.write(true, ByteBuffer.wrap(Pages.NOT_FOUND).asReadOnlyBuffer(), callback);
    return true;
  }
}
