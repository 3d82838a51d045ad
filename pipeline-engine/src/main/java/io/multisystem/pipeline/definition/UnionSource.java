package io.multisystem.pipeline.definition;

import io.multisystem.pipeline.execution.Pipeline;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Sources for union: the rows of several inputs of one schema, interleaved round-robin (one row from each input in
 * turn, skipping exhausted ones), and a source with steps already applied. Iterators are read by one thread.
 */
final class UnionSource {
    private UnionSource() {
    }

    /** The inputs interleaved; every input must have {@code schema}. */
    static Source interleave(Schema schema, List<Source> inputs) {
        return new Source() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public RowIterator open() {
                List<RowIterator> open = new ArrayList<>();
                try {
                    for (Source s : inputs) {
                        open.add(s.open());
                    }
                } catch (RuntimeException e) {
                    open.forEach(RowIterator::close);
                    throw e;
                }
                return new RowIterator() {
                    private int turn;
                    private final List<RowIterator> live = new ArrayList<>(open);

                    @Override
                    public boolean hasNext() {
                        while (!live.isEmpty()) {
                            turn %= live.size();
                            if (live.get(turn).hasNext()) {
                                return true;
                            }
                            live.remove(turn);
                        }
                        return false;
                    }

                    @Override
                    public Row next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return live.get(turn++).next();
                    }

                    @Override
                    public void close() {
                        RuntimeException first = null;
                        for (RowIterator it : open) {
                            try {
                                it.close();
                            } catch (RuntimeException e) {
                                first = first == null ? e : first;
                            }
                        }
                        if (first != null) {
                            throw first;
                        }
                    }
                };
            }
        };
    }

    /** {@code source} with its fields reordered to {@code target} (same names and types). */
    static Source reordered(Source source, Schema target) {
        if (source.schema().equals(target)) {
            return source;
        }
        int[] from = new int[target.size()];
        for (int i = 0; i < from.length; i++) {
            from[i] = source.schema().getIndex(target.fields().get(i).name());
        }
        return transformed(source, target, List.of((row, out) -> {
            Object[] values = new Object[from.length];
            for (int i = 0; i < from.length; i++) {
                values[i] = row.get(from[i]);
            }
            out.accept(Row.of(target, values));
        }));
    }

    /** The rows of {@code source} after the steps (applied on the reading thread). */
    static Source transformed(Source source, Schema schema, List<Pipeline.Step> steps) {
        return new Source() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public RowIterator open() {
                RowIterator in = source.open();
                ArrayDeque<Row> buffer = new ArrayDeque<>();
                java.util.function.Consumer<Row> sinkToBuffer = buffer::add;
                java.util.function.Consumer<Row> chain = sinkToBuffer;
                for (int i = steps.size() - 1; i >= 0; i--) {
                    Pipeline.Step step = steps.get(i);
                    java.util.function.Consumer<Row> next = chain;
                    chain = row -> step.apply(row, next);
                }
                java.util.function.Consumer<Row> head = chain;
                return new RowIterator() {
                    @Override
                    public boolean hasNext() {
                        while (buffer.isEmpty() && in.hasNext()) {
                            head.accept(in.next());
                        }
                        return !buffer.isEmpty();
                    }

                    @Override
                    public Row next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return buffer.poll();
                    }

                    @Override
                    public void close() {
                        in.close();
                    }
                };
            }
        };
    }
}
