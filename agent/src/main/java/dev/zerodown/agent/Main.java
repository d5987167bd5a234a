package dev.zerodown.agent;

/** Entry point of the web agent (skeleton: the agent issue fills it in). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("zerodown agent skeleton");
  }
}
