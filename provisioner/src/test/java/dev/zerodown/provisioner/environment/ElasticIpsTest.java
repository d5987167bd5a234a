package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.error.UserException;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The Elastic IP arithmetic: 3 NAT addresses (1 with --single-nat) plus the bastion's, against the quota. */
class ElasticIpsTest {
  @Test
  void a_new_environment_needs_four_addresses_or_two_with_a_single_nat() {
    assertThat(ElasticIps.needed(Optional.empty(), false, false)).isEqualTo(4);
    assertThat(ElasticIps.needed(Optional.empty(), true, false)).isEqualTo(2);
  }

  @Test
  void an_update_needs_only_the_difference() {
    assertThat(ElasticIps.needed(Optional.of(false), false, true)).isZero();
    assertThat(ElasticIps.needed(Optional.of(true), false, true)).isEqualTo(2);
    assertThat(ElasticIps.needed(Optional.of(false), true, true)).isZero();
    assertThat(ElasticIps.needed(Optional.of(false), false, false)).isEqualTo(1);
  }

  @Test
  void passing_the_quota_is_exit_4_with_the_numbers_and_the_ways_out() {
    assertThatThrownBy(() -> ElasticIps.check("eu-west-3", 2, 4, OptionalInt.of(5), "", false))
        .isInstanceOf(UserException.class).hasMessage("Elastic IPs in eu-west-3: 2 in use + 4 this deploy adds = 6, "
            + "over the quota of 5: release unused addresses (aws ec2 describe-addresses), deploy with --single-nat "
            + "(2 fewer), or ask for more (Service Quotas, EC2, L-0263D0A3)");
    assertThat(ElasticIps.check("eu-west-3", 1, 4, OptionalInt.of(5), "", false)).isEmpty();
  }

  @Test
  void an_unknown_quota_is_one_warning_line_with_the_count_in_use_and_the_default() {
    assertThat(ElasticIps.check("eu-west-3", 3, 4, OptionalInt.empty(), "NoSuchResourceException", false)).contains(
        "Elastic IP quota unknown (Service Quotas: NoSuchResourceException): 3 in use, this deploy adds 4, "
            + "the default quota is 5 per region");
    assertThat(ElasticIps.check("eu-west-3", 3, 0, OptionalInt.empty(), "x", false)).isEmpty();
  }
}
