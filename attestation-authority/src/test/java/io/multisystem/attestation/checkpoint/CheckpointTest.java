package io.multisystem.attestation.checkpoint;

import io.multisystem.attestation.log.MerkleLog;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {
    private static final String ORIGIN = "attestation.example/log";

    private final NoteSigner logSigner = NoteSigner.of(ORIGIN, key(7));
    private final CheckpointVerifier verifier = CheckpointVerifier.of(ORIGIN, logSigner.verifierKey());

    private static Ed25519PrivateKey key(int seed) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) seed);
        return Ed25519PrivateKey.fromSeed(bytes);
    }

    private Checkpoint checkpointOfALog() {
        MerkleLog log = MerkleLog.inMemory();
        for (int i = 0; i < 1234; i++) {
            log.append(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        return new Checkpoint(ORIGIN, log.size(), log.rootHash());
    }

    @Test
    void signedCheckpointHasTheC2spLayout() {
        Checkpoint checkpoint = checkpointOfALog();

        String signed = checkpoint.sign(logSigner);

        String[] lines = signed.split("\n", -1);
        assertThat(lines[0]).isEqualTo(ORIGIN);
        assertThat(lines[1]).isEqualTo("1234");
        assertThat(Base64.getDecoder().decode(lines[2])).isEqualTo(checkpoint.rootHash());
        assertThat(lines[3]).isEmpty();
        assertThat(lines[4]).startsWith("\u2014 " + ORIGIN + " ");
        assertThat(Base64.getDecoder().decode(lines[4].substring(lines[4].lastIndexOf(' ') + 1)))
                .hasSize(4 + 64);
        assertThat(lines[5]).isEmpty();
        assertThat(lines).hasSize(6);
    }

    @Test
    void signedCheckpointVerifiesAndRoundTrips() {
        Checkpoint checkpoint = new Checkpoint(ORIGIN, 42, new byte[32], List.of("extension one", "two"));

        CheckpointVerification result = verifier.verify(checkpoint.sign(logSigner));

        assertThat(result.isVerified()).as(result.detail()).isTrue();
        assertThat(result.checkpoint()).contains(checkpoint);
        assertThat(Checkpoint.parse(checkpoint.toNoteText())).isEqualTo(checkpoint);
    }

    @Test
    void changingAnyLineOfASignedCheckpointIsRejected() {
        String signed = checkpointOfALog().sign(logSigner);
        String[] lines = signed.split("\n", -1);

        for (int i = 0; i < lines.length - 1; i++) {
            for (String replacement : List.of(lines[i] + "x", lines[i].isEmpty() ? "x" : lines[i].substring(1), "")) {
                String[] changed = lines.clone();
                changed[i] = replacement;
                String tampered = String.join("\n", changed);
                if (tampered.equals(signed)) {
                    continue;
                }
                assertThat(verifier.verify(tampered).isVerified()).as("line %d changed to '%s'", i, replacement)
                        .isFalse();
            }
        }
    }

    @Test
    void changedTreeSizeOrRootFailsTheSignature() {
        String signed = checkpointOfALog().sign(logSigner);

        assertThat(verifier.verify(signed.replace("\n1234\n", "\n1235\n")).problemIfAny())
                .contains(NoteProblem.SIGNATURE_INVALID);
    }

    @Test
    void checkpointSignedByAnotherKeyUnderTheLogsNameIsRejected() {
        NoteSigner impostor = NoteSigner.of(ORIGIN, key(8));

        assertThat(verifier.verify(checkpointOfALog().sign(impostor)).problemIfAny())
                .contains(NoteProblem.NO_TRUSTED_SIGNATURE);
    }

    @Test
    void checkpointOfAnotherOriginIsRejectedEvenWhenSignedByTheTrustedKey() {
        Checkpoint foreign = new Checkpoint("other.example/log", 1, new byte[32]);

        assertThat(verifier.verify(foreign.sign(logSigner)).problemIfAny()).contains(NoteProblem.ORIGIN_MISMATCH);
    }

    @Test
    void signedNoteThatIsNotACheckpointIsRejectedAsMalformed() {
        String note = SignedNote.sign(ORIGIN + "\n01\n" + Base64.getEncoder().encodeToString(new byte[32]) + "\n",
                List.of(logSigner)).format();

        assertThat(verifier.verify(note).problemIfAny()).contains(NoteProblem.CHECKPOINT_MALFORMED);
    }

    @Test
    void malformedCheckpointTextsNameTheFaultyLine() {
        String root = Base64.getEncoder().encodeToString(new byte[32]);

        assertThatThrownBy(() -> Checkpoint.parse(ORIGIN + "\n-1\n" + root + "\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> Checkpoint.parse(ORIGIN + "\n1\n" + root.substring(4) + "\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("root hash");
        assertThatThrownBy(() -> Checkpoint.parse(ORIGIN + "\n1\n" + root))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("newline");
        assertThatThrownBy(() -> Checkpoint.parse("\n1\n" + root + "\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("origin");
        assertThatThrownBy(() -> Checkpoint.parse(ORIGIN + "\n1\n" + root + "\n\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("extension");
    }
}
