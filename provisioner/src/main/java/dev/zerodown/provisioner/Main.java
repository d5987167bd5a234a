package dev.zerodown.provisioner;

/** Entry point of the provisioner CLI (skeleton: the provisioner issue fills it in). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("zerodown provisioner skeleton");
  }
}
