// The syncloom mapping language (*.loom). docs/language.md is the reference; docs/design.md says why.
// Statements need no separators: every statement starts with a keyword or `name =` / `name {`,
// so newlines are layout only (the formatter keeps the author's line breaks).
grammar Loom;

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

file : header? item* EOF ;

header
  : MAPPING name VERSION INT     # mappingHeader
  | MODULE name                  # moduleHeader
  ;

item
  : importDecl
  | systemDecl
  | extendDecl
  | tableDecl
  | functionDecl
  | domainDecl
  | workflowDecl
  ;

importDecl
  : FROM STRING IMPORT name (',' name)*   # importNames
  | IMPORT STRING                         # importAll
  ;

systemDecl : SYSTEM name ':' name (SCHEMA STRING)? ;

extendDecl : EXTEND name '.' name '{' extendMember* '}' ;

extendMember
  : FIELD name ':' typeRef fieldFlag*     # extendField
  | META STRING ':' typeRef               # extendMeta
  ;

fieldFlag : REQUIRED | READ_ONLY ;

typeRef
  : '[' typeRef ']' QUESTION?                         # listType
  | ENUM PLUS? '(' STRING (',' STRING)* ')' QUESTION? # enumType
  | name ('.' name)* QUESTION?                        # namedType
  ;

tableDecl : TABLE name ':' typeRef ARROW typeRef '{' tableEntry* '}' ;

tableEntry
  : literal (',' literal)* FAT_ARROW expr   # tableRow
  | DEFAULT FAT_ARROW expr                  # tableDefault
  ;

functionDecl : FN name '(' (param (',' param)*)? ')' ARROW typeRef '=' expr ;

param : name ':' typeRef ;

// ---------------------------------------------------------------------------------------------
// Domains
// ---------------------------------------------------------------------------------------------

domainDecl : K_DOMAIN name '{' domainMember* '}' ;

domainMember
  : OWNER name                                               # ownerDecl
  | FIELD name '.' name '.' name OWNED_BY name               # fieldOwnerDecl
  | KEY expr KEY_ARROW expr                                  # keyDecl
  | SYNC syncClause+ (WHEN expr)?                            # syncDecl
  | IDEMPOTENCY expr (',' expr)*                             # idempotencyDecl
  | retryDecl                                                # retryMember
  | CONFLICT name (BY expr)? (ON name (',' name)*)?          # conflictDecl
  | RECONCILE schedule (ON name (',' name)*)?                # reconcileDecl
  | checkDecl                                                # checkMember
  | flowDecl                                                 # flowMember
  ;

syncClause
  : REALTIME ON name STRING (',' STRING)*   # realtimeClause
  | EVENT ON name STRING (',' STRING)*      # eventClause
  | BATCH schedule                          # batchClause
  ;

schedule
  : EVERY DURATION   # everySchedule
  | CRON STRING      # cronSchedule
  ;

retryDecl : RETRY INT (BACKOFF DURATION RANGE DURATION)? (THEN name)? ;

checkDecl : CHECK expr ELSE STRING ;

// `update`: the flow only updates records another domain created; required-for-create fields may stay unmapped.
// `create`: the flow only creates records that do not exist yet, and never changes an existing one.
flowDecl : FLOW name '.' name ARROW name '.' name (UPDATE | CREATE)? (WHEN expr)? block ;

block : '{' flowStmt* '}' ;

flowStmt
  : LET name '=' expr     # letStmt
  | checkDecl             # checkStmt
  | name block            # nestedStmt
  | name '[' STRING ']' '=' expr  # metaAssignStmt
  | name '=' expr         # assignStmt
  ;

// ---------------------------------------------------------------------------------------------
// Workflows: a trigger, then named steps; each step is a durable checkpoint.
// ---------------------------------------------------------------------------------------------

workflowDecl : WORKFLOW name '{' workflowMember* '}' ;

// `key EXPR` over the start record tells instances apart (default: its `id`); an await's `by EXPR` reads the
// awaited record and gives the key of the instance it belongs to.
workflowMember
  : START ON name STRING (',' STRING)* (WHEN expr)?   # startDecl
  | KEY expr                                          # workflowKey
  | retryDecl                                         # workflowRetry
  | STEP name '{' stepMember* '}'                     # stepDecl
  ;

stepMember
  : AWAIT name STRING (',' STRING)* (BY expr)? (WHEN expr)? (TIMEOUT DURATION)?  # awaitStmt
  | flowDecl                                                          # stepFlow
  | checkDecl                                                         # stepCheck
  | retryDecl                                                         # stepRetry
  ;

// ---------------------------------------------------------------------------------------------
// Expressions, loosest binding last
// ---------------------------------------------------------------------------------------------

expr
  : primary                                              # primaryExpr
  | expr '.' name                                        # memberExpr
  | expr '[' expr ']'                                    # indexExpr
  | MINUS expr                                           # negExpr
  | expr op=(STAR | SLASH | PERCENT) expr                # mulExpr
  | expr op=(PLUS | MINUS) expr                          # addExpr
  | expr COALESCE expr                                   # coalesceExpr
  | expr NOT? IN expr                                    # inExpr
  | expr op=(EQ | NE | LT | LE | GT | GE) expr           # cmpExpr
  | NOT expr                                             # notExpr
  | expr AND expr                                        # andExpr
  | expr OR expr                                         # orExpr
  | IF expr THEN expr ELSE expr                          # ifExpr
  | FOR name IN expr (WHEN expr)? (block | FAT_ARROW expr)  # forExpr
  | REJECT STRING                                        # rejectExpr
  | OMIT                                                 # omitExpr
  ;

primary
  : literal                                  # literalPrimary
  | name '(' (callArg (',' callArg)*)? ')' BANG?   # callPrimary
  | name                                     # namePrimary
  | '(' expr ')'                             # parenPrimary
  | '[' (expr (',' expr)*)? ']'              # listPrimary
  ;

// `sort_by(line_items, l => l.sku)`: a key function, only as a call argument.
callArg
  : name FAT_ARROW expr  # lambdaArg
  | expr                 # exprArg
  ;

literal : STRING | INT | DECIMAL | K_TRUE | K_FALSE | K_NULL ;

// Keywords that only start statements may also name fields (`key`, `type`, `default` ...).
name
  : IDENT | QUOTED_IDENT
  | MAPPING | VERSION | MODULE | IMPORT | FROM | SYSTEM | SCHEMA | EXTEND | FIELD | META
  | REQUIRED | READ_ONLY | ENUM | TABLE | DEFAULT | FN | K_DOMAIN | OWNER | OWNED_BY | KEY
  | SYNC | REALTIME | EVENT | BATCH | EVERY | CRON | ON | IDEMPOTENCY | RETRY | BACKOFF
  | CONFLICT | BY | RECONCILE | CHECK | FLOW | LET | WORKFLOW | START | STEP | AWAIT | TIMEOUT
  | UPDATE | CREATE
  ;

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

MAPPING : 'mapping' ; VERSION : 'version' ; MODULE : 'module' ; IMPORT : 'import' ; FROM : 'from' ;
SYSTEM : 'system' ; SCHEMA : 'schema' ; EXTEND : 'extend' ; FIELD : 'field' ; META : 'meta' ;
REQUIRED : 'required' ; READ_ONLY : 'read_only' ; ENUM : 'enum' ; TABLE : 'table' ;
DEFAULT : 'default' ; FN : 'fn' ; K_DOMAIN : 'domain' ; OWNER : 'owner' ; OWNED_BY : 'owned_by' ;
KEY : 'key' ; SYNC : 'sync' ; REALTIME : 'realtime' ; EVENT : 'event' ; BATCH : 'batch' ;
EVERY : 'every' ; CRON : 'cron' ; ON : 'on' ; IDEMPOTENCY : 'idempotency' ; RETRY : 'retry' ;
BACKOFF : 'backoff' ; THEN : 'then' ; CONFLICT : 'conflict' ; BY : 'by' ; RECONCILE : 'reconcile' ;
CHECK : 'check' ; ELSE : 'else' ; FLOW : 'flow' ; LET : 'let' ; WORKFLOW : 'workflow' ;
UPDATE : 'update' ; CREATE : 'create' ; START : 'start' ; STEP : 'step' ; AWAIT : 'await' ; TIMEOUT : 'timeout' ; IF : 'if' ;
FOR : 'for' ; IN : 'in' ; WHEN : 'when' ; NOT : 'not' ; AND : 'and' ; OR : 'or' ;
K_TRUE : 'true' ; K_FALSE : 'false' ; K_NULL : 'null' ; REJECT : 'reject' ; OMIT : 'omit' ;

KEY_ARROW : '<->' ; ARROW : '->' ; FAT_ARROW : '=>' ; RANGE : '..' ; COALESCE : '??' ;
EQ : '==' ; NE : '!=' ; LE : '<=' ; GE : '>=' ; LT : '<' ; GT : '>' ;
PLUS : '+' ; MINUS : '-' ; STAR : '*' ; SLASH : '/' ; PERCENT : '%' ; BANG : '!' ;
QUESTION : '?' ; ASSIGN : '=' ; LPAREN : '(' ; RPAREN : ')' ; LBRACK : '[' ; RBRACK : ']' ;
LBRACE : '{' ; RBRACE : '}' ; COMMA : ',' ; DOT : '.' ; COLON : ':' ;

DURATION : [0-9]+ ('ms' | 's' | 'm' | 'h' | 'd') ;
DECIMAL : [0-9]+ '.' [0-9]+ ;
INT : [0-9]+ ;
IDENT : [a-zA-Z_] [a-zA-Z_0-9]* ;
QUOTED_IDENT : '`' ~[`\r\n]+ '`' ;
STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
// An unclosed string ends at the line's end; the front end reports P0002 and parses on.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;

COMMENT : '#' ~[\r\n]* -> channel(2) ;
NEWLINE : '\r'? '\n' -> channel(HIDDEN) ;
WS : [ \t\f]+ -> channel(HIDDEN) ;
// Any other character: reported as P0003 and skipped, so one stray byte costs one diagnostic.
ERROR_CHAR : . ;
