package dev.zerodown.provisioner.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The one translation of AWS failures, and the poll loops' patience built on it. */
class AwsFailuresTest {
  private static AwsServiceException service(int status, String code, String message) {
    return AwsServiceException.builder().statusCode(status).awsErrorDetails(AwsErrorDetails.builder()
        .serviceName("CloudFormation").errorCode(code).errorMessage(message).build()).build();
  }

  private static final AwsPacing FAST = AwsPacing.of(Duration.ofMillis(10), Duration.ofMillis(300));

  @Test
  void throttling_and_5xx_are_aws_unavailable_with_the_status_code_not_a_stack_failure() {
    UserException throttled = AwsFailures.translate(service(400, "Throttling", "Rate exceeded"));
    assertThat(throttled.exitCode()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
    assertThat(throttled.getMessage()).isEqualTo("AWS unavailable: CloudFormation answered HTTP 400 Throttling (Rate exceeded) "
        + "after the SDK's retries; " + AwsFailures.RESUME);
    assertThat(AwsFailures.translate(service(503, "ServiceUnavailable", "")).getMessage())
        .startsWith("AWS unavailable: CloudFormation answered HTTP 503 ServiceUnavailable after the SDK's retries");
  }

  @Test
  void a_4xx_rejection_stays_a_stack_failure_and_never_has_an_empty_reason() {
    UserException e = AwsFailures.translate(service(400, "ValidationError", ""));
    assertThat(e.exitCode()).isEqualTo(ExitCode.STACK_FAILED);
    assertThat(e.getMessage()).isEqualTo("CloudFormation error ValidationError: no reason given (HTTP 400)");
  }

  @Test
  void missing_credentials_are_never_transient_even_with_a_refused_connection_inside() {
    SdkClientException e = SdkClientException.builder().message("Unable to load credentials from any of the providers")
        .cause(new ConnectException("Connection refused")).build();
    assertThat(AwsFailures.isTransient(e)).isFalse();
    assertThat(AwsFailures.isTransient(SdkClientException.builder().message("x").cause(new ConnectException("refused")).build()))
        .isTrue();
  }

  @Test
  void patience_returns_the_first_good_read_after_transient_failures() {
    AtomicInteger calls = new AtomicInteger();
    String v = new Patience(FAST).call(() -> {
      if (calls.incrementAndGet() <= 3) throw service(400, "Throttling", "Rate exceeded");
      return "ok";
    });
    assertThat(v).isEqualTo("ok");
    assertThat(calls).hasValue(4);
  }

  @Test
  void patience_throws_a_non_transient_failure_at_once() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> new Patience(FAST).call(() -> {
      calls.incrementAndGet();
      throw service(400, "ValidationError", "Stack does not exist");
    })).isInstanceOf(AwsServiceException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void patience_gives_up_with_exit_3_once_failures_outlast_it() {
    assertThatThrownBy(() -> new Patience(FAST).call(() -> {
      throw service(500, "InternalFailure", "Internal Failure");
    })).isInstanceOfSatisfying(UserException.class, e -> {
      assertThat(e.exitCode()).isEqualTo(ExitCode.AWS_UNAVAILABLE);
      assertThat(e.getMessage()).isEqualTo("AWS unavailable: CloudFormation answered HTTP 500 InternalFailure (Internal Failure) "
          + "through 300ms of retries; " + AwsFailures.RESUME);
    });
  }

  @Test
  void standard_pacing_is_the_sdk_standard_schedule_with_8_attempts_and_2_minutes_of_patience() {
    AwsPacing p = AwsPacing.standard();
    assertThat(p.maxAttempts()).isEqualTo(8);
    assertThat(p.baseDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(p.throttledBaseDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.patience()).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.retryStrategy().maxAttempts()).isEqualTo(8);
  }
}
