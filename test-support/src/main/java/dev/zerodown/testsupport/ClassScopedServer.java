package dev.zerodown.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A server a test class registers with {@code @RegisterExtension}: started before its tests, closed after them. */
public interface ClassScopedServer extends BeforeAllCallback, AfterAllCallback {
  /** Starts the server; idempotent. */
  ClassScopedServer start();

  /** Stops the server; idempotent. */
  void close();

  @Override
  default void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  default void afterAll(ExtensionContext context) {
    close();
  }
}
