package io.multisystem.kernel.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.OutputFormat;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Prints results: with {@code --output json} the kernel.v1 message in protobuf's canonical JSON mapping (lowerCamelCase
 * names, int64 as strings, every field present), which is the stable, documented shape; otherwise a text rendering.
 */
final class Output {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();

    private Output() {
    }

    static void print(CommonOptions common, MessageOrBuilder message, Supplier<String> text) {
        if (common.output() == OutputFormat.json) {
            System.out.println(json(message));
        } else {
            System.out.println(text.get());
        }
        System.out.flush();
    }

    static String json(MessageOrBuilder message) {
        try {
            return JSON.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static String compactJson(MessageOrBuilder message) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static String bytes(long value) {
        if (value < 0) {
            return "max";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = value;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? value + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
