package dev.zerodown.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.GenericContainer;

/**
 * A server a test class registers with {@code @RegisterExtension}: started before its tests, closed after them; it
 * runs as a local binary ({@link #process}) or, where only Docker is available, as a container ({@link #container}).
 */
public abstract class ClassScopedServer implements BeforeAllCallback, AfterAllCallback {
  protected ManagedProcess process;
  protected GenericContainer<?> container;

  /** Starts the server; idempotent. */
  public abstract ClassScopedServer start();

  /** Stops the process or the container; idempotent. */
  public synchronized void close() {
    if (process != null) process.close();
    process = null;
    if (container != null) container.stop();
    container = null;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }
}
