package dev.zerodown.provisioner.cfn;

import java.util.Map;

/**
 * What a stack operation tells the person running it: live progress (a redrawn block on a TTY, one line per
 * event elsewhere), narration, and the change about to be made. The console package implements it.
 */
public interface Progress {
  /** An operation starts on {@code stack} ("create", "update", "delete", "wait"). */
  void begin(String stack, String operation, int totalResources);

  /** A new stack event arrived (stack-level or resource-level). */
  void event(StackEvent event, int resourcesDone);

  /** A poll saw the stack in {@code status}. */
  void tick(String stack, String status, int resourcesDone);

  /** The operation settled in {@code status}. */
  void end(String stack, String status, int resourcesDone);

  /** A line of narration ({@code zerodown-dev-web: up to date}). */
  void note(String line);

  /** A failure the operation reports and carries on from (shown in red). */
  void problem(String line);

  /** A detail shown with --verbose only. */
  void detail(String line);

  /** The computed change set of a stack, before it is confirmed. */
  void changes(ChangeSet set);

  /** Direct mode, a stack to create: the resources its template declares, listed as a change set lists them. */
  void newStack(String stack, java.util.List<ResourceChange> resources);

  /**
   * Direct mode: what differs between the deployed stack and the one about to be deployed ({@code deployed} and
   * {@code next} hold the parameters, "=" for an unchanged value).
   */
  void directChanges(String stack, boolean create, int resources, boolean templateChanged,
      Map<String, String> deployed, Map<String, String> next);
}
