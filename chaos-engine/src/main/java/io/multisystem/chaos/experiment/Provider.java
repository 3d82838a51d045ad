package io.multisystem.chaos.experiment;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What an activity does: the typed {@code provider} of the experiment format. */
public sealed interface Provider {
    /** The {@code provider.type} wire name. */
    String type();

    /** Whether it injects faults (and therefore counts against the blast radius). */
    default boolean injectsFaults() {
        return false;
    }

    /** GET (or another method) an URL; output {@code {status, body}}. A bare-number tolerance checks the status. */
    record Http(URI url, String method, Map<String, String> headers, String body, Duration timeout) implements Provider {
        public String type() {
            return "http";
        }
    }

    /** Opens a TCP connection; output {@code true} when it connects within the timeout. */
    record Tcp(String host, int port, Duration timeout) implements Provider {
        public String type() {
            return "tcp";
        }
    }

    /**
     * Scrapes a Prometheus text endpoint; output the sum of the samples of {@code metric} whose labels include
     * {@code labels}, or with {@code rate} its per-second increase between two scrapes {@code interval} apart.
     */
    record Prometheus(URI url, String metric, Map<String, String> labels, boolean rate, Duration interval,
                      Duration timeout) implements Provider {
        public String type() {
            return "prometheus";
        }
    }

    /** {@code grpc.health.v1.Health/Check}; output the serving status name, e.g. {@code SERVING}. */
    record GrpcHealth(String target, String service, Duration timeout) implements Provider {
        public String type() {
            return "grpc-health";
        }
    }

    /** Counts running processes the selector matches (mode ignored); output the count (0 = every one exited). */
    record ProcessCount(Selector selector) implements Provider {
        public String type() {
            return "process";
        }
    }

    /** Runs a command; output {@code {exit_code, stdout, stderr}}. A bare-number tolerance checks the exit code. */
    record Command(List<String> argv, Duration timeout) implements Provider {
        public String type() {
            return "command";
        }
    }

    /**
     * Adds a toxic to each selected proxy; reverted by removing it. {@code api} is a Toxiproxy API URL, or null for
     * the engine's own proxies.
     */
    record Toxic(URI api, Selector selector, String toxicType, String stream, double toxicity,
                 Map<String, Long> attributes, List<String> sources, Duration expiresIn) implements Provider {
        public String type() {
            return "toxic";
        }

        @Override
        public boolean injectsFaults() {
            return true;
        }
    }

    /** Sends a signal to each selected process: kill (SIGKILL), terminate (SIGTERM), pause (SIGSTOP), resume (SIGCONT). */
    record Signal(ProcessSignal signal, Selector selector) implements Provider {
        public String type() {
            return "process-signal";
        }

        @Override
        public boolean injectsFaults() {
            return signal != ProcessSignal.RESUME;
        }
    }

    /** Limits the CPU (cores, e.g. 0.5) or memory (bytes) of each selected process's cgroup v2; reverted to the old limit. */
    record CgroupLimit(CgroupResource resource, String limit, Selector selector) implements Provider {
        public String type() {
            return "cgroup";
        }

        @Override
        public boolean injectsFaults() {
            return true;
        }
    }

    enum ProcessSignal {
        KILL, TERMINATE, PAUSE, RESUME;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum CgroupResource {
        CPU, MEMORY
    }
}
