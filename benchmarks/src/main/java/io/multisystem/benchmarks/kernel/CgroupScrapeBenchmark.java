package io.multisystem.benchmarks.kernel;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Full stats scrape of 1,000 real cgroups created for the run: the agent ({@code statsAll}: list the managed tree,
 * pread every controller's files through descriptors kept open between scrapes, parse, v1/v2 mapping) against the
 * anchor's way of reading (cAdvisor/node_exporter: open, read, parse, close every file on every scrape) and the old
 * floor, a plain Java loop reading the same files without parsing. Needs root (creates cgroups); the groups are removed in tear-down.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CgroupScrapeBenchmark {
    private ScrapeFixture fixture;

    @Setup
    public void setUp() throws IOException {
        fixture = new ScrapeFixture(1000);
    }

    @TearDown
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public int agentFullScrape() {
        return fixture.agent.statsAll().size();
    }

    /** cAdvisor/node_exporter style: open, read, parse and close every file on every scrape. */
    @Benchmark
    public int openReadCloseAnchor() {
        return fixture.openReadClose();
    }

    @Benchmark
    public long plainJavaLoopFloor() throws IOException {
        return fixture.plainLoop();
    }
}
