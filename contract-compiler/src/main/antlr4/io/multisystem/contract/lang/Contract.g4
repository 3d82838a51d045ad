/*
 * The contract language: Cedar policies (permit/forbid with scopes, when/unless conditions, annotations,
 * templates) plus two contract kinds beyond Cedar in the same file: rate_limit and sla.
 */
grammar Contract;

file : statement* EOF ;

statement
    : policy
    | rateLimit
    | sla
    ;

policy : annotation* effect=(PERMIT | FORBID) '(' principalScope ',' actionScope ',' resourceScope ')' condition* ';' ;

annotation : '@' ident ( '(' STR ')' )? ;

principalScope
    : PRINCIPAL ( op='==' entOrSlot
                | op=IN entOrSlot
                | op=IS path ( IN entOrSlot )? )? ;
actionScope
    : ACTION ( op='==' entity
             | op=IN '[' ( entity ( ',' entity )* ','? )? ']'
             | op=IN entity
             | op=IS path ( IN entity )? )? ;
resourceScope
    : RESOURCE ( op='==' entOrSlot
               | op=IN entOrSlot
               | op=IS path ( IN entOrSlot )? )? ;

entOrSlot : entity | SLOT ;

condition : kind=(WHEN | UNLESS) '{' expr? '}' ;

expr
    : IF expr THEN expr ELSE expr       # ifExpr
    | orExpr                            # plainExpr
    ;

orExpr   : andExpr ( '||' andExpr )* ;
andExpr  : relation ( '&&' relation )* ;

relation
    : add op=('<' | '<=' | '>' | '>=' | '==' | '!=' | IN) add      # compare
    | add HAS ( ident ( '.' ident )* | STR )                        # hasAttr
    | add LIKE STR                                                   # likeExpr
    | add IS path ( IN add )?                                        # isExpr
    | add                                                            # plainRelation
    ;

add  : mult ( ops+=('+' | '-') mult )* ;
mult : unary ( '*' unary )* ;

unary : ops+=('!' | '-')* member ;

member : primary access* ;

access
    : '.' ident '(' exprList? ')'   # methodCall
    | '.' ident                     # fieldAccess
    | '[' STR ']'                   # indexAccess
    ;

primary
    : literal                               # litPrimary
    | var=(PRINCIPAL | ACTION | RESOURCE | CONTEXT)  # varPrimary
    | SLOT                                  # slotPrimary
    | entity                                # entityPrimary
    | path '(' exprList? ')'                # callPrimary
    | '(' expr ')'                          # parenPrimary
    | '[' exprList? ']'                     # setPrimary
    | '{' ( recInit ( ',' recInit )* ','? )? '}'  # recordPrimary
    ;

exprList : expr ( ',' expr )* ','? ;
recInit  : ( ident | STR ) ':' expr ;

literal : TRUE | FALSE | INT | STR ;

entity : path '::' STR ;
path   : ident ( '::' ident )* ;

// ---- contracts beyond Cedar ----------------------------------------------------------------------
// rate_limit api { key: principal; rate: 100 per 1m; burst: 20; algorithm: token_bucket; when { ... } };
rateLimit : annotation* RATE_LIMIT ident '{' rateItem* '}' ';'? ;
rateItem
    : KEY ':' expr ';'                       # rateKey
    | RATE ':' INT PER DURATION ';'          # rateRate
    | BURST ':' INT ';'                      # rateBurst
    | ALGORITHM ':' ident ';'                # rateAlgorithm
    | WHEN '{' expr '}' ';'?                 # rateWhen
    ;

// sla checkout { p99(latency) < 250ms over 5m; error_rate < 1% over 5m; };
sla : annotation* SLA ident '{' objective* '}' ';'? ;
objective : metric cmp=('<' | '<=' | '>' | '>=') quantity OVER DURATION ';' ;
metric : fn=ident '(' ident ')' | ident ;
quantity : DURATION | PERCENT | INT | DECIMAL ;

ident
    : IDENT | PERMIT | FORBID | WHEN | UNLESS | PRINCIPAL | ACTION | RESOURCE | CONTEXT | TRUE | FALSE
    | IF | THEN | ELSE | IN | IS | HAS | LIKE | RATE_LIMIT | SLA | KEY | RATE | BURST | ALGORITHM | PER | OVER
    ;

PERMIT : 'permit' ;
FORBID : 'forbid' ;
WHEN : 'when' ;
UNLESS : 'unless' ;
PRINCIPAL : 'principal' ;
ACTION : 'action' ;
RESOURCE : 'resource' ;
CONTEXT : 'context' ;
TRUE : 'true' ;
FALSE : 'false' ;
IF : 'if' ;
THEN : 'then' ;
ELSE : 'else' ;
IN : 'in' ;
IS : 'is' ;
HAS : 'has' ;
LIKE : 'like' ;
RATE_LIMIT : 'rate_limit' ;
SLA : 'sla' ;
KEY : 'key' ;
RATE : 'rate' ;
BURST : 'burst' ;
ALGORITHM : 'algorithm' ;
PER : 'per' ;
OVER : 'over' ;

SLOT : '?principal' | '?resource' ;
DURATION : [0-9]+ ( 'ms' | 's' | 'm' | 'h' | 'd' ) ;
PERCENT : [0-9]+ ( '.' [0-9]+ )? '%' ;
DECIMAL : [0-9]+ '.' [0-9]+ ;
INT : [0-9]+ ;
STR : '"' ( '\\' . | ~[\\"] )* '"' ;
IDENT : [a-zA-Z_] [a-zA-Z0-9_]* ;

LINE_COMMENT : '//' ~[\r\n]* -> skip ;
WS : [ \t\r\n\u000B\u000C\u00A0\uFEFF]+ -> skip ;
ANY : . ;
