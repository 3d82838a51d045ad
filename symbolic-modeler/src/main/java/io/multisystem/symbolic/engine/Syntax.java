package io.multisystem.symbolic.engine;

/** How an expression is written. AUTO reads infix, falling back to S-expressions for text that only parses as one. */
public enum Syntax { AUTO, INFIX, SEXPR }
