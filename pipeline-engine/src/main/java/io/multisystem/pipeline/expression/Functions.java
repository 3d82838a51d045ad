package io.multisystem.pipeline.expression;

import io.multisystem.pipeline.expression.ExpressionParser.Eval;
import io.multisystem.pipeline.expression.ExpressionParser.ExpressionError;
import io.multisystem.pipeline.expression.ExpressionParser.Node;
import io.multisystem.pipeline.record.FieldType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The built-in functions of the expression language: their argument checks, result types and evaluators. Every
 * function returns {@code null} when a required argument is {@code null}, except {@code coalesce}, {@code if} and
 * {@code concat}.
 */
final class Functions {
    static final List<String> NAMES = List.of("upper", "lower", "trim", "length", "substr", "concat", "contains",
            "starts_with", "ends_with", "replace", "matches", "split_part", "abs", "round", "floor", "ceil", "sqrt",
            "pow", "greatest", "least", "coalesce", "if", "to_string", "to_long", "to_double", "to_timestamp", "hash");

    private Functions() {
    }

    static Node call(String name, List<Node> args, int pos) {
        return switch (name) {
            case "upper" -> strict(name, args, pos, FieldType.STRING, v -> ((String) v[0]).toUpperCase(Locale.ROOT),
                    FieldType.STRING);
            case "lower" -> strict(name, args, pos, FieldType.STRING, v -> ((String) v[0]).toLowerCase(Locale.ROOT),
                    FieldType.STRING);
            case "trim" -> strict(name, args, pos, FieldType.STRING, v -> ((String) v[0]).strip(), FieldType.STRING);
            case "length" -> strict(name, args, pos, FieldType.LONG, v -> (long) ((String) v[0]).length(),
                    FieldType.STRING);
            case "contains" -> strict(name, args, pos, FieldType.BOOLEAN,
                    v -> ((String) v[0]).contains((String) v[1]), FieldType.STRING, FieldType.STRING);
            case "starts_with" -> strict(name, args, pos, FieldType.BOOLEAN,
                    v -> ((String) v[0]).startsWith((String) v[1]), FieldType.STRING, FieldType.STRING);
            case "ends_with" -> strict(name, args, pos, FieldType.BOOLEAN,
                    v -> ((String) v[0]).endsWith((String) v[1]), FieldType.STRING, FieldType.STRING);
            case "replace" -> strict(name, args, pos, FieldType.STRING,
                    v -> ((String) v[0]).replace((String) v[1], (String) v[2]), FieldType.STRING, FieldType.STRING,
                    FieldType.STRING);
            case "split_part" -> strict(name, args, pos, FieldType.STRING, v -> {
                String[] parts = ((String) v[0]).split(Pattern.quote((String) v[1]), -1);
                long n = (Long) v[2];
                return n >= 1 && n <= parts.length ? parts[(int) n - 1] : null;
            }, FieldType.STRING, FieldType.STRING, FieldType.LONG);
            case "substr" -> substr(args, pos);
            case "matches" -> {
                arity(name, args, pos, 2, 2);
                require(name, args.get(0), FieldType.STRING);
                Pattern p = ExpressionParser.regex(args.get(1));
                Eval s = args.get(0).eval();
                yield new Node(FieldType.BOOLEAN, row -> {
                    Object x = s.eval(row);
                    return x == null ? null : p.matcher((String) x).matches();
                }, pos);
            }
            case "concat" -> {
                Eval[] evals = args.stream().map(Node::eval).toArray(Eval[]::new);
                yield new Node(FieldType.STRING, row -> {
                    StringBuilder sb = new StringBuilder();
                    for (Eval e : evals) {
                        Object x = e.eval(row);
                        if (x != null) {
                            sb.append(x);
                        }
                    }
                    return sb.toString();
                }, pos);
            }
            case "abs" -> {
                arity(name, args, pos, 1, 1);
                FieldType t = numeric(name, args.get(0));
                FieldType out = t == FieldType.DOUBLE ? FieldType.DOUBLE : FieldType.LONG;
                yield strictOf(out, args, pos, v -> v[0] instanceof Double d ? (Object) Math.abs(d)
                        : (Object) Math.abs((Long) v[0]));
            }
            case "round" -> {
                arity(name, args, pos, 1, 2);
                numeric(name, args.get(0));
                if (args.size() == 1) {
                    yield strictOf(FieldType.LONG, args, pos, v -> Math.round(((Number) v[0]).doubleValue()));
                }
                require(name, args.get(1), FieldType.LONG);
                yield strictOf(FieldType.DOUBLE, args, pos, v -> {
                    double scale = Math.pow(10, (Long) v[1]);
                    return Math.round(((Number) v[0]).doubleValue() * scale) / scale;
                });
            }
            case "floor" -> {
                arity(name, args, pos, 1, 1);
                numeric(name, args.get(0));
                yield strictOf(FieldType.LONG, args, pos, v -> (long) Math.floor(((Number) v[0]).doubleValue()));
            }
            case "ceil" -> {
                arity(name, args, pos, 1, 1);
                numeric(name, args.get(0));
                yield strictOf(FieldType.LONG, args, pos, v -> (long) Math.ceil(((Number) v[0]).doubleValue()));
            }
            case "sqrt" -> {
                arity(name, args, pos, 1, 1);
                numeric(name, args.get(0));
                yield strictOf(FieldType.DOUBLE, args, pos, v -> Math.sqrt(((Number) v[0]).doubleValue()));
            }
            case "pow" -> {
                arity(name, args, pos, 2, 2);
                numeric(name, args.get(0));
                numeric(name, args.get(1));
                yield strictOf(FieldType.DOUBLE, args, pos, v -> Math.pow(((Number) v[0]).doubleValue(),
                        ((Number) v[1]).doubleValue()));
            }
            case "greatest", "least" -> {
                arity(name, args, pos, 2, Integer.MAX_VALUE);
                FieldType t = unify(name, args, 0);
                if (t != null && t != FieldType.LONG && t != FieldType.DOUBLE && t != FieldType.TIMESTAMP) {
                    throw new ExpressionError(pos, name + "() needs numbers, found " + t);
                }
                boolean greatest = name.equals("greatest");
                Eval[] evals = coerced(args, 0, t);
                yield new Node(t, row -> {
                    Object best = null;
                    for (Eval e : evals) {
                        Object x = e.eval(row);
                        if (x == null) {
                            return null;
                        }
                        if (best == null || (greatest ? compare(x, best) > 0 : compare(x, best) < 0)) {
                            best = x;
                        }
                    }
                    return best;
                }, pos);
            }
            case "coalesce" -> {
                arity(name, args, pos, 1, Integer.MAX_VALUE);
                FieldType t = unify(name, args, 0);
                Eval[] evals = coerced(args, 0, t);
                yield new Node(t, row -> {
                    for (Eval e : evals) {
                        Object x = e.eval(row);
                        if (x != null) {
                            return x;
                        }
                    }
                    return null;
                }, pos);
            }
            case "if" -> {
                arity(name, args, pos, 3, 3);
                require(name, args.get(0), FieldType.BOOLEAN);
                FieldType t = unify(name, args, 1);
                Eval c = args.get(0).eval();
                Eval[] branches = coerced(args, 1, t);
                yield new Node(t, row -> Boolean.TRUE.equals(c.eval(row)) ? branches[0].eval(row)
                        : branches[1].eval(row), pos);
            }
            case "to_string" -> {
                arity(name, args, pos, 1, 1);
                yield strictOf(FieldType.STRING, args, pos, v -> String.valueOf(v[0]));
            }
            case "to_long" -> {
                arity(name, args, pos, 1, 1);
                yield strictOf(FieldType.LONG, args, pos, v -> {
                    if (v[0] instanceof Long l) {
                        return l;
                    }
                    if (v[0] instanceof Double d) {
                        return d.isNaN() ? null : (Object) d.longValue();
                    }
                    if (v[0] instanceof Boolean b) {
                        return b ? 1L : 0L;
                    }
                    return parseLong((String) v[0]);
                });
            }
            case "to_double" -> {
                arity(name, args, pos, 1, 1);
                yield strictOf(FieldType.DOUBLE, args, pos, v -> {
                    if (v[0] instanceof Long l) {
                        return (double) l;
                    }
                    if (v[0] instanceof Double d) {
                        return d;
                    }
                    if (v[0] instanceof Boolean b) {
                        return b ? 1.0 : 0.0;
                    }
                    return parseDouble((String) v[0]);
                });
            }
            case "to_timestamp" -> {
                arity(name, args, pos, 1, 1);
                FieldType t = args.get(0).type();
                if (t != null && t != FieldType.LONG && t != FieldType.STRING && t != FieldType.TIMESTAMP) {
                    throw new ExpressionError(args.get(0).position(), "to_timestamp() takes epoch milliseconds "
                            + "(LONG) or ISO-8601 text (STRING), found " + t);
                }
                yield strictOf(FieldType.TIMESTAMP, args, pos, v -> v[0] instanceof Long l ? l
                        : parseInstant((String) v[0]));
            }
            case "hash" -> {
                arity(name, args, pos, 1, Integer.MAX_VALUE);
                Eval[] evals = args.stream().map(Node::eval).toArray(Eval[]::new);
                yield new Node(FieldType.LONG, row -> {
                    long h = 1125899906842597L;
                    for (Eval e : evals) {
                        Object x = e.eval(row);
                        String s = x == null ? "\u0000" : x.toString();
                        for (int i = 0; i < s.length(); i++) {
                            h = 31 * h + s.charAt(i);
                        }
                        h = h * 0x9E3779B97F4A7C15L + 1;
                    }
                    return h ^ (h >>> 31);
                }, pos);
            }
            default -> throw new ExpressionError(pos, "unknown function '" + name + "'; available: " + NAMES);
        };
    }

    private static Node substr(List<Node> args, int pos) {
        arity("substr", args, pos, 2, 3);
        require("substr", args.get(0), FieldType.STRING);
        for (int i = 1; i < args.size(); i++) {
            require("substr", args.get(i), FieldType.LONG);
        }
        return strictOf(FieldType.STRING, args, pos, v -> {
            String s = (String) v[0];
            long start = Math.max(1, (Long) v[1]) - 1;
            long end = v.length > 2 ? Math.min(s.length(), start + Math.max(0, (Long) v[2])) : s.length();
            return start >= s.length() || end <= start ? "" : s.substring((int) start, (int) end);
        });
    }

    private static Object parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object parseDouble(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object parseInstant(String s) {
        try {
            return Instant.parse(s.strip()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Double || b instanceof Double) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        return ((Comparable) a).compareTo(b);
    }

    private static void arity(String name, List<Node> args, int pos, int min, int max) {
        if (args.size() < min || args.size() > max) {
            String expected = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min
                    : min + " to " + max;
            throw new ExpressionError(pos, name + "() takes " + expected + " argument" + (max == 1 ? "" : "s")
                    + ", got " + args.size());
        }
    }

    private static void require(String name, Node arg, FieldType type) {
        if (arg.type() != null && arg.type() != type) {
            throw new ExpressionError(arg.position(), name + "() expects " + type + " here, found " + arg.type());
        }
    }

    private static FieldType numeric(String name, Node arg) {
        FieldType t = arg.type();
        if (t != null && t != FieldType.LONG && t != FieldType.DOUBLE && t != FieldType.TIMESTAMP) {
            throw new ExpressionError(arg.position(), name + "() expects a number, found " + t);
        }
        return t;
    }

    private static Node strict(String name, List<Node> args, int pos, FieldType result, Function<Object[], Object> fn,
            FieldType... params) {
        arity(name, args, pos, params.length, params.length);
        for (int i = 0; i < params.length; i++) {
            require(name, args.get(i), params[i]);
        }
        return strictOf(result, args, pos, fn);
    }

    /** A node that returns null when any argument is null, else {@code fn(values)}. */
    private static Node strictOf(FieldType result, List<Node> args, int pos, Function<Object[], Object> fn) {
        Eval[] evals = args.stream().map(Node::eval).toArray(Eval[]::new);
        return new Node(result, row -> {
            Object[] values = new Object[evals.length];
            for (int i = 0; i < evals.length; i++) {
                values[i] = evals[i].eval(row);
                if (values[i] == null) {
                    return null;
                }
            }
            return fn.apply(values);
        }, pos);
    }

    /** The common type of args[from..]: equal types, null with anything, LONG/TIMESTAMP with DOUBLE as DOUBLE. */
    private static FieldType unify(String name, List<Node> args, int from) {
        FieldType t = null;
        for (int i = from; i < args.size(); i++) {
            FieldType u = args.get(i).type();
            if (u == null || u == t) {
                continue;
            }
            if (t == null) {
                t = u;
            } else if (isNumber(t) && isNumber(u)) {
                t = t == FieldType.DOUBLE || u == FieldType.DOUBLE ? FieldType.DOUBLE : FieldType.LONG;
            } else {
                throw new ExpressionError(args.get(i).position(), name + "() arguments must share a type: " + t
                        + " and " + u);
            }
        }
        if (t == null) {
            throw new ExpressionError(args.get(from).position(), name + "() has only null arguments and no type");
        }
        return t;
    }

    private static boolean isNumber(FieldType t) {
        return t == FieldType.LONG || t == FieldType.DOUBLE || t == FieldType.TIMESTAMP;
    }

    /** Evaluators of args[from..] converted to {@code target} (LONG to DOUBLE where promoted). */
    private static Eval[] coerced(List<Node> args, int from, FieldType target) {
        Eval[] out = new Eval[args.size() - from];
        for (int i = from; i < args.size(); i++) {
            Eval e = args.get(i).eval();
            FieldType t = args.get(i).type();
            out[i - from] = target == FieldType.DOUBLE && t != FieldType.DOUBLE && t != null ? row -> {
                Object x = e.eval(row);
                return x == null ? null : (Object) ((Number) x).doubleValue();
            } : e;
        }
        return out;
    }
}
