// Declarations: files, systems, tables, functions, domains, flows and workflows.
#include "ast_builder.hpp"

namespace syncloom::frontend::detail {

std::unique_ptr<Module> AstBuilder::build(P::FileContext* file) {
  auto m = std::make_unique<Module>();
  m->file = tokens_.file();
  if (auto* h = file->header()) {
    m->has_header = true;
    if (auto* mh = dynamic_cast<P::MappingHeaderContext*>(h)) {
      m->is_mapping = true;
      m->name = name(mh->name());
      m->version = integer(mh->INT());
    } else if (auto* mod = dynamic_cast<P::ModuleHeaderContext*>(h)) {
      m->is_mapping = false;
      m->name = name(mod->name());
    }
  }
  for (auto* it : file->item()) item(*m, it);
  return m;
}

void AstBuilder::item(Module& m, P::ItemContext* ctx) {
  if (auto* c = ctx->importDecl()) {
    ImportDecl d;
    d.span = span(c);
    if (auto* names = dynamic_cast<P::ImportNamesContext*>(c)) {
      d.path = string_ident(names->STRING());
      for (auto* n : names->name()) d.names.push_back(name(n));
    } else if (auto* all = dynamic_cast<P::ImportAllContext*>(c)) {
      d.path = string_ident(all->STRING());
      d.import_all = true;
    }
    m.imports.push_back(std::move(d));
  } else if (auto* s = ctx->systemDecl()) {
    m.systems.push_back(system(s));
  } else if (auto* e = ctx->extendDecl()) {
    m.extends.push_back(extend(e));
  } else if (auto* t = ctx->tableDecl()) {
    m.tables.push_back(table(t));
  } else if (auto* f = ctx->functionDecl()) {
    m.functions.push_back(function(f));
  } else if (auto* d = ctx->domainDecl()) {
    m.domains.push_back(domain(d));
  } else if (auto* w = ctx->workflowDecl()) {
    m.workflows.push_back(workflow(w));
  }
}

SystemDecl AstBuilder::system(P::SystemDeclContext* ctx) {
  SystemDecl d;
  d.span = span(ctx);
  d.name = name(ctx->name(0));
  d.kind = name(ctx->name(1));
  if (ctx->STRING()) d.schema_file = string_ident(ctx->STRING());
  return d;
}

ExtendDecl AstBuilder::extend(P::ExtendDeclContext* ctx) {
  ExtendDecl d;
  d.span = span(ctx);
  d.system = name(ctx->name(0));
  d.record = name(ctx->name(1));
  for (auto* member : ctx->extendMember()) {
    ExtendMember m;
    m.span = span(member);
    if (auto* f = dynamic_cast<P::ExtendFieldContext*>(member)) {
      m.name = name(f->name());
      m.type = type_ref(f->typeRef());
      for (auto* flag : f->fieldFlag()) {
        if (flag->REQUIRED()) m.required = true;
        if (flag->READ_ONLY()) m.read_only = true;
      }
    } else if (auto* meta = dynamic_cast<P::ExtendMetaContext*>(member)) {
      m.is_meta = true;
      m.name = string_ident(meta->STRING());
      m.type = type_ref(meta->typeRef());
    }
    d.members.push_back(std::move(m));
  }
  return d;
}

TypeRef AstBuilder::type_ref(P::TypeRefContext* ctx) {
  TypeRef t;
  if (ctx == nullptr) return t;
  t.span = span(ctx);
  if (auto* list = dynamic_cast<P::ListTypeContext*>(ctx)) {
    t.kind = TypeRef::Kind::kList;
    t.element = std::make_unique<TypeRef>(type_ref(list->typeRef()));
    t.optional = list->QUESTION() != nullptr;
  } else if (auto* e = dynamic_cast<P::EnumTypeContext*>(ctx)) {
    t.kind = TypeRef::Kind::kEnum;
    t.open_enum = e->PLUS() != nullptr;
    t.enum_values = strings(e->STRING());
    t.optional = e->QUESTION() != nullptr;
  } else if (auto* n = dynamic_cast<P::NamedTypeContext*>(ctx)) {
    for (auto* part : n->name()) t.path.push_back(name(part));
    t.optional = n->QUESTION() != nullptr;
  }
  return t;
}

TableDecl AstBuilder::table(P::TableDeclContext* ctx) {
  TableDecl t;
  t.span = span(ctx);
  t.name = name(ctx->name());
  t.key_type = type_ref(ctx->typeRef(0));
  t.value_type = type_ref(ctx->typeRef(1));
  for (auto* entry : ctx->tableEntry()) {
    TableEntry e;
    e.span = span(entry);
    if (auto* row = dynamic_cast<P::TableRowContext*>(entry)) {
      for (auto* lit : row->literal()) e.keys.push_back(literal(lit));
      e.value = expr(row->expr());
    } else if (auto* def = dynamic_cast<P::TableDefaultContext*>(entry)) {
      e.is_default = true;
      e.value = expr(def->expr());
    }
    t.entries.push_back(std::move(e));
  }
  return t;
}

FunctionDecl AstBuilder::function(P::FunctionDeclContext* ctx) {
  FunctionDecl f;
  f.span = span(ctx);
  f.name = name(ctx->name());
  for (auto* p : ctx->param()) f.params.push_back(Param{name(p->name()), type_ref(p->typeRef())});
  f.result = type_ref(ctx->typeRef());
  f.body = expr(ctx->expr());
  return f;
}

DomainDecl AstBuilder::domain(P::DomainDeclContext* ctx) {
  DomainDecl d;
  d.span = span(ctx);
  d.name = name(ctx->name());
  for (auto* member : ctx->domainMember()) domain_member(d, member);
  return d;
}

void AstBuilder::domain_member(DomainDecl& d, P::DomainMemberContext* ctx) {
  if (auto* c = dynamic_cast<P::OwnerDeclContext*>(ctx)) {
    d.owner = name(c->name());
  } else if (auto* c = dynamic_cast<P::FieldOwnerDeclContext*>(ctx)) {
    d.field_owners.push_back(
        {name(c->name(0)), name(c->name(1)), name(c->name(2)), name(c->name(3)), span(c)});
  } else if (auto* c = dynamic_cast<P::KeyDeclContext*>(ctx)) {
    d.key = KeyDecl{expr(c->expr(0)), expr(c->expr(1)), span(c)};
  } else if (auto* c = dynamic_cast<P::SyncDeclContext*>(ctx)) {
    SyncDecl s;
    s.span = span(c);
    for (auto* clause : c->syncClause()) s.clauses.push_back(sync_clause(clause));
    if (c->expr()) s.when = expr(c->expr());
    d.syncs.push_back(std::move(s));
  } else if (auto* c = dynamic_cast<P::IdempotencyDeclContext*>(ctx)) {
    d.idempotency_span = span(c);
    for (auto* e : c->expr()) d.idempotency.push_back(expr(e));
  } else if (auto* c = dynamic_cast<P::RetryMemberContext*>(ctx)) {
    d.retry = retry(c->retryDecl());
  } else if (auto* c = dynamic_cast<P::ConflictDeclContext*>(ctx)) {
    ConflictDecl conflict;
    conflict.span = span(c);
    auto names = c->name();
    if (!names.empty()) conflict.policy = name(names[0]);
    for (size_t i = 1; i < names.size(); ++i) conflict.on.push_back(name(names[i]));
    if (c->expr()) conflict.by = expr(c->expr());
    d.conflict = std::move(conflict);
  } else if (auto* c = dynamic_cast<P::ReconcileDeclContext*>(ctx)) {
    ReconcileDecl r;
    r.span = span(c);
    r.schedule = schedule(c->schedule());
    for (auto* n : c->name()) r.on.push_back(name(n));
    d.reconciles.push_back(std::move(r));
  } else if (auto* c = dynamic_cast<P::CheckMemberContext*>(ctx)) {
    d.checks.push_back(check(c->checkDecl()));
  } else if (auto* c = dynamic_cast<P::FlowMemberContext*>(ctx)) {
    if (c->flowDecl()) d.flows.push_back(flow(c->flowDecl()));
  }
}

SyncClause AstBuilder::sync_clause(P::SyncClauseContext* ctx) {
  SyncClause s;
  s.span = span(ctx);
  if (auto* c = dynamic_cast<P::RealtimeClauseContext*>(ctx)) {
    s.kind = SyncClause::Kind::kRealtime;
    s.system = name(c->name());
    s.topics = strings(c->STRING());
  } else if (auto* c = dynamic_cast<P::EventClauseContext*>(ctx)) {
    s.kind = SyncClause::Kind::kEvent;
    s.system = name(c->name());
    s.topics = strings(c->STRING());
  } else if (auto* c = dynamic_cast<P::BatchClauseContext*>(ctx)) {
    s.kind = SyncClause::Kind::kBatch;
    s.schedule = schedule(c->schedule());
  }
  return s;
}

Schedule AstBuilder::schedule(P::ScheduleContext* ctx) {
  Schedule s;
  if (ctx == nullptr) return s;
  s.span = span(ctx);
  if (auto* every = dynamic_cast<P::EveryScheduleContext*>(ctx)) {
    s.kind = Schedule::Kind::kEvery;
    s.every = duration(every->DURATION());
  } else if (auto* cron = dynamic_cast<P::CronScheduleContext*>(ctx)) {
    s.kind = Schedule::Kind::kCron;
    Ident text = string_ident(cron->STRING());
    s.cron = text.text;
    s.span = text.span;
  }
  return s;
}

RetryDecl AstBuilder::retry(P::RetryDeclContext* ctx) {
  RetryDecl r;
  if (ctx == nullptr) return r;
  r.span = span(ctx);
  r.attempts = integer(ctx->INT(), &r.attempts_span);
  auto durations = ctx->DURATION();
  if (durations.size() == 2) {
    r.backoff_min = duration(durations[0]);
    r.backoff_max = duration(durations[1]);
  }
  if (ctx->name()) r.then = name(ctx->name());
  return r;
}

CheckDecl AstBuilder::check(P::CheckDeclContext* ctx) {
  CheckDecl c;
  if (ctx == nullptr) return c;
  c.span = span(ctx);
  c.condition = expr(ctx->expr());
  Ident message = string_ident(ctx->STRING());
  c.message = message.text;
  c.message_span = message.span;
  return c;
}

RecordRef AstBuilder::record_ref(P::NameContext* system, P::NameContext* record) {
  RecordRef r{name(system), name(record), {}};
  r.span = {tokens_.file(), r.system.span.begin, std::max(r.system.span.end, r.record.span.end)};
  return r;
}

FlowDecl AstBuilder::flow(P::FlowDeclContext* ctx) {
  FlowDecl f;
  f.span = span(ctx);
  auto names = ctx->name();
  auto at = [&](size_t i) { return i < names.size() ? names[i] : nullptr; };
  f.source = record_ref(at(0), at(1));
  f.target = record_ref(at(2), at(3));
  f.update_only = ctx->UPDATE() != nullptr;
  f.create_only = ctx->CREATE() != nullptr;
  if (ctx->expr()) f.when = expr(ctx->expr());
  if (ctx->block()) f.body = block(ctx->block());
  return f;
}

Block AstBuilder::block(P::BlockContext* ctx) {
  Block b;
  if (ctx == nullptr) return b;
  b.span = span(ctx);
  for (auto* stmt : ctx->flowStmt()) {
    FlowStmt s;
    s.span = span(stmt);
    if (auto* c = dynamic_cast<P::LetStmtContext*>(stmt)) {
      s.kind = FlowStmt::Kind::kLet;
      s.target = name(c->name());
      s.value = expr(c->expr());
    } else if (auto* c = dynamic_cast<P::CheckStmtContext*>(stmt)) {
      s.kind = FlowStmt::Kind::kCheck;
      s.check = check(c->checkDecl());
    } else if (auto* c = dynamic_cast<P::NestedStmtContext*>(stmt)) {
      s.kind = FlowStmt::Kind::kNested;
      s.target = name(c->name());
      s.block = std::make_unique<Block>(block(c->block()));
    } else if (auto* c = dynamic_cast<P::MetaAssignStmtContext*>(stmt)) {
      s.kind = FlowStmt::Kind::kMetaAssign;
      s.target = name(c->name());
      if (c->STRING()) s.meta_key = Ident{decode_string(c->STRING()->getSymbol()), span(c->STRING())};
      s.value = expr(c->expr());
    } else if (auto* c = dynamic_cast<P::AssignStmtContext*>(stmt)) {
      s.kind = FlowStmt::Kind::kAssign;
      s.target = name(c->name());
      s.value = expr(c->expr());
    } else {
      continue;
    }
    b.stmts.push_back(std::move(s));
  }
  return b;
}

WorkflowDecl AstBuilder::workflow(P::WorkflowDeclContext* ctx) {
  WorkflowDecl w;
  w.span = span(ctx);
  w.name = name(ctx->name());
  for (auto* member : ctx->workflowMember()) {
    if (auto* start = dynamic_cast<P::StartDeclContext*>(member)) {
      w.start_span = span(start);
      w.start_system = name(start->name());
      w.start_topics = strings(start->STRING());
      if (start->expr()) w.start_when = expr(start->expr());
    } else if (auto* k = dynamic_cast<P::WorkflowKeyContext*>(member)) {
      w.key_span = span(k);
      w.key = expr(k->expr());
    } else if (auto* r = dynamic_cast<P::WorkflowRetryContext*>(member)) {
      w.retry = retry(r->retryDecl());
    } else if (auto* s = dynamic_cast<P::StepDeclContext*>(member)) {
      w.steps.push_back(step(s));
    }
  }
  return w;
}

StepDecl AstBuilder::step(P::StepDeclContext* ctx) {
  StepDecl s;
  s.span = span(ctx);
  s.name = name(ctx->name());
  for (auto* member : ctx->stepMember()) {
    if (auto* a = dynamic_cast<P::AwaitStmtContext*>(member)) {
      AwaitStmt await;
      await.span = span(a);
      await.system = name(a->name());
      await.topics = strings(a->STRING());
      // `by` comes before `when`: expr(0) is the `by` value when BY was written.
      size_t next = 0;
      if (a->BY()) await.by = expr(a->expr(next++));
      if (a->WHEN()) await.when = expr(a->expr(next));
      if (a->DURATION()) await.timeout = duration(a->DURATION());
      s.awaits.push_back(std::move(await));
    } else if (auto* f = dynamic_cast<P::StepFlowContext*>(member)) {
      if (f->flowDecl()) s.flows.push_back(flow(f->flowDecl()));
    } else if (auto* c = dynamic_cast<P::StepCheckContext*>(member)) {
      s.checks.push_back(check(c->checkDecl()));
    } else if (auto* r = dynamic_cast<P::StepRetryContext*>(member)) {
      s.retry = retry(r->retryDecl());
    }
  }
  return s;
}

}  // namespace syncloom::frontend::detail
