package io.multisystem.pipeline.io;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import org.apache.avro.LogicalTypes;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Avro object container files (Avro 1.x specification) as a source and a sink, through Apache Avro's generic API.
 *
 * <p>Type mapping: {@code string}/{@code enum} ↔ STRING, {@code int}/{@code long} ↔ LONG, {@code float}/{@code double}
 * ↔ DOUBLE, {@code boolean} ↔ BOOLEAN, {@code long} with logical type {@code timestamp-millis} (or
 * {@code timestamp-micros}, converted) ↔ TIMESTAMP; a union of {@code null} and one of these is the nullable form. The
 * sink writes every field as {@code ["null", type]}, record name {@code Row}. Other Avro types are rejected with the
 * field named.
 */
public final class AvroFiles {
    private AvroFiles() {
    }

    /**
     * The row schema of an Avro file, read from its header.
     *
     * @throws NotFoundException (code {@code INPUT_NOT_FOUND}) when the file is missing
     * @throws InvalidInputException (code {@code AVRO_INVALID}) when it is not an Avro container file or a field has an
     *                               unsupported type
     */
    public static Schema readSchema(Path path) {
        try (DataFileReader<GenericRecord> reader = open(path)) {
            return toRowSchema(reader.getSchema(), path);
        } catch (IOException e) {
            throw unreadable(path, e);
        }
    }

    /** Reads records of the file; fields are matched by name, fields missing from a record are {@code null}. */
    public static Source source(Path path, Schema schema) {
        return new Source() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public RowIterator open() {
                DataFileReader<GenericRecord> reader = AvroFiles.open(path);
                org.apache.avro.Schema fileSchema = reader.getSchema();
                int[] position = new int[schema.size()];
                boolean[] micros = new boolean[schema.size()];
                for (int i = 0; i < schema.size(); i++) {
                    org.apache.avro.Schema.Field f = fileSchema.getField(schema.fields().get(i).name());
                    position[i] = f == null ? -1 : f.pos();
                    micros[i] = f != null && nonNull(f.schema()).getLogicalType() instanceof LogicalTypes.TimestampMicros;
                }
                return new RowIterator() {
                    private GenericRecord reuse;

                    @Override
                    public boolean hasNext() {
                        return reader.hasNext();
                    }

                    @Override
                    public Row next() {
                        try {
                            reuse = reader.next(reuse);
                        } catch (IOException e) {
                            throw unreadable(path, e);
                        }
                        Object[] values = new Object[schema.size()];
                        for (int i = 0; i < values.length; i++) {
                            if (position[i] < 0) {
                                continue;
                            }
                            values[i] = convert(reuse.get(position[i]), schema.fields().get(i), micros[i], path);
                        }
                        return Row.of(schema, values);
                    }

                    @Override
                    public void close() {
                        try {
                            reader.close();
                        } catch (IOException e) {
                            throw unreadable(path, e);
                        }
                    }
                };
            }
        };
    }

    /** Writes an Avro container file (deflate codec), replacing the file. */
    public static Sink sink(Path path) {
        return new Sink() {
            private DataFileWriter<GenericRecord> writer;
            private org.apache.avro.Schema avro;
            private Schema rowSchema;

            @Override
            public void open(Schema schema) {
                rowSchema = schema;
                avro = toAvroSchema(schema);
                writer = new DataFileWriter<>(new GenericDatumWriter<>(avro));
                writer.setCodec(org.apache.avro.file.CodecFactory.deflateCodec(6));
                try {
                    writer.create(avro, path.toFile());
                } catch (IOException e) {
                    throw unwritable(path, e);
                }
            }

            @Override
            public void write(Row row) {
                GenericData.Record record = new GenericData.Record(avro);
                for (int i = 0; i < rowSchema.size(); i++) {
                    record.put(i, row.get(i));
                }
                try {
                    writer.append(record);
                } catch (IOException e) {
                    throw unwritable(path, e);
                }
            }

            @Override
            public void close() {
                if (writer == null) {
                    return;
                }
                try {
                    writer.close();
                } catch (IOException e) {
                    throw unwritable(path, e);
                }
            }
        };
    }

    /** The Avro schema the sink writes for a row schema. */
    public static org.apache.avro.Schema toAvroSchema(Schema schema) {
        SchemaBuilder.FieldAssembler<org.apache.avro.Schema> fields = SchemaBuilder.record("Row")
                .namespace("io.multisystem.pipeline").fields();
        for (Schema.Field f : schema.fields()) {
            org.apache.avro.Schema type = switch (f.type()) {
                case STRING -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
                case LONG -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
                case DOUBLE -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
                case BOOLEAN -> org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
                case TIMESTAMP -> LogicalTypes.timestampMillis()
                        .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
            };
            fields = fields.name(f.name()).type(org.apache.avro.Schema.createUnion(
                    org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), type)).withDefault(null);
        }
        return fields.endRecord();
    }

    private static DataFileReader<GenericRecord> open(Path path) {
        if (!Files.exists(path)) {
            throw new NotFoundException(Errors.COMPONENT, "INPUT_NOT_FOUND", "input file " + path
                    + " does not exist; check the path");
        }
        try {
            File file = path.toFile();
            return new DataFileReader<>(file, new GenericDatumReader<>());
        } catch (IOException e) {
            throw new InvalidInputException(Errors.COMPONENT, "AVRO_INVALID", path
                    + " is not an Avro object container file: " + e.getMessage());
        }
    }

    private static Schema toRowSchema(org.apache.avro.Schema avro, Path path) {
        if (avro.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new InvalidInputException(Errors.COMPONENT, "AVRO_INVALID", path + ": top-level schema is "
                    + avro.getType() + "; only files of records are supported");
        }
        List<Schema.Field> fields = new ArrayList<>();
        for (org.apache.avro.Schema.Field f : avro.getFields()) {
            org.apache.avro.Schema t = nonNull(f.schema());
            FieldType type = switch (t.getType()) {
                case STRING, ENUM -> FieldType.STRING;
                case INT -> FieldType.LONG;
                case LONG -> t.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        || t.getLogicalType() instanceof LogicalTypes.TimestampMicros ? FieldType.TIMESTAMP
                        : FieldType.LONG;
                case FLOAT, DOUBLE -> FieldType.DOUBLE;
                case BOOLEAN -> FieldType.BOOLEAN;
                default -> throw new InvalidInputException(Errors.COMPONENT, "AVRO_INVALID", path + ": field '"
                        + f.name() + "' has Avro type " + f.schema() + "; supported: string, enum, int, long, float, "
                        + "double, boolean, timestamp-millis/micros, and their union with null");
            };
            fields.add(new Schema.Field(f.name(), type));
        }
        return Schema.of(fields);
    }

    private static org.apache.avro.Schema nonNull(org.apache.avro.Schema s) {
        if (s.getType() != org.apache.avro.Schema.Type.UNION) {
            return s;
        }
        List<org.apache.avro.Schema> types = s.getTypes().stream()
                .filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL).toList();
        return types.size() == 1 ? types.get(0) : s;
    }

    private static Object convert(Object v, Schema.Field field, boolean micros, Path path) {
        if (v == null) {
            return null;
        }
        return switch (field.type()) {
            case STRING -> v.toString();
            case LONG -> v instanceof Number n && !(v instanceof Double || v instanceof Float) ? (Object) n.longValue()
                    : fail(v, field, path);
            case TIMESTAMP -> v instanceof Number n ? (Object) (micros ? n.longValue() / 1000 : n.longValue())
                    : fail(v, field, path);
            case DOUBLE -> v instanceof Number n ? (Object) n.doubleValue() : fail(v, field, path);
            case BOOLEAN -> v instanceof Boolean ? v : fail(v, field, path);
        };
    }

    private static Object fail(Object v, Schema.Field field, Path path) {
        throw new InvalidInputException(Errors.COMPONENT, "AVRO_INVALID", path + ": field '" + field.name()
                + "' holds " + v.getClass().getSimpleName() + " " + v + ", not a " + field.type());
    }

    private static UnavailableException unreadable(Path path, IOException e) {
        return new UnavailableException(Errors.COMPONENT, "INPUT_UNREADABLE", Severity.OPERATIONAL,
                "cannot read " + path + ": " + e, Map.of(), e);
    }

    private static UnavailableException unwritable(Path path, IOException e) {
        return new UnavailableException(Errors.COMPONENT, "OUTPUT_UNWRITABLE", Severity.OPERATIONAL,
                "cannot write " + path + ": " + e + "; check the directory exists and is writable", Map.of(), e);
    }
}
