package io.multisystem.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The multisystem chart under test, linted and rendered through helm-java (the Helm library loaded natively
 * in this JVM; no helm binary and no cluster are involved).
 *
 * <p>The chart directory comes from the {@code multisystem.chart.dir} system property (set by the build),
 * falling back to {@code helm/multisystem} under the working directory. Tests call {@link #assumeHelmLoads()}
 * first: on a platform helm-java ships no native library for, they are skipped with the reason instead of
 * failing.
 */
final class HelmChart {

  static final Path DIR = Paths.get(System.getProperty("multisystem.chart.dir", "helm/multisystem"))
      .toAbsolutePath().normalize();
  static final Path ALL_ENABLED_VALUES = DIR.resolve("ci/all-enabled-values.yaml");
  static final Path SINGLE_VALUES = DIR.resolve("ci/single-values.yaml");

  static final String RELEASE = "multisystem";
  static final String NAMESPACE = "platform";
  /**
   * Kubernetes version to render for. The embedded Helm library assumes v1.20 unless told, older than the
   * chart's kubeVersion floor (native gRPC probes); the helm CLI assumes its own recent version instead.
   */
  static final String KUBE_VERSION = "v1.31.0";

  private static final String HELM_UNAVAILABLE = loadHelm();

  private HelmChart() {
  }

  /** Skips the calling test, saying why, when the native Helm library cannot be loaded on this machine. */
  static void assumeHelmLoads() {
    assumeTrue(HELM_UNAVAILABLE == null, () -> "helm-java could not load its native Helm library on "
        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " (" + HELM_UNAVAILABLE
        + "); the chart tests need com.marcnuri.helm-java's native artifact for this platform");
  }

  /** Renders the chart as {@code helm template} does, with the given values files applied in order. */
  static RenderedChart template(Path... valuesFiles) {
    return template(Map.of(), valuesFiles);
  }

  /**
   * Renders the chart with the given values files applied in order, then {@code --set} overrides.
   *
   * @throws IllegalStateException with Helm's message when the values fail the schema or a template fails
   */
  static RenderedChart template(Map<String, Object> sets, Path... valuesFiles) {
    return RenderedChart.parse(render(KUBE_VERSION, sets, valuesFiles));
  }

  /** The raw output of {@code helm template} for a cluster of the given Kubernetes version. */
  static String render(String kubeVersion, Map<String, Object> sets, Path... valuesFiles) {
    TemplateCommand command = new Helm(DIR).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(kubeVersion);
    for (Path valuesFile : valuesFiles) {
      command = command.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command.call();
  }

  /** {@code helm lint --strict} of the chart with its own values.yaml. */
  static LintResult lintStrict() {
    return new Helm(DIR).lint().strict().call();
  }

  /**
   * {@code helm lint --strict -f valuesFile}. helm-java's lint takes no values files, so this lints a copy of
   * the chart whose values.yaml is the chart's own with the file merged over it, the way Helm merges a
   * {@code -f} file: maps merge key by key, anything else replaces, and null deletes the key.
   */
  static LintResult lintStrict(Path valuesFile) {
    Path copy = copyOfChart();
    try {
      Yaml yaml = new Yaml();
      Map<String, Object> values = loadMap(yaml, DIR.resolve("values.yaml"));
      mergeInto(values, loadMap(yaml, valuesFile));
      DumperOptions options = new DumperOptions();
      options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
      Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(values));
      return new Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteRecursively(copy.getParent());
    }
  }

  private static String loadHelm() {
    try {
      Helm.version().call();
      return null;
    } catch (RuntimeException | LinkageError e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      return cause == e ? e.toString() : e + " caused by " + cause;
    }
  }

  private static Path copyOfChart() {
    try {
      // Helm expects the chart directory to carry the chart's name.
      Path copy = Files.createTempDirectory("multisystem-chart").resolve(DIR.getFileName());
      try (Stream<Path> files = Files.walk(DIR)) {
        for (Path source : (Iterable<Path>) files::iterator) {
          Path target = copy.resolve(DIR.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target);
          }
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> loadMap(Yaml yaml, Path file) throws IOException {
    Map<String, Object> map = yaml.load(Files.readString(file));
    return map == null ? new LinkedHashMap<>() : map;
  }

  @SuppressWarnings("unchecked")
  private static void mergeInto(Map<String, Object> target, Map<String, Object> source) {
    for (Map.Entry<String, Object> entry : source.entrySet()) {
      Object current = target.get(entry.getKey());
      Object value = entry.getValue();
      if (value == null) {
        target.remove(entry.getKey());
      } else if (current instanceof Map && value instanceof Map) {
        mergeInto((Map<String, Object>) current, (Map<String, Object>) value);
      } else {
        target.put(entry.getKey(), value);
      }
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> paths = new ArrayList<>(files.toList());
      paths.sort(Comparator.reverseOrder());
      for (Path path : paths) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
