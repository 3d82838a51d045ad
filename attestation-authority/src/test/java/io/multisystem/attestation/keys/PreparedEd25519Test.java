package io.multisystem.attestation.keys;

import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PreparedEd25519Test {
    @Test
    void everyWycheproofCaseGetsTheSameAnswerAsTheStrictPolicyTwice() throws Exception {
        JsonNode root = JsonMapper.builder().build()
                .readTree(Files.readString(SharedData.resolve("wycheproof/ed25519_test.json")));
        int cases = 0;
        for (JsonNode group : root.get("testGroups")) {
            byte[] pk = Hashes.fromHex(group.get("publicKey").get("pk").asString());
            for (JsonNode test : group.get("tests")) {
                byte[] msg = Hashes.fromHex(test.get("msg").asString());
                byte[] sig = Hashes.fromHex(test.get("sig").asString());
                boolean expected = "valid".equals(test.get("result").asString());
                String what = "tcId " + test.get("tcId").asInt() + " " + test.get("comment").asString();
                assertThat(Ed25519.verify(pk, msg, sig)).as(what).isEqualTo(expected);
                // first call decodes and caches the key, the second uses the cached point
                assertThat(PreparedEd25519.verify(pk, msg, sig)).as(what).isEqualTo(expected);
                assertThat(PreparedEd25519.verify(pk, msg, sig)).as(what).isEqualTo(expected);
                cases++;
            }
        }
        assertThat(cases).isEqualTo(root.get("numberOfTests").asInt());
    }

    @Test
    void everySingleBitFlipOfSignatureOrKeyIsJudgedLikeTheStrictPolicy() {
        Ed25519PrivateKey key = Ed25519.generateKeyPair();
        byte[] message = new byte[100];
        new Random(7).nextBytes(message);
        byte[] sig = Ed25519.sign(key, message);
        byte[] pk = key.publicKey().raw();
        assertThat(PreparedEd25519.verify(pk, message, sig)).isTrue();
        for (int bit = 0; bit < 64 * 8; bit++) {
            byte[] bad = sig.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(PreparedEd25519.verify(pk, message, bad)).as("sig bit " + bit)
                    .isEqualTo(Ed25519.verify(pk, message, bad)).isFalse();
        }
        for (int bit = 0; bit < 32 * 8; bit++) {
            byte[] bad = pk.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(PreparedEd25519.verify(bad, message, sig)).as("key bit " + bit)
                    .isEqualTo(Ed25519.verify(bad, message, sig)).isFalse();
        }
        assertThat(PreparedEd25519.verify(pk, message, java.util.Arrays.copyOf(sig, 63))).isFalse();
    }
}
