package io.multisystem.attestation.grpc;

import io.grpc.stub.StreamObserver;
import io.multisystem.attestation.authority.Authority;
import io.multisystem.attestation.checkpoint.Checkpoint;
import io.multisystem.attestation.checkpoint.SignedNote;
import io.multisystem.attestation.v1.ConsistencyProof;
import io.multisystem.attestation.v1.GetCheckpointRequest;
import io.multisystem.attestation.v1.GetConsistencyProofRequest;
import io.multisystem.attestation.v1.GetEntriesRequest;
import io.multisystem.attestation.v1.GetEntriesResponse;
import io.multisystem.attestation.v1.GetInclusionProofRequest;
import io.multisystem.attestation.v1.InclusionProof;
import io.multisystem.attestation.v1.LogEntry;
import io.multisystem.attestation.v1.SignedCheckpoint;
import io.multisystem.attestation.v1.TransparencyLogServiceGrpc;

import static io.multisystem.attestation.grpc.AttestationGrpcService.respond;

/** {@code io.multisystem.attestation.v1.TransparencyLogService} over an {@link Authority}. */
public final class TransparencyLogGrpcService extends TransparencyLogServiceGrpc.TransparencyLogServiceImplBase {
    private final Authority authority;

    public TransparencyLogGrpcService(Authority authority) {
        this.authority = authority;
    }

    @Override
    public void getCheckpoint(GetCheckpointRequest request, StreamObserver<SignedCheckpoint> responses) {
        respond(responses, () -> {
            String signed = authority.signedCheckpoint();
            Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(signed).text());
            return SignedCheckpoint.newBuilder().setSignedNote(signed).setOrigin(checkpoint.origin())
                    .setTreeSize(checkpoint.treeSize()).setRootHash(ProtoMapping.bytes(checkpoint.rootHash()))
                    .setVerifierKey(authority.logKey().encode()).build();
        });
    }

    @Override
    public void getEntries(GetEntriesRequest request, StreamObserver<GetEntriesResponse> responses) {
        respond(responses, () -> {
            GetEntriesResponse.Builder out = GetEntriesResponse.newBuilder();
            for (Authority.StoredEntry entry : authority.entries(request.getStart(),
                    request.getCount() == 0 ? 100 : request.getCount())) {
                out.addEntries(LogEntry.newBuilder().setIndex(entry.index()).setKind(entry.kind())
                        .setData(ProtoMapping.bytes(entry.entry()))
                        .setLoggedAt(ProtoMapping.timestamp(entry.loggedAt())));
            }
            return out.build();
        });
    }

    @Override
    public void getInclusionProof(GetInclusionProofRequest request, StreamObserver<InclusionProof> responses) {
        respond(responses, () -> {
            long index = request.getLeafCase() == GetInclusionProofRequest.LeafCase.ATTESTATION_ID
                    ? authority.status(request.getAttestationId()).record().logIndex() : request.getLeafIndex();
            io.multisystem.attestation.log.InclusionProof proof = authority.inclusionProof(index,
                    request.getTreeSize());
            InclusionProof.Builder out = InclusionProof.newBuilder().setLeafIndex(proof.leafIndex())
                    .setTreeSize(proof.treeSize());
            proof.hashes().forEach(h -> out.addHashes(ProtoMapping.bytes(h)));
            return out.build();
        });
    }

    @Override
    public void getConsistencyProof(GetConsistencyProofRequest request,
            StreamObserver<ConsistencyProof> responses) {
        respond(responses, () -> {
            io.multisystem.attestation.log.ConsistencyProof proof = authority.consistencyProof(request.getOldSize(),
                    request.getNewSize());
            ConsistencyProof.Builder out = ConsistencyProof.newBuilder().setOldSize(proof.oldSize())
                    .setNewSize(proof.newSize());
            proof.hashes().forEach(h -> out.addHashes(ProtoMapping.bytes(h)));
            return out.build();
        });
    }
}
