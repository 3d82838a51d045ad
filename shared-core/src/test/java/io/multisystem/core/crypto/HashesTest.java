package io.multisystem.core.crypto;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashesTest {

    @Test
    void blake3MatchesTheOfficialTestVectorsInFullAndExtendedOutput() throws IOException {
        int checked = 0;
        try (InputStream in = getClass().getResourceAsStream("/vectors/blake3-hash.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                byte[] input = new byte[Integer.parseInt(parts[0])];
                for (int i = 0; i < input.length; i++) {
                    input[i] = (byte) (i % 251);
                }
                byte[] expected = Hashes.fromHex(parts[1]);

                assertThat(Hasher.blake3().update(input).digest(expected.length)).as("len " + input.length)
                        .isEqualTo(expected);
                assertThat(Hashes.blake3(input)).isEqualTo(java.util.Arrays.copyOf(expected, 32));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(13);
    }

    @Test
    void sha256MatchesFips180Examples() {
        assertThat(Hashes.toHex(Hashes.sha256("abc".getBytes())))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Hashes.toHex(Hashes.sha256(new byte[0])))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Hashes.toHex(Hashes.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes())))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void sha256AgreesWithTheJdkAndStreamingEqualsOneShot() throws Exception {
        Random random = new Random(256);
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[random.nextInt(5000)];
            random.nextBytes(data);
            byte[] jdk = MessageDigest.getInstance("SHA-256").digest(data);

            assertThat(Hashes.sha256(data)).isEqualTo(jdk);
            Hasher streaming = Hasher.sha256();
            int offset = 0;
            while (offset < data.length) {
                int n = Math.min(random.nextInt(700) + 1, data.length - offset);
                streaming.update(data, offset, n);
                offset += n;
            }
            assertThat(streaming.digest()).isEqualTo(jdk);
        }
    }

    @Test
    void blake3StreamingOverDirectBuffersEqualsOneShot() {
        byte[] data = new byte[70_000];
        new Random(3).nextBytes(data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();

        assertThat(Hasher.blake3().update(direct).digest()).isEqualTo(Hashes.blake3(data));
        assertThat(direct.hasRemaining()).isFalse();
    }

    @Test
    void hasherResetsAfterDigestAndRefusesExtendedOutputForSha256() {
        Hasher hasher = Hasher.blake3();
        byte[] first = hasher.update("x".getBytes()).digest();

        assertThat(hasher.update("x".getBytes()).digest()).isEqualTo(first);
        assertThatThrownBy(() -> Hasher.sha256().digest(64)).isInstanceOf(IllegalStateException.class);
    }
}
