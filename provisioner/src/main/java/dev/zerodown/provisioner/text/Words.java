package dev.zerodown.provisioner.text;

/** Counted nouns in messages: "1 stack", "2 stacks" (every noun the messages count takes a plain -s). */
public final class Words {
  private Words() {}

  /** {@code n} and the noun, plural unless {@code n} is 1. */
  public static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
