package io.multisystem.contract.grpc;

import io.grpc.stub.StreamObserver;
import io.multisystem.contract.analysis.Analysis;
import io.multisystem.contract.engine.Backend;
import io.multisystem.contract.wasm.WasmCompiler;
import io.multisystem.contract.engine.Contract;
import io.multisystem.contract.engine.ContractEngine;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.JsonCodec;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.eval.Response;
import io.multisystem.contract.jvm.JvmCompiler;
import io.multisystem.contract.schema.Schema;
import io.multisystem.contract.schema.Validator;
import io.multisystem.contract.sla.SlaMonitor;
import io.multisystem.contract.v1.*;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** {@code io.multisystem.contract.v1.ContractService}: adapts protobuf messages to the {@link ContractEngine}. */
public final class ContractGrpcService extends ContractServiceGrpc.ContractServiceImplBase {
    private final ContractEngine engine;

    public ContractGrpcService(ContractEngine engine) {
        this.engine = engine;
    }

    @Override
    public void compile(CompileRequest req, StreamObserver<CompileResponse> out) {
        Contract c = engine.compile(req.getSource().getName(), req.getSource().getText());
        CompileResponse.Builder b = CompileResponse.newBuilder().setContractId(c.id()).setPolicies(c.policies().size())
                .setTemplates(c.templates().size()).setRateLimits(c.file().rateLimits().size())
                .setSlas(c.file().slas().size());
        if (req.getTarget() == Target.TARGET_JVM) {
            b.setArtifact(com.google.protobuf.ByteString.copyFrom(JvmCompiler.classBytes(c.policies())))
                    .setArtifactName("GeneratedPolicies.class");
        } else if (req.getTarget() == Target.TARGET_WASM) {
            b.setArtifact(com.google.protobuf.ByteString.copyFrom(WasmCompiler.compile(c.policies())))
                    .setArtifactName("policies.wasm");
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void validate(ValidateRequest req, StreamObserver<ValidateResponse> out) {
        Contract c = engine.compile(req.getSource().getName(), req.getSource().getText());
        Schema schema = ContractEngine.schema(req.getSchema());
        if (schema == null) {
            throw new InvalidInputException(ContractEngine.COMPONENT, "NO_SCHEMA", "validation needs a schema");
        }
        List<Validator.Issue> issues = engine.validate(c, schema);
        ValidateResponse.Builder b = ValidateResponse.newBuilder().setValid(issues.isEmpty());
        for (Validator.Issue i : issues) {
            b.addIssues(ValidationIssue.newBuilder().setPolicyId(i.policyId()).setLocation(i.loc().toString())
                    .setMessage(i.message()));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void authorize(AuthorizeRequest req, StreamObserver<AuthorizeResponse> out) {
        Contract c = engine.resolve(req.getSource().getName(), req.getSource().getText(), req.getContractId());
        Schema schema = ContractEngine.schema(req.getSchema());
        Entities es = ContractEngine.entities(req.getEntitiesJson(), schema);
        out.onNext(toProto(engine.authorize(c, backend(req.getBackend()), request(req.getRequest(), schema), es)));
        out.onCompleted();
    }

    @Override
    public void authorizeBatch(AuthorizeBatchRequest req, StreamObserver<AuthorizeBatchResponse> out) {
        Contract c = engine.resolve(req.getSource().getName(), req.getSource().getText(), req.getContractId());
        Schema schema = ContractEngine.schema(req.getSchema());
        Entities es = ContractEngine.entities(req.getEntitiesJson(), schema);
        Backend b = backend(req.getBackend());
        List<Request> requests = new ArrayList<>();
        for (AuthzRequest r : req.getRequestsList()) {
            requests.add(request(r, schema));
        }
        AuthorizeBatchResponse.Builder resp = AuthorizeBatchResponse.newBuilder();
        for (Request r : requests) {
            resp.addResponses(toProto(engine.authorize(c, b, r, es)));
        }
        out.onNext(resp.build());
        out.onCompleted();
    }

    @Override
    public void analyze(AnalyzeRequest req, StreamObserver<AnalyzeResponse> out) {
        Contract a = engine.resolve(req.getSource().getName(), req.getSource().getText(), req.getContractId());
        boolean haveOther = !req.getOther().getText().isBlank() || !req.getOtherContractId().isBlank();
        Contract b = haveOther ? engine.resolve(req.getOther().getName().isBlank() ? "<other>" : req.getOther().getName(),
                req.getOther().getText(), req.getOtherContractId()) : null;
        List<Analysis.Check> checks = ContractEngine.checks(req.getChecksList(), haveOther);
        out.onNext(toProto(engine.analyze(a, b, checks, req.getTimeoutMillis())));
        out.onCompleted();
    }

    /** The wire form of an analysis report (also used by the CLI to print in-process results the same way). */
    public static AnalyzeResponse toProto(Analysis.Report report) {
        AnalyzeResponse.Builder resp = AnalyzeResponse.newBuilder().addAllApproximations(report.approximations())
                .setSolverMillis(report.solverMillis());
        for (Analysis.Result r : report.results()) {
            CheckResult.Builder cr = CheckResult.newBuilder().setCheck(r.check().cliName)
                    .setVerdict(switch (r.verdict()) {
                        case HOLDS -> Verdict.VERDICT_HOLDS;
                        case VIOLATED -> Verdict.VERDICT_VIOLATED;
                        case UNKNOWN -> Verdict.VERDICT_UNKNOWN;
                    })
                    .setMessage(r.message());
            if (r.example() != null) {
                cr.setExample(example(r.example()));
            }
            for (Analysis.Finding f : r.findings()) {
                AnalysisFinding.Builder fb = AnalysisFinding.newBuilder().setKind(f.kind()).setPolicyId(f.policyId())
                        .setOtherPolicyId(f.otherPolicyId()).setDetail(f.detail());
                if (f.witness() != null) {
                    fb.setWitness(example(f.witness()));
                }
                cr.addFindings(fb);
            }
            resp.addResults(cr);
        }
        return resp.build();
    }

    static AnalysisExample example(Analysis.Example ex) {
        Request r = ex.request();
        AnalysisExample.Builder b = AnalysisExample.newBuilder()
                .setRequest(AuthzRequest.newBuilder().setPrincipal(ref(r.principal())).setAction(ref(r.action()))
                        .setResource(ref(r.resource())).setContextJson(ex.contextJson()))
                .setEntitiesJson(ex.entitiesJson()).setDecision(toProto(ex.decision())).setConfirmed(ex.confirmed());
        if (ex.otherDecision() != null) {
            b.setOtherDecision(toProto(ex.otherDecision()));
        }
        return b.build();
    }

    private static EntityRef ref(EntityUid u) {
        return EntityRef.newBuilder().setType(u.type()).setId(u.id()).build();
    }

    @Override
    public void checkRateLimit(CheckRateLimitRequest req, StreamObserver<CheckRateLimitResponse> out) {
        Contract c = engine.resolve(req.getSource().getName(), req.getSource().getText(), req.getContractId());
        Entities es = ContractEngine.entities(req.getEntitiesJson(), null);
        CheckRateLimitResponse.Builder b = CheckRateLimitResponse.newBuilder().setAllowed(true);
        for (ContractEngine.RateLimitOutcome o : engine.checkRateLimits(c, backend(req.getBackend()), request(req.getRequest(), null), es,
                req.getPermits())) {
            b.addLimits(RateLimitStatus.newBuilder().setName(o.name()).setKey(o.key()).setAllowed(o.allowed())
                    .setRemaining(o.remaining()).setRetryAfterMillis(o.retryAfterMillis()));
            if (!o.allowed()) {
                b.setAllowed(false);
            }
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void evaluateSla(EvaluateSlaRequest req, StreamObserver<EvaluateSlaResponse> out) {
        Contract c = engine.resolve(req.getSource().getName(), req.getSource().getText(), req.getContractId());
        List<ContractEngine.Observation> obs = new ArrayList<>();
        for (Observation o : req.getObservationsList()) {
            obs.add(new ContractEngine.Observation(o.getMetric(), o.getValue(), o.getAtMillis()));
        }
        EvaluateSlaResponse.Builder b = EvaluateSlaResponse.newBuilder().setAllMet(true);
        for (SlaMonitor.Status s : engine.evaluateSla(c, req.getSla(), obs)) {
            b.addObjectives(ObjectiveStatus.newBuilder().setSla(s.sla()).setObjective(s.objective()).setMet(s.met())
                    .setActual(s.actual()).setThreshold(s.threshold()).setSamples(s.samples())
                    .setWindowMillis(s.windowMillis()));
            if (!s.met()) {
                b.setAllMet(false);
            }
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    static Backend backend(io.multisystem.contract.v1.Backend b) {
        switch (b) {
            case BACKEND_INTERPRETER: return Backend.INTERPRETER;
            case BACKEND_WASM: return Backend.WASM;
            default: return Backend.JVM;
        }
    }

    static Request request(AuthzRequest r, Schema schema) {
        EntityUid action = uid(r.getAction(), "action");
        return new Request(uid(r.getPrincipal(), "principal"), action, uid(r.getResource(), "resource"),
                JsonCodec.context(r.getContextJson().isBlank() ? null : JsonCodec.read(r.getContextJson(), "context_json"),
                        schema, action));
    }

    private static EntityUid uid(EntityRef e, String what) {
        if (e.getType().isEmpty()) {
            throw new InvalidInputException(ContractEngine.COMPONENT, "MISSING_" + what.toUpperCase(),
                    "request." + what + " needs an entity type (and id)");
        }
        return new EntityUid(e.getType(), e.getId());
    }

    static AuthorizeResponse toProto(Response r) {
        AuthorizeResponse.Builder b = AuthorizeResponse.newBuilder()
                .setDecision(r.allowed() ? Decision.DECISION_ALLOW : Decision.DECISION_DENY).addAllReasons(r.reasons());
        for (Response.PolicyError e : r.errors()) {
            b.addErrors(PolicyError.newBuilder().setPolicyId(e.policyId()).setMessage(e.message()));
        }
        for (Response.NotApplied n : r.notApplied()) {
            b.addNotApplied(NotApplied.newBuilder().setPolicyId(n.policyId()).setReason(n.reason()).setLocation(n.location()));
        }
        return b.build();
    }
}
