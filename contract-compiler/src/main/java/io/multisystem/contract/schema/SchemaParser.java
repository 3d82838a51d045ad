package io.multisystem.contract.schema;

import io.multisystem.contract.lang.Diagnostic;
import io.multisystem.contract.lang.Loc;
import io.multisystem.contract.lang.ParseException;
import io.multisystem.contract.schema.CedarSchemaParser.*;
import io.multisystem.contract.value.EntityUid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/**
 * Parses the human-readable {@code .cedarschema} format (ANTLR grammar {@code CedarSchema.g4}) into a {@link Schema}.
 * Two passes: the first collects declared entity and common type names per namespace, the second resolves type
 * references the way Cedar does (common type, then entity type, then built-in; {@code __cedar::} forces built-ins).
 */
public final class SchemaParser {
    private static final Set<String> EXTENSIONS = Set.of("ipaddr", "decimal", "datetime", "duration");
    private final String file;
    private final String source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<String> entityNames = new LinkedHashSet<>();
    private final Map<String, TypeContext> commonTypes = new HashMap<>();
    private final Map<String, SType> resolvedCommon = new HashMap<>();

    private SchemaParser(String file, String source) {
        this.file = file;
        this.source = source;
    }

    public static Schema parse(String file, String source) {
        return new SchemaParser(file, source).run();
    }

    private Schema run() {
        CedarSchemaLexer lexer = new CedarSchemaLexer(CharStreams.fromString(source, file));
        CedarSchemaParser parser = new CedarSchemaParser(new CommonTokenStream(lexer));
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object sym, int line, int pos, String msg, RecognitionException e) {
                diagnostics.add(new Diagnostic(new Loc(file, line, pos + 1), "schema syntax error: " + msg,
                        caret(line, pos + 1)));
            }
        };
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        SchemaContext tree = parser.schema();
        if (!diagnostics.isEmpty()) {
            throw new ParseException(diagnostics);
        }
        // pass 1: names
        forEachDecl(tree, (ns, d) -> {
            if (d.entityDecl() != null) {
                for (IdentContext id : d.entityDecl().idents().ident()) {
                    entityNames.add(qualify(ns, id.getText()));
                }
            } else if (d.typeDecl() != null) {
                commonTypes.put(qualify(ns, d.typeDecl().ident().getText()), d.typeDecl().type());
            }
        });
        Map<String, Schema.EntityType> entities = new LinkedHashMap<>();
        Map<EntityUid, Schema.ActionDef> actions = new LinkedHashMap<>();
        forEachDecl(tree, (ns, d) -> {
            if (d.entityDecl() != null) {
                EntityDeclContext e = d.entityDecl();
                Set<String> memberOf = new LinkedHashSet<>();
                if (e.typeRefs() != null) {
                    for (PathContext p : e.typeRefs().path()) {
                        memberOf.add(resolveEntity(ns, p));
                    }
                }
                SType attrs = e.recordType() == null ? SType.record(Map.of()) : record(ns, e.recordType());
                SType tags = e.type() == null ? null : type(ns, e.type());
                List<String> enumIds = null;
                if (e.ENUM() != null) {
                    enumIds = new ArrayList<>();
                    for (var s : e.STR()) {
                        enumIds.add(unquote(s.getText()));
                    }
                }
                for (IdentContext id : e.idents().ident()) {
                    String name = qualify(ns, id.getText());
                    if (entities.containsKey(name)) {
                        error(id, "entity type `" + name + "` is declared twice");
                    }
                    entities.put(name, new Schema.EntityType(name, memberOf, attrs, tags, enumIds));
                }
            } else if (d.actionDecl() != null) {
                ActionDeclContext a = d.actionDecl();
                String actionType = qualify(ns, "Action");
                List<EntityUid> memberOf = new ArrayList<>();
                if (a.actionRefs() != null) {
                    for (ActionRefContext r : a.actionRefs().actionRef()) {
                        String type = r.path() == null ? actionType : actionTypeOf(ns, r.path().getText());
                        memberOf.add(new EntityUid(type, name(r.name())));
                    }
                }
                List<String> principals = null, resources = null;
                SType context = SType.record(Map.of());
                if (a.APPLIES_TO() != null) {
                    principals = new ArrayList<>();
                    resources = new ArrayList<>();
                    for (AppliesItemContext item : a.appliesItem()) {
                        if (item.CONTEXT() != null) {
                            context = type(ns, item.type());
                            if (context.kind != SType.Kind.RECORD) {
                                error(item, "context must be a record type");
                            }
                        } else {
                            List<String> target = item.kind.getType() == CedarSchemaLexer.PRINCIPAL ? principals : resources;
                            for (PathContext p : item.typeRefs().path()) {
                                target.add(resolveEntity(ns, p));
                            }
                        }
                    }
                }
                for (NameContext n : a.names().name()) {
                    EntityUid uid = new EntityUid(actionType, name(n));
                    if (actions.containsKey(uid)) {
                        error(n, "action `" + uid + "` is declared twice");
                    }
                    actions.put(uid, new Schema.ActionDef(uid, memberOf, principals, resources, context));
                }
            }
        });
        for (Schema.ActionDef a : actions.values()) {
            for (EntityUid p : a.memberOf()) {
                if (!actions.containsKey(p)) {
                    diagnostics.add(new Diagnostic(new Loc(file, 0, 0), "action `" + a.uid() + "` is declared a member of undeclared action `" + p + "`", ""));
                }
            }
        }
        if (!diagnostics.isEmpty()) {
            throw new ParseException(diagnostics);
        }
        return new Schema(entities, actions);
    }

    private String actionTypeOf(String ns, String path) {
        if (path.equals("Action")) {
            return qualify(ns, "Action");
        }
        return path;
    }

    private interface DeclVisitor {
        void visit(String namespace, DeclContext decl);
    }

    private void forEachDecl(SchemaContext tree, DeclVisitor v) {
        for (int i = 0; i < tree.getChildCount(); i++) {
            var child = tree.getChild(i);
            if (child instanceof DeclContext) {
                v.visit("", (DeclContext) child);
            } else if (child instanceof NamespaceContext) {
                NamespaceContext n = (NamespaceContext) child;
                for (DeclContext d : n.decl()) {
                    v.visit(n.path().getText(), d);
                }
            }
        }
    }

    private static String qualify(String ns, String name) {
        return ns.isEmpty() ? name : ns + "::" + name;
    }

    private String resolveEntity(String ns, PathContext p) {
        String name = p.getText();
        if (!name.contains("::") && entityNames.contains(qualify(ns, name))) {
            return qualify(ns, name);
        }
        if (!entityNames.contains(name)) {
            error(p, "unknown entity type `" + name + "`");
        }
        return name;
    }

    private SType type(String ns, TypeContext t) {
        if (t.SET() != null) {
            return SType.set(type(ns, t.type()));
        }
        if (t.recordType() != null) {
            return record(ns, t.recordType());
        }
        return named(ns, t.path());
    }

    private SType record(String ns, RecordTypeContext r) {
        Map<String, SType.Attr> attrs = new LinkedHashMap<>();
        for (AttrDeclContext a : r.attrDecl()) {
            String n = name(a.name());
            if (attrs.containsKey(n)) {
                error(a, "attribute `" + n + "` is declared twice");
            }
            attrs.put(n, new SType.Attr(type(ns, a.type()), a.optional == null));
        }
        return SType.record(attrs);
    }

    private SType named(String ns, PathContext p) {
        String name = p.getText();
        if (name.startsWith("__cedar::")) {
            SType b = builtin(name.substring("__cedar::".length()));
            if (b == null) {
                error(p, "unknown built-in type `" + name + "`");
                return SType.STRING;
            }
            return b;
        }
        List<String> candidates = name.contains("::") ? List.of(name) : List.of(qualify(ns, name), name);
        for (String c : candidates) {
            if (commonTypes.containsKey(c)) {
                if (resolvedCommon.containsKey(c)) {
                    SType r = resolvedCommon.get(c);
                    if (r == null) {
                        error(p, "common type `" + c + "` refers to itself");
                        return SType.STRING;
                    }
                    return r;
                }
                resolvedCommon.put(c, null);
                int dot = c.lastIndexOf("::");
                SType r = type(dot < 0 ? "" : c.substring(0, dot), commonTypes.get(c));
                resolvedCommon.put(c, r);
                return r;
            }
        }
        for (String c : candidates) {
            if (entityNames.contains(c)) {
                return SType.entity(c);
            }
        }
        SType b = builtin(name);
        if (b != null) {
            return b;
        }
        error(p, "unknown type `" + name + "`");
        return SType.STRING;
    }

    private static SType builtin(String name) {
        switch (name) {
            case "Long": return SType.LONG;
            case "String": return SType.STRING;
            case "Bool": return SType.BOOL;
            default: return EXTENSIONS.contains(name) ? SType.ext(name) : null;
        }
    }

    private String name(NameContext n) {
        return n.STR() != null ? unquote(n.STR().getText()) : n.getText();
    }

    static String unquote(String quoted) {
        String s = quoted.substring(1, quoted.length() - 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case '0': out.append('\0'); break;
                case 'u': {
                    int close = s.indexOf('}', i);
                    out.appendCodePoint(Integer.parseInt(s.substring(i + 2, close), 16));
                    i = close;
                    break;
                }
                default: out.append(e);
            }
        }
        return out.toString();
    }

    private void error(ParserRuleContext ctx, String message) {
        int line = ctx.getStart().getLine(), col = ctx.getStart().getCharPositionInLine() + 1;
        diagnostics.add(new Diagnostic(new Loc(file, line, col), message, caret(line, col)));
    }

    private String caret(int line, int col) {
        String[] lines = source.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return "";
        }
        return "  " + lines[line - 1] + "\n  " + " ".repeat(Math.max(0, col - 1)) + "^";
    }
}
