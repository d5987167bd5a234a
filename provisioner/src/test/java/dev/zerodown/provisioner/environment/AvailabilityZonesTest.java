package dev.zerodown.provisioner.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerodown.provisioner.aws.Ec2Gateway.Zone;
import dev.zerodown.provisioner.error.ExitCode;
import dev.zerodown.provisioner.error.UserException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The AZ choice on zone lists shaped like DescribeAvailabilityZones answers (AllAvailabilityZones=true). */
class AvailabilityZonesTest {
  private static Zone az(String name) {
    return new Zone(name, "available", "opt-in-not-required", "availability-zone");
  }

  private static final List<Zone> US_WEST_2 = List.of(az("us-west-2d"), az("us-west-2a"), az("us-west-2c"), az("us-west-2b"),
      new Zone("us-west-2-lax-1a", "available", "not-opted-in", "local-zone"),
      new Zone("us-west-2-lax-1b", "available", "opted-in", "local-zone"),
      new Zone("us-west-2-wl1-sfo-wlz-1", "available", "opted-in", "wavelength-zone"));
  private static final Set<String> ALL = Set.of("us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d", "us-west-2-lax-1b");

  private static AvailabilityZones.Choice choose(List<Zone> zones, Set<String> web, Set<String> bastion,
      Optional<List<String>> requested, Optional<List<String>> deployed) {
    return AvailabilityZones.choose("us-west-2", zones, web, "t3.micro", bastion, "t3.nano", requested, deployed,
        "zerodown-dev-network");
  }

  private static String refusal(Runnable r) {
    try {
      r.run();
    } catch (UserException e) {
      assertThat(e.exitCode()).isEqualTo(ExitCode.PRECONDITION);
      return e.getMessage();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void a_new_environment_gets_the_first_three_standard_zones_by_name_never_a_local_or_wavelength_zone() {
    AvailabilityZones.Choice c = choose(US_WEST_2, ALL, ALL, Optional.empty(), Optional.empty());
    assertThat(c.zones()).containsExactly("us-west-2a", "us-west-2b", "us-west-2c");
    assertThat(c.source()).isEqualTo("chosen: the first 3 of 4 that qualify");
  }

  @Test
  void a_zone_that_does_not_offer_the_web_or_the_bastion_type_is_skipped() {
    Set<String> web = Set.of("us-west-2a", "us-west-2c", "us-west-2d");
    Set<String> bastion = Set.of("us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d");
    assertThat(choose(US_WEST_2, web, bastion, Optional.empty(), Optional.empty()).zones())
        .containsExactly("us-west-2a", "us-west-2c", "us-west-2d");
  }

  @Test
  void fewer_than_three_qualifying_zones_is_exit_4_naming_the_ones_there_are() {
    Set<String> two = Set.of("us-west-2a", "us-west-2b");
    assertThat(refusal(() -> choose(US_WEST_2, two, ALL, Optional.empty(), Optional.empty()))).isEqualTo(
        "us-west-2 has 2 availability zones that offer t3.micro (web) and t3.nano (bastion): us-west-2a, us-west-2b; "
            + "zerodown needs 3: choose other instance types or another --region");
  }

  @Test
  void a_deployed_network_keeps_its_zones_even_when_others_would_be_chosen_now() {
    List<String> deployed = List.of("us-west-2b", "us-west-2c", "us-west-2d");
    AvailabilityZones.Choice c = choose(US_WEST_2, ALL, ALL, Optional.empty(), Optional.of(deployed));
    assertThat(c.zones()).isEqualTo(deployed);
    assertThat(c.source()).isEqualTo("kept from zerodown-dev-network");
    assertThat(choose(US_WEST_2, ALL, ALL, Optional.of(deployed), Optional.of(deployed)).zones()).isEqualTo(deployed);
  }

  @Test
  void azs_that_differ_from_the_deployed_ones_are_refused_before_anything_changes() {
    assertThat(refusal(() -> choose(US_WEST_2, ALL, ALL, Optional.of(List.of("us-west-2a", "us-west-2b", "us-west-2c")),
        Optional.of(List.of("us-west-2b", "us-west-2c", "us-west-2d"))))).isEqualTo(
        "zerodown-dev-network is deployed in us-west-2b,us-west-2c,us-west-2d; --azs us-west-2a,us-west-2b,us-west-2c "
            + "would replace its subnets (an AZ cannot change in place): drop --azs, or destroy the environment first");
  }

  @Test
  void requested_azs_are_used_in_the_given_order_and_each_must_qualify() {
    assertThat(choose(US_WEST_2, ALL, ALL, Optional.of(List.of("us-west-2d", "us-west-2a", "us-west-2b")), Optional.empty())
        .zones()).containsExactly("us-west-2d", "us-west-2a", "us-west-2b");
    assertThat(refusal(() -> choose(US_WEST_2, ALL, ALL,
        Optional.of(List.of("us-west-2a", "us-west-2b", "us-west-2-lax-1b")), Optional.empty())))
        .isEqualTo("--azs: us-west-2-lax-1b is a local-zone (qualifying in us-west-2: us-west-2a, us-west-2b, us-west-2c, us-west-2d)");
    assertThat(refusal(() -> choose(US_WEST_2, ALL, ALL, Optional.of(List.of("us-west-2a", "us-west-2b", "us-west-2e")),
        Optional.empty()))).startsWith("--azs: us-west-2e is not a zone of this region");
  }

  @Test
  void a_zone_answer_without_zone_type_or_opt_in_status_counts_as_an_availability_zone_as_moto_answers() {
    List<Zone> moto = List.of(new Zone("eu-west-3a", "available", null, null), new Zone("eu-west-3b", "available", null, null),
        new Zone("eu-west-3c", "available", null, null));
    Set<String> all = Set.of("eu-west-3a", "eu-west-3b", "eu-west-3c");
    assertThat(AvailabilityZones.choose("eu-west-3", moto, all, "t3.micro", all, "t3.micro", Optional.empty(),
        Optional.empty(), "n").zones()).containsExactly("eu-west-3a", "eu-west-3b", "eu-west-3c");
    List<Zone> impaired = List.of(moto.get(0), moto.get(1), new Zone("eu-west-3c", "impaired", null, null));
    assertThatThrownBy(() -> AvailabilityZones.choose("eu-west-3", impaired, all, "t3.micro", all, "t3.micro",
        Optional.empty(), Optional.empty(), "n")).isInstanceOf(UserException.class).hasMessageStartingWith("eu-west-3 has 2");
  }
}
