package io.multisystem.attestation.checkpoint;

import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signed notes, checked against the example of golang.org/x/mod/sumdb/note (the C2SP signed-note reference). */
class SignedNoteTest {
    private static final String GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String GO_SIGNER_KEY =
            "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String GO_NOTE = GO_TEXT + "\n"
            + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void goReferenceNoteVerifiesUnderItsPublishedKey() {
        NoteVerification result = NoteVerifier.trusting(List.of(NoteKey.parse(GO_VERIFIER_KEY))).verify(GO_NOTE);

        assertThat(result.isVerified()).as(result.detail()).isTrue();
        assertThat(result.verifiedBy()).containsExactly("PeterNeumann");
        assertThat(result.note()).hasValueSatisfying(note -> assertThat(note.text()).isEqualTo(GO_TEXT));
    }

    @Test
    void signingTheGoReferenceTextReproducesTheReferenceNoteByteForByte() {
        NoteSigner signer = NoteSigner.parse(GO_SIGNER_KEY);

        assertThat(signer.verifierKey().encode()).isEqualTo(GO_VERIFIER_KEY);
        assertThat(SignedNote.sign(GO_TEXT, List.of(signer)).format()).isEqualTo(GO_NOTE);
    }

    @Test
    void changingOneCharacterOfTheTextBreaksTheSignature() {
        NoteVerifier verifier = NoteVerifier.trusting(List.of(NoteKey.parse(GO_VERIFIER_KEY)));

        assertThat(verifier.verify(GO_NOTE.replace("cryptography", "cryptographY")).problemIfAny())
                .contains(NoteProblem.SIGNATURE_INVALID);
    }

    @Test
    void signaturesByUnknownKeysAreIgnoredButSomeTrustedSignatureIsRequired() {
        NoteSigner other = NoteSigner.of("witness.example", Ed25519PrivateKey.fromSeed(new byte[32]));
        SignedNote both = SignedNote.sign(GO_TEXT, List.of(NoteSigner.parse(GO_SIGNER_KEY), other));

        NoteVerification trustingPeter = NoteVerifier.trusting(List.of(NoteKey.parse(GO_VERIFIER_KEY)))
                .verify(both.format());
        NoteVerification trustingNobodyThere = NoteVerifier.trusting(List.of(NoteKey.parse(
                "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"))).verify(both.format());

        assertThat(trustingPeter.isVerified()).isTrue();
        assertThat(trustingPeter.unverifiedCount()).isEqualTo(1);
        assertThat(trustingNobodyThere.problemIfAny()).contains(NoteProblem.NO_TRUSTED_SIGNATURE);
    }

    @Test
    void verifierKeysWithAWrongHashOrMangledPartsAreRejected() {
        List<String> bad = List.of("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "PeterNeumann+c74f20a3+AhpJ2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "PeterNeumann+c74f20a3", "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");

        for (String key : bad) {
            assertThatThrownBy(() -> NoteKey.parse(key)).as(key).isInstanceOf(InvalidInputException.class)
                    .extracting(e -> ((InvalidInputException) e).code()).isEqualTo("NOTE_KEY_INVALID");
        }
    }

    @Test
    void malformedNotesAreReportedNotThrown() {
        NoteVerifier verifier = NoteVerifier.trusting(List.of(NoteKey.parse(GO_VERIFIER_KEY)));
        List<String> malformed = List.of("", GO_TEXT, GO_NOTE.substring(0, GO_NOTE.length() - 1),
                GO_NOTE.replace("\u2014 ", "- "), GO_NOTE.replace("x08go", "x08g!"),
                GO_NOTE.replace("PeterNeumann x08", "PeterNeumannx08"), GO_NOTE.replace("problem,", "problem,\t"),
                GO_NOTE.replace("=\n", "\n"), GO_NOTE + "\u2014 PeterNeumann AAAA\n");

        for (String note : malformed) {
            assertThat(verifier.verify(note).problemIfAny()).as(note).contains(NoteProblem.NOTE_MALFORMED);
        }
    }

    @Test
    void noteTextsMustEndInANewline() {
        NoteSigner signer = NoteSigner.parse(GO_SIGNER_KEY);

        assertThatThrownBy(() -> SignedNote.sign("no newline", List.of(signer)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("end with a newline");
    }
}
