package dev.zerodown.provisioner.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerodown.provisioner.Cli.Result;
import dev.zerodown.provisioner.Cli;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.host.Host;
import dev.zerodown.provisioner.replay.AwsReplay;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A busy account: the recorded rolling update ({@code rollout-success.txt}) with CloudFormation throttling or
 * failing mid-flow, as its API reference documents these errors (Common Errors: {@code Throttling} with HTTP 400,
 * {@code InternalFailure} with HTTP 500, https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html;
 * "Rate exceeded" is transient and clears with backoff,
 * https://repost.aws/knowledge-center/cloudformation-rate-exceeded-error). Polls are 20 ms apart, so the retry
 * schedule runs 100 times faster than on AWS; the patience is 1 s instead of 2 minutes.
 */
class BusyAccountReplayTest {
  static final String THROTTLING = "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error>"
      + "<Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
      + "<RequestId>7d9e1f2a-0000-4000-8000-00000000a001</RequestId></ErrorResponse>";
  static final String INTERNAL_FAILURE = "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error>"
      + "<Type>Receiver</Type><Code>InternalFailure</Code><Message>Internal Failure</Message></Error>"
      + "<RequestId>7d9e1f2a-0000-4000-8000-00000000a002</RequestId></ErrorResponse>";
  /** 12 throttled reads in a row: more than one SDK call's 8 attempts, so the poll loop's own retry is needed too. */
  static final int THROTTLED_READS = 12;

  @RegisterExtension final AwsReplay aws = AwsReplay.forEachTest();
  private final Host host = Cli.host(Duration.ofSeconds(1));

  private Result rollout() {
    return Cli.run(host, "rollout", "--to", RolloutReplayTest.NEW, "--endpoint-url", aws.endpoint().toString(),
        "--timeout", "60s");
  }

  @Test
  void a_rollout_rides_out_throttled_reads_and_finishes_as_if_nothing_happened() {
    aws.scenario("/replay/rollout-success.txt");
    aws.onCall("UpdateStack", n -> aws.failNext("DescribeStackEvents", THROTTLED_READS, 400, THROTTLING));

    Result r = rollout();

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.OK);
    assertThat(aws.failed("DescribeStackEvents")).isEqualTo(THROTTLED_READS);
    assertThat(r.out()).contains("DONE: zerodown-dev-web is UPDATE_COMPLETE with agent 9f8e7d6c5b4a; 2 new instances healthy");
    assertThat(r.err()).doesNotContain("error").doesNotContain("Throttling");
  }

  @Test
  void a_rollout_facing_http_500_longer_than_its_patience_ends_with_exit_3_the_status_and_how_to_resume() {
    aws.scenario("/replay/rollout-success.txt");
    aws.onCall("UpdateStack", n -> aws.failNext("DescribeStacks", Integer.MAX_VALUE, 500, INTERNAL_FAILURE));

    Result r = rollout();

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(r.err().lines().filter(l -> l.startsWith("error:"))).containsExactly("error: AWS unavailable: "
        + "CloudFormation answered HTTP 500 InternalFailure (Internal Failure) through 1s of retries; CloudFormation keeps "
        + "working on what it started: run the same command again to resume");
    assertThat(r.out()).doesNotContain("FAILED");
    assertThat(aws.failed("DescribeStacks")).as("retried, not given up at the first 500").isGreaterThan(8);
  }

  @Test
  void an_endpoint_answering_http_500_without_a_body_is_exit_3_with_the_status_code() {
    aws.failNext("DescribeStacks", Integer.MAX_VALUE, 500, "");

    Result r = Cli.run(host, "status", "--endpoint-url", aws.endpoint().toString());

    assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(r.err().strip()).isEqualTo("error: AWS unavailable: CloudFormation answered HTTP 500 after the SDK's "
        + "retries; CloudFormation keeps working on what it started: run the same command again to resume");
    assertThat(aws.failed("DescribeStacks")).as("the SDK's 8 attempts").isEqualTo(8);
  }
}
