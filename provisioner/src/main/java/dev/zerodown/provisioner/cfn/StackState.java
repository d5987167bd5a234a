package dev.zerodown.provisioner.cfn;

/** What a stack status means for the next operation. */
public enum StackState {
  /** No stack (never created, or deleted). */
  ABSENT,
  /** Only a CREATE change set exists (never executed): can be created. */
  REVIEW,
  /** Settled and usable: can be updated. */
  STABLE,
  /** Another operation is running: wait for it. */
  BUSY,
  /** A first create failed and rolled back: must be deleted before it can be created again. */
  ROLLED_BACK_CREATE,
  /** Stuck in a failed state the tool cannot fix by itself (needs the console or continue-update-rollback). */
  BROKEN;

  /** Classifies a CloudFormation stack status (null = no stack). */
  public static StackState of(String status) {
    if (status == null || status.equals("DELETE_COMPLETE")) return ABSENT;
    if (status.equals("REVIEW_IN_PROGRESS")) return REVIEW;
    if (status.equals("ROLLBACK_COMPLETE")) return ROLLED_BACK_CREATE;
    if (status.endsWith("_IN_PROGRESS")) return BUSY;
    if (status.endsWith("_FAILED")) return BROKEN;
    if (status.endsWith("_COMPLETE")) return STABLE;
    return BROKEN;
  }

  /** True when an operation that ended in this status succeeded (the stack is as asked). */
  public static boolean succeeded(String status) {
    return status != null && (status.equals("CREATE_COMPLETE") || status.equals("UPDATE_COMPLETE")
        || status.equals("IMPORT_COMPLETE") || status.equals("DELETE_COMPLETE"));
  }
}
