/* Cedar's human-readable schema format (.cedarschema). */
grammar CedarSchema;

schema : ( namespace | decl )* EOF ;

namespace : annotation* NAMESPACE path '{' decl* '}' ;

decl : entityDecl | actionDecl | typeDecl ;

entityDecl
    : annotation* ENTITY idents ( IN typeRefs )?
      ( ENUM '[' STR ( ',' STR )* ','? ']' | '='? recordType )? ( TAGS type )? ';' ;

actionDecl : annotation* ACTION names ( IN actionRefs )? ( APPLIES_TO '{' appliesItem ( ',' appliesItem )* ','? '}' )? ';' ;

appliesItem
    : kind=( PRINCIPAL | RESOURCE ) ':' typeRefs
    | CONTEXT ':' type
    ;

typeDecl : annotation* TYPE ident '=' type ';' ;

type
    : SET '<' type '>'
    | recordType
    | path
    ;

recordType : '{' ( attrDecl ( ',' attrDecl )* ','? )? '}' ;
attrDecl : annotation* name optional='?'? ':' type ;

typeRefs : path | '[' ( path ( ',' path )* ','? )? ']' ;
actionRefs : actionRef | '[' ( actionRef ( ',' actionRef )* ','? )? ']' ;
actionRef : ( path '::' )? name ;

annotation : '@' ident ( '(' STR ')' )? ;
idents : ident ( ',' ident )* ;
names : name ( ',' name )* ;
name : ident | STR ;
path : ident ( '::' ident )* ;

ident : IDENT | NAMESPACE | ENTITY | ACTION | TYPE | IN | ENUM | TAGS | APPLIES_TO | PRINCIPAL | RESOURCE | CONTEXT | SET ;

NAMESPACE : 'namespace' ;
ENTITY : 'entity' ;
ACTION : 'action' ;
TYPE : 'type' ;
IN : 'in' ;
ENUM : 'enum' ;
TAGS : 'tags' ;
APPLIES_TO : 'appliesTo' ;
PRINCIPAL : 'principal' ;
RESOURCE : 'resource' ;
CONTEXT : 'context' ;
SET : 'Set' ;

STR : '"' ( '\\' . | ~[\\"] )* '"' ;
IDENT : [a-zA-Z_] [a-zA-Z0-9_]* ;
LINE_COMMENT : '//' ~[\r\n]* -> skip ;
WS : [ \t\r\n\u000B\u000C\u00A0\uFEFF]+ -> skip ;
ANY : . ;
