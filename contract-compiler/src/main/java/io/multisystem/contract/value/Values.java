package io.multisystem.contract.value;

/** Type names, rendering and quoting of Cedar values (Boolean, Long, String, EntityUid, CSet, CRecord, extensions). */
public final class Values {
    private Values() {
    }

    public static String typeName(Object v) {
        if (v instanceof Boolean) {
            return "bool";
        } else if (v instanceof Long) {
            return "long";
        } else if (v instanceof String) {
            return "string";
        } else if (v instanceof EntityUid) {
            return "entity of type `" + ((EntityUid) v).type() + "`";
        } else if (v instanceof CSet) {
            return "set";
        } else if (v instanceof CRecord) {
            return "record";
        } else if (v instanceof Decimal) {
            return "decimal";
        } else if (v instanceof IpAddr) {
            return "ipaddr";
        } else if (v instanceof DateTime) {
            return "datetime";
        } else if (v instanceof Duration) {
            return "duration";
        }
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    public static String render(Object v) {
        if (v instanceof String) {
            return quote((String) v);
        }
        return String.valueOf(v);
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\0': sb.append("\\0"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u{%x}", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
