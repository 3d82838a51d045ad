package io.multisystem.chaos.proxy;

import io.multisystem.core.error.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CIDR matching agrees with comparing the leading bits as integers. Addresses are only parsed, never contacted. */
class SourceFilterProperties {

    private static InetAddress ipv4(int bits) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[]{(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8),
                (byte) bits});
    }

    @Property(seed = "20261122")
    void blockMatchesExactlyTheAddressesSharingItsPrefix(@ForAll int network, @ForAll int address,
                                                         @ForAll @IntRange(min = 0, max = 32) int prefix)
            throws UnknownHostException {
        SourceFilter filter = SourceFilter.parse(List.of(ipv4(network).getHostAddress() + "/" + prefix));
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        boolean samePrefix = ((network & 0xFFFFFFFFL) & mask) == ((address & 0xFFFFFFFFL) & mask);
        assertThat(filter.matches(ipv4(address))).isEqualTo(samePrefix);
    }

    @Property(seed = "20261122")
    void everyAddressMatchesItsOwnHostBlock(@ForAll int address) throws UnknownHostException {
        InetAddress ip = ipv4(address);
        assertThat(SourceFilter.parse(List.of(ip.getHostAddress())).matches(ip)).isTrue();
    }

    @Property(seed = "20261122")
    void prefixesBeyondTheFamilyAreRefused(@ForAll @IntRange(min = 33, max = 1000) int prefix) {
        assertThatThrownBy(() -> SourceFilter.parse(List.of("127.0.0.1/" + prefix)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sources[0]");
    }

    @Property(tries = 20, seed = "20261122")
    void ipv4BlocksNeverMatchIpv6Clients(@ForAll @IntRange(min = 0, max = 32) int prefix)
            throws UnknownHostException {
        SourceFilter filter = SourceFilter.parse(List.of("0.0.0.0/" + prefix));
        assertThat(filter.matches(InetAddress.getByName("::1"))).isFalse();
    }
}
