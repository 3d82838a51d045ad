package io.multisystem.core.boot;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import java.util.Optional;

/**
 * A configuration property that could not be used: its name, the value given (if any), and the expected form.
 * Extracted from Spring's binding and validation failures.
 */
record ConfigurationProblem(String property, String value, String expected) {

    /** The one line printed when a service refuses to start. */
    String oneLine() {
        return "invalid configuration: property '" + property + "'"
                + (value == null ? "" : " = '" + value + "'") + ": " + expected;
    }

    static Optional<ConfigurationProblem> find(Throwable failure) {
        BindException bind = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindValidationException validation) {
                return fromValidation(validation, bind);
            }
            if (t instanceof BindException b) {
                bind = b;
            }
            if (t instanceof InvalidConfigurationPropertyValueException invalid && bind == null) {
                return Optional.of(new ConfigurationProblem(invalid.getName(),
                        invalid.getValue() == null ? null : String.valueOf(invalid.getValue()),
                        invalid.getReason() == null ? "invalid value" : hintFor(invalid.getReason())));
            }
        }
        if (bind == null) {
            return Optional.empty();
        }
        ConfigurationProperty property = bind.getProperty();
        String name = property != null ? property.getName().toString() : bind.getName().toString();
        String value = property != null && property.getValue() != null ? String.valueOf(property.getValue()) : null;
        return Optional.of(new ConfigurationProblem(name, value, expectedForm(bind)));
    }

    private static Optional<ConfigurationProblem> fromValidation(BindValidationException validation, BindException bind) {
        var errors = validation.getValidationErrors();
        for (ObjectError error : errors.getAllErrors()) {
            String prefix = errors.getName().toString();
            if (error instanceof FieldError field) {
                String name = prefix + "." + toKebab(field.getField());
                Object rejected = field.getRejectedValue();
                return Optional.of(new ConfigurationProblem(name, rejected == null ? null : String.valueOf(rejected),
                        error.getDefaultMessage()));
            }
            return Optional.of(new ConfigurationProblem(prefix, null, error.getDefaultMessage()));
        }
        return Optional.empty();
    }

    private static String expectedForm(BindException bind) {
        Throwable root = bind;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String type = bind.getTarget().getType().toString();
        String hint = switch (type.substring(type.lastIndexOf('.') + 1)) {
            case "Duration" -> "expected a duration such as 500ms, 30s, 5m or PT30S";
            case "DataSize" -> "expected a size such as 512KB, 10MB or 1GB";
            case "InetAddress" -> "expected an IP address or resolvable host name, e.g. 127.0.0.1";
            case "Integer", "int", "Long", "long" -> "expected a whole number";
            case "Boolean", "boolean" -> "expected true or false";
            case "Path" -> "expected a file system path";
            default -> "expected a value of type " + type;
        };
        String reason = root.getMessage() == null ? "" : " (" + firstLine(root.getMessage()) + ")";
        return hint + reason;
    }

    private static String hintFor(String reason) {
        if (reason.contains("java.lang.Integer") || reason.contains("java.lang.Long")) {
            return "expected a whole number (" + firstLine(reason) + ")";
        }
        return firstLine(reason);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String toKebab(String field) {
        StringBuilder out = new StringBuilder();
        for (char ch : field.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                out.append('-').append(Character.toLowerCase(ch));
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
