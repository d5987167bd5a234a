package dev.zerodown.agent.web;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/** Jetty's own errors (malformed request, URI too long, ...) as one short text line: no HTML page, no details. */
final class TerseErrors extends ErrorHandler {
  TerseErrors() {
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Pages.TEXT);
    byte[] body = (code + " " + HttpStatus.getMessage(code) + "\n").getBytes(StandardCharsets.US_ASCII);
    response.write(true, BufferUtil.toBuffer(body), callback);
  }
}
