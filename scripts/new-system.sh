#!/usr/bin/env bash
# Creates the skeleton of a system module from scripts/systems.tsv: pom, Spring Boot application, CLI with `serve`,
# configuration defaults, and the tests every system must have (boot over the network, CLI, architecture guard).
# Usage: scripts/new-system.sh <system>   (an existing module is left untouched)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
system=${1:?usage: new-system.sh <system>}
line=$(awk -F'\t' -v s="$system" '$1==s' "$root/scripts/systems.tsv")
[ -n "$line" ] || { echo "unknown system '$system': add it to scripts/systems.tsv first" >&2; exit 2; }
IFS=$'\t' read -r name pkg prefix grpc http description <<<"$line"
dir="$root/$name"
[ -e "$dir/pom.xml" ] && { echo "$name exists; nothing done"; exit 0; }
base="$dir/src/main/java/io/multisystem/$pkg"
tbase="$dir/src/test/java/io/multisystem/$pkg"
mkdir -p "$base/app" "$base/cli" "$dir/src/main/resources" "$tbase/app" "$tbase/cli" "$tbase"

cat >"$dir/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>io.multisystem</groupId>
    <artifactId>multisystem-parent</artifactId>
    <version>0.1.0-SNAPSHOT</version>
  </parent>

  <artifactId>$name</artifactId>
  <name>$name</name>
  <description>$description</description>

  <properties>
    <jib.skip>false</jib.skip>
    <main.class>io.multisystem.$pkg.cli.${prefix}Cli</main.class>
  </properties>

  <dependencies>
    <dependency>
      <groupId>io.multisystem</groupId>
      <artifactId>shared-core</artifactId>
    </dependency>
    <dependency>
      <groupId>io.multisystem</groupId>
      <artifactId>platform-api</artifactId>
    </dependency>

    <dependency>
      <groupId>io.multisystem</groupId>
      <artifactId>shared-core</artifactId>
      <type>test-jar</type>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-test</artifactId>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>com.tngtech.archunit</groupId>
      <artifactId>archunit-junit5</artifactId>
      <scope>test</scope>
    </dependency>
    <dependency>
      <groupId>net.jqwik</groupId>
      <artifactId>jqwik</artifactId>
      <scope>test</scope>
    </dependency>
  </dependencies>

  <build>
    <plugins>
      <plugin>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-maven-plugin</artifactId>
        <configuration>
          <mainClass>\${main.class}</mainClass>
        </configuration>
      </plugin>
      <plugin>
        <groupId>com.google.cloud.tools</groupId>
        <artifactId>jib-maven-plugin</artifactId>
        <configuration>
          <container>
            <mainClass>\${main.class}</mainClass>
            <ports>
              <port>$grpc</port>
              <port>$http</port>
            </ports>
          </container>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
EOF

cat >"$base/app/${prefix}Application.java" <<EOF
package io.multisystem.$pkg.app;

import io.multisystem.core.boot.PlatformApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The $name service: gRPC on $grpc, HTTP actuator on $http by default. Start it with {@code bin/$name serve}. */
@SpringBootApplication(scanBasePackages = "io.multisystem.$pkg")
public class ${prefix}Application {
    public static final String SYSTEM = "$name";

    public static void main(String[] args) {
        PlatformApplication.main(${prefix}Application.class, SYSTEM, args);
    }
}
EOF

cat >"$base/cli/${prefix}Cli.java" <<EOF
package io.multisystem.$pkg.cli;

import io.multisystem.$pkg.app.${prefix}Application;
import io.multisystem.core.boot.ServeCommand;
import io.multisystem.core.cli.CliRunner;
import io.multisystem.core.cli.HealthCommand;
import io.multisystem.core.cli.PlatformVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The $name command line: {@code serve} starts the service; domain commands run in-process or call --server. */
@Command(name = "$name", mixinStandardHelpOptions = true, versionProvider = PlatformVersion.class,
        description = "$description")
public final class ${prefix}Cli {
    /** The full command tree, with the platform's error handling and exit codes. */
    public static CommandLine commandLine() {
        return CliRunner.commandLine(new ${prefix}Cli())
                .addSubcommand(new ServeCommand(${prefix}Application.class, ${prefix}Application.SYSTEM))
                .addSubcommand(new HealthCommand());
    }

    public static void main(String[] args) {
        CliRunner.exit(commandLine(), args);
    }
}
EOF

cat >"$dir/src/main/resources/application.properties" <<EOF
# $name defaults; every value can be overridden by environment (e.g. SERVER_PORT) or --name=value after 'serve'.
multisystem.system=$name
spring.application.name=$name
spring.grpc.server.port=$grpc
server.port=$http
EOF

cat >"$tbase/app/${prefix}ApplicationIT.java" <<EOF
package io.multisystem.$pkg.app;

import io.multisystem.core.testing.ServiceProbe;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=\${java.io.tmpdir}/multisystem-it"})
class ${prefix}ApplicationIT {
    @Autowired
    WebServerApplicationContext context;
    @Autowired
    Environment environment;

    @Test
    void servesGrpcHealthReflectionAndActuatorOverTheNetwork() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);

        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"$name\"");
    }
}
EOF

cat >"$tbase/cli/${prefix}CliTest.java" <<EOF
package io.multisystem.$pkg.cli;

import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ${prefix}CliTest {
    @Test
    void helpListsTheServeCommand() {
        CliHarness.Result result = CliHarness.run(${prefix}Cli::commandLine, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("serve");
    }

    @Test
    void unknownCommandIsBadUsageWithExitCode2() {
        CliHarness.Result result = CliHarness.run(${prefix}Cli::commandLine, "no-such-command");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no-such-command");
    }
}
EOF

cat >"$tbase/ArchitectureTest.java" <<EOF
package io.multisystem.$pkg;

import io.multisystem.core.testing.DomainIsolationRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void domainPackagesImportNeitherSpringNorGrpc() {
        DomainIsolationRules.check("io.multisystem.$pkg");
    }
}
EOF
echo "created $name"
