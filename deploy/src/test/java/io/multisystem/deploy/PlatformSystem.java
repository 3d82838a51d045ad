package io.multisystem.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's systems as PLATFORM.md fixes them: ports, and how each one runs. This is the expectation the
 * chart is checked against, written out independently of values.yaml.
 */
record PlatformSystem(String name, int grpcPort, int httpPort, Map<String, Integer> extraPorts, String kind) {

  static final List<PlatformSystem> ALL = List.of(
      new PlatformSystem("attestation-authority", 9101, 8101, Map.of(), "StatefulSet"),
      new PlatformSystem("autoblocker-ledger", 9102, 8102, Map.of("raft", 9202), "StatefulSet"),
      new PlatformSystem("chaos-engine", 9103, 8103, Map.of("toxiproxy", 8474), "StatefulSet"),
      new PlatformSystem("cloud-kernel-agent", 9104, 8104, Map.of(), "DaemonSet"),
      new PlatformSystem("contract-compiler", 9105, 8105, Map.of(), "Deployment"),
      new PlatformSystem("symbolic-modeler", 9106, 8106, Map.of(), "Deployment"),
      new PlatformSystem("lattice-engine", 9107, 8107, Map.of(), "StatefulSet"),
      new PlatformSystem("parallel-framework", 9108, 8108, Map.of("discovery", 47500), "StatefulSet"),
      new PlatformSystem("pipeline-engine", 9109, 8109, Map.of(), "StatefulSet"),
      new PlatformSystem("auto-learner", 9110, 8110, Map.of(), "StatefulSet"));

  static PlatformSystem named(String name) {
    Optional<PlatformSystem> system = ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    return system.orElseThrow(() -> new IllegalArgumentException("no system named " + name));
  }

  static List<String> names() {
    return ALL.stream().map(PlatformSystem::name).toList();
  }

  /** Every named port: grpc, http and the extras. */
  Map<String, Integer> ports() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("grpc", grpcPort);
    ports.put("http", httpPort);
    ports.putAll(extraPorts);
    return ports;
  }

  @Override
  public String toString() {
    return name;
  }
}
