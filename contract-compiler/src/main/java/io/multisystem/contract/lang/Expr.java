package io.multisystem.contract.lang;

import java.util.List;

/**
 * The expression tree of a policy condition. Each node has a {@link Kind} so back ends can dispatch with a switch;
 * nodes are immutable.
 */
public abstract class Expr {
    public enum Kind { LIT, VAR, SLOT, IF, AND, OR, NOT, NEG, BIN, HAS, LIKE, IS, ATTR, METHOD, CALL, SET, RECORD }

    public enum Var { PRINCIPAL, ACTION, RESOURCE, CONTEXT }

    public enum BinOp {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in"), ADD("+"), SUB("-"), MUL("*");
        public final String symbol;

        BinOp(String symbol) {
            this.symbol = symbol;
        }
    }

    public final Kind kind;
    public final Loc loc;

    protected Expr(Kind kind, Loc loc) {
        this.kind = kind;
        this.loc = loc;
    }

    public static final class Lit extends Expr {
        public final Object value;

        public Lit(Loc loc, Object value) {
            super(Kind.LIT, loc);
            this.value = value;
        }
    }

    public static final class VarRef extends Expr {
        public final Var var;

        public VarRef(Loc loc, Var var) {
            super(Kind.VAR, loc);
            this.var = var;
        }
    }

    public static final class Slot extends Expr {
        public final String name;

        public Slot(Loc loc, String name) {
            super(Kind.SLOT, loc);
            this.name = name;
        }
    }

    public static final class If extends Expr {
        public final Expr cond, then, otherwise;

        public If(Loc loc, Expr cond, Expr then, Expr otherwise) {
            super(Kind.IF, loc);
            this.cond = cond;
            this.then = then;
            this.otherwise = otherwise;
        }
    }

    /** {@code &&} or {@code ||} (kind tells which). */
    public static final class Logic extends Expr {
        public final Expr left, right;

        public Logic(Kind kind, Loc loc, Expr left, Expr right) {
            super(kind, loc);
            this.left = left;
            this.right = right;
        }
    }

    /** {@code !e} or {@code -e} (kind tells which). */
    public static final class Unary extends Expr {
        public final Expr arg;

        public Unary(Kind kind, Loc loc, Expr arg) {
            super(kind, loc);
            this.arg = arg;
        }
    }

    public static final class Bin extends Expr {
        public final BinOp op;
        public final Expr left, right;

        public Bin(Loc loc, BinOp op, Expr left, Expr right) {
            super(Kind.BIN, loc);
            this.op = op;
            this.left = left;
            this.right = right;
        }
    }

    public static final class Has extends Expr {
        public final Expr target;
        public final String attr;

        public Has(Loc loc, Expr target, String attr) {
            super(Kind.HAS, loc);
            this.target = target;
            this.attr = attr;
        }
    }

    public static final class LikeExpr extends Expr {
        public final Expr target;
        /** Literal segments, {@code null} for each wildcard. */
        public final String[] pattern;
        public final String source;

        public LikeExpr(Loc loc, Expr target, String[] pattern, String source) {
            super(Kind.LIKE, loc);
            this.target = target;
            this.pattern = pattern;
            this.source = source;
        }
    }

    public static final class Is extends Expr {
        public final Expr target;
        public final String type;
        /** Optional {@code in} operand, or null. */
        public final Expr in;

        public Is(Loc loc, Expr target, String type, Expr in) {
            super(Kind.IS, loc);
            this.target = target;
            this.type = type;
            this.in = in;
        }
    }

    public static final class Attr extends Expr {
        public final Expr target;
        public final String attr;

        public Attr(Loc loc, Expr target, String attr) {
            super(Kind.ATTR, loc);
            this.target = target;
            this.attr = attr;
        }
    }

    public static final class Method extends Expr {
        public final Expr target;
        public final String name;
        public final List<Expr> args;

        public Method(Loc loc, Expr target, String name, List<Expr> args) {
            super(Kind.METHOD, loc);
            this.target = target;
            this.name = name;
            this.args = List.copyOf(args);
        }
    }

    public static final class Call extends Expr {
        public final String name;
        public final List<Expr> args;

        public Call(Loc loc, String name, List<Expr> args) {
            super(Kind.CALL, loc);
            this.name = name;
            this.args = List.copyOf(args);
        }
    }

    public static final class SetLit extends Expr {
        public final List<Expr> elements;

        public SetLit(Loc loc, List<Expr> elements) {
            super(Kind.SET, loc);
            this.elements = List.copyOf(elements);
        }
    }

    public static final class RecordLit extends Expr {
        public final List<String> keys;
        public final List<Expr> values;

        public RecordLit(Loc loc, List<String> keys, List<Expr> values) {
            super(Kind.RECORD, loc);
            this.keys = List.copyOf(keys);
            this.values = List.copyOf(values);
        }
    }
}
