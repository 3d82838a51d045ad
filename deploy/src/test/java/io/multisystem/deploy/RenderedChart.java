package io.multisystem.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/** The Kubernetes objects that one {@code helm template} run produced, parsed with SnakeYAML. */
final class RenderedChart {

  static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

  private final List<Manifest> manifests;

  private RenderedChart(List<Manifest> manifests) {
    this.manifests = List.copyOf(manifests);
  }

  @SuppressWarnings("unchecked")
  static RenderedChart parse(String rendered) {
    List<Manifest> manifests = new ArrayList<>();
    for (Object document : new Yaml().loadAll(rendered)) {
      if (document != null) {
        manifests.add(new Manifest((Map<String, Object>) document));
      }
    }
    return new RenderedChart(manifests);
  }

  List<Manifest> all() {
    return manifests;
  }

  List<Manifest> ofKind(String kind) {
    return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
  }

  /** Objects labelled as belonging to the system (app.kubernetes.io/component). */
  List<Manifest> ofSystem(String system) {
    return manifests.stream().filter(m -> system.equals(m.labels().get(Manifest.COMPONENT))).toList();
  }

  /** The systems that have at least one object. */
  Set<String> systems() {
    Set<String> systems = new LinkedHashSet<>();
    for (Manifest manifest : manifests) {
      Object component = manifest.labels().get(Manifest.COMPONENT);
      if (component != null) {
        systems.add(component.toString());
      }
    }
    return systems;
  }

  /** The Deployment, StatefulSet or DaemonSet that runs the system. */
  Optional<Manifest> workloadOf(String system) {
    List<Manifest> workloads = ofSystem(system).stream().filter(m -> WORKLOAD_KINDS.contains(m.kind())).toList();
    if (workloads.size() > 1) {
      throw new AssertionError(system + " has more than one workload: " + workloads);
    }
    return workloads.stream().findFirst();
  }

  /** The system's client Service (not the headless one). */
  Optional<Manifest> serviceOf(String system) {
    return ofSystem(system).stream()
        .filter(m -> m.kind().equals("Service") && "client".equals(m.labels().get("multisystem.io/service")))
        .findFirst();
  }

  Optional<Manifest> headlessServiceOf(String system) {
    return ofSystem(system).stream()
        .filter(m -> m.kind().equals("Service") && "headless".equals(m.labels().get("multisystem.io/service")))
        .findFirst();
  }

  /** One rendered object, with typed access to nested fields. */
  record Manifest(Map<String, Object> raw) {

    static final String COMPONENT = "app.kubernetes.io/component";

    String kind() {
      return String.valueOf(raw.get("kind"));
    }

    String name() {
      return String.valueOf(map("metadata").get("name"));
    }

    Map<String, Object> labels() {
      return map("metadata", "labels");
    }

    /** The map at the path of keys; empty when a key is missing. */
    Map<String, Object> map(String... path) {
      return asMap(at(raw, path));
    }

    /** The list at the path of keys; empty when a key is missing. */
    List<Object> list(String... path) {
      return asList(at(raw, path));
    }

    /** The pod spec of a workload. */
    Map<String, Object> podSpec() {
      return map("spec", "template", "spec");
    }

    /** The workload's single container. */
    Map<String, Object> container() {
      List<Object> containers = asList(podSpec().get("containers"));
      if (containers.size() != 1) {
        throw new AssertionError(name() + " should run one container, runs " + containers.size());
      }
      return asMap(containers.get(0));
    }

    /** Named container ports of the workload, as name to port number. */
    Map<String, Integer> containerPorts() {
      Map<String, Integer> ports = new LinkedHashMap<>();
      for (Object port : asList(container().get("ports"))) {
        Map<String, Object> p = asMap(port);
        ports.put(String.valueOf(p.get("name")), (Integer) p.get("containerPort"));
      }
      return ports;
    }

    /** Named ports of a Service, as name to port number. */
    Map<String, Integer> servicePorts() {
      Map<String, Integer> ports = new LinkedHashMap<>();
      for (Object port : list("spec", "ports")) {
        Map<String, Object> p = asMap(port);
        ports.put(String.valueOf(p.get("name")), (Integer) p.get("port"));
      }
      return ports;
    }

    /** The container's environment variables that have a literal value, as name to value. */
    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      for (Object variable : asList(container().get("env"))) {
        Map<String, Object> v = asMap(variable);
        env.put(String.valueOf(v.get("name")), v.containsKey("value") ? String.valueOf(v.get("value")) : null);
      }
      return env;
    }

    /** The volume mounted at the path in the container, joined with its volume definition. */
    Optional<Map<String, Object>> volumeMountedAt(String mountPath) {
      for (Object mount : asList(container().get("volumeMounts"))) {
        Map<String, Object> m = asMap(mount);
        if (mountPath.equals(m.get("mountPath"))) {
          for (Object volume : asList(podSpec().get("volumes"))) {
            if (m.get("name").equals(asMap(volume).get("name"))) {
              return Optional.of(asMap(volume));
            }
          }
          return Optional.of(Map.of("name", m.get("name")));
        }
      }
      return Optional.empty();
    }

    @Override
    public String toString() {
      return kind() + "/" + name();
    }

    private static Object at(Object node, String... path) {
      Object current = node;
      for (String key : path) {
        if (!(current instanceof Map<?, ?> map)) {
          return null;
        }
        current = map.get(key);
      }
      return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object node) {
      return node instanceof Map ? (Map<String, Object>) node : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object node) {
      return node instanceof List ? (List<Object>) node : List.of();
    }
  }
}
