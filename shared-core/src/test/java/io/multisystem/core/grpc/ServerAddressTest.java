package io.multisystem.core.grpc;

import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerAddressTest {
    @ParameterizedTest
    @CsvSource({"localhost:9101, localhost, 9101", "10.0.0.5:1, 10.0.0.5, 1", "'[::1]:9101', ::1, 9101"})
    void parsesHostAndPort(String text, String host, int port) {
        ServerAddress address = ServerAddress.parse(text);
        assertThat(address.host()).isEqualTo(host);
        assertThat(address.port()).isEqualTo(port);
        assertThat(ServerAddress.parse(address.toString())).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:", ":9101", "localhost:http", "localhost:0", "localhost:65536",
            "::1:9101", "[::1]9101", ""})
    void rejectsWhatIsNotHostColonPort(String text) {
        assertThatThrownBy(() -> ServerAddress.parse(text)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid server address");
    }
}
