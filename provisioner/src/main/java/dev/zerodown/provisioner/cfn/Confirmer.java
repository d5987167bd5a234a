package dev.zerodown.provisioner.cfn;

/** Asks the person running the command a yes/no question before a change (answered yes by --yes). */
@FunctionalInterface
public interface Confirmer {
  /** True to go ahead. */
  boolean confirm(String question);
}
