"""PostgreSQL guards: the database itself enforces who may do what, whatever SQL a clerk's login sends.

On PostgreSQL every clerk is a database login, so a clerk could bypass the program and write plain SQL. These
triggers check each change to ``cases``, ``case_versions``, ``users``, ``payments`` and ``history`` against
``session_user`` (the login; ``SET ROLE`` cannot change it) and the roles in ``users``:

- BEFORE triggers refuse a step the login's role, the case's status or four eyes does not allow, with the same rules
  as the data layer (``store.Ledger``): 经办 enters, recomputes (new version) and prints; 审核 approves (not the
  entrant nor whoever computed the current version; approved total = the case's total) and sends back; 财务 pays an
  approved case exactly the approved total; users rows are only added, by a 审核 other than the grantee (except the
  first grant in an empty ledger); payments, users and cases are never updated outside these steps nor deleted;
  a history row is only written, in the login's own name, together with the step it records.
- Deferred constraint triggers check at COMMIT that each change came with its history row (same case, same login,
  the matching action, written in this transaction: ``xmin`` is the transaction's id) and, for a new version or a
  payment, with its stored version or payment row; so a change without its trace is rolled back.

The ledger's owner (the role owning the tables, which runs the migrations and restores backups) is not checked: it
could drop the triggers anyway. Refusals use SQLSTATE 42501 (insufficient_privilege) and a Chinese message, which
the data layer turns into ``Forbidden``. SQLite has no logins; there the data layer alone enforces the same rules.
"""
from __future__ import annotations

import sqlalchemy as sa

EDITABLE = "('草稿', '已计算', '已打印', '已退回')"


def _functions(schema: str) -> list[str]:
    path = f'SET search_path = "{schema}", pg_temp'
    refuse = "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE ="
    this_tx = "{t}.xmin::text = (txid_current() % 4294967296)::text"
    return [
        # Is the login the ledger's owner (or a superuser)? Those run migrations and restores unchecked.
        f"""CREATE FUNCTION ledger_is_owner() RETURNS boolean LANGUAGE sql STABLE {path} AS $$
            SELECT pg_has_role(session_user, c.relowner, 'USAGE') FROM pg_class c
            WHERE c.oid = '"{schema}".cases'::regclass $$""",
        f"""CREATE FUNCTION ledger_has_role(wanted text) RETURNS boolean LANGUAGE sql STABLE {path} AS $$
            SELECT EXISTS (SELECT 1 FROM users WHERE name = session_user::text AND role = wanted) $$""",
        f"""CREATE FUNCTION ledger_require(wanted text, doing text) RETURNS void LANGUAGE plpgsql {path} AS $$
            BEGIN
              IF NOT ledger_has_role(wanted) THEN
                {refuse} format('数据库拒绝：用户 %s 没有“%s”角色，不能%s', session_user, wanted, doing);
              END IF;
            END $$""",
        # A history row of this login and transaction for the case (NULL: a grant) with the action.
        f"""CREATE FUNCTION ledger_logged(for_case integer, wanted text) RETURNS boolean LANGUAGE sql STABLE {path}
            AS $$ SELECT EXISTS (SELECT 1 FROM history h WHERE h.case_id IS NOT DISTINCT FROM for_case
                  AND h.action = wanted AND h.user_name = session_user::text AND {this_tx.format(t='h')}) $$""",
        f"""CREATE FUNCTION ledger_guard_cases() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            DECLARE me text := session_user::text; computed text;
            BEGIN
              IF ledger_is_owner() THEN RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END; END IF;
              IF TG_OP = 'DELETE' THEN {refuse} format('数据库拒绝：台账第 %s 号不能删除', OLD.id); END IF;
              IF TG_OP = 'INSERT' THEN
                PERFORM ledger_require('经办', '登记案例');
                IF NEW.created_by <> me OR NEW.version <> 1 OR NEW.status NOT IN ('草稿', '已计算')
                   OR NEW.approved_by IS NOT NULL OR NEW.approved_at IS NOT NULL
                   OR NEW.approved_total_fen IS NOT NULL OR NEW.return_reason IS NOT NULL THEN
                  {refuse} format('数据库拒绝：新登记的案例须由登录用户 %s 本人登记，为第 1 版，状态为草稿或已计算', me);
                END IF;
                RETURN NEW;
              END IF;
              IF NEW.id <> OLD.id OR NEW.kind <> OLD.kind OR NEW.created_by <> OLD.created_by
                 OR NEW.created_at <> OLD.created_at THEN
                {refuse} format('数据库拒绝：台账第 %s 号的编号、种类、登记人和登记时间不能修改', OLD.id);
              END IF;
              IF NEW.version = OLD.version + 1 AND NEW.status = '已计算' AND OLD.status IN {EDITABLE} THEN
                PERFORM ledger_require('经办', '重新计算');
                IF NEW.approved_by IS NOT NULL OR NEW.approved_at IS NOT NULL
                   OR NEW.approved_total_fen IS NOT NULL OR NEW.return_reason IS NOT NULL THEN
                  {refuse} format('数据库拒绝：台账第 %s 号重新计算后须重新审核', OLD.id);
                END IF;
                RETURN NEW;
              END IF;
              IF NEW.version <> OLD.version OR NEW.title <> OLD.title OR NEW.applicant_name <> OLD.applicant_name
                 OR NEW.credit_code <> OLD.credit_code OR NEW.county <> OLD.county
                 OR NEW.claim_key <> OLD.claim_key OR NEW.total_fen IS DISTINCT FROM OLD.total_fen THEN
                {refuse} format('数据库拒绝：台账第 %s 号（“%s”）的内容只能由经办人员重新计算为新版本', OLD.id, OLD.status);
              END IF;
              IF OLD.status = '已计算' AND NEW.status = '已打印' THEN
                PERFORM ledger_require('经办', '打印申请表');
              ELSIF OLD.status IN ('已计算', '已打印') AND NEW.status = '已审核' THEN
                PERFORM ledger_require('审核', '审核');
                SELECT v.computed_by INTO computed FROM case_versions v
                  WHERE v.case_id = OLD.id AND v.version = OLD.version;
                IF me IN (OLD.created_by, computed) THEN
                  {refuse} format('数据库拒绝：双人复核：台账第 %s 号由 %s 登记或计算，须由另一位审核人员审核', OLD.id, me);
                END IF;
                IF NEW.approved_by IS DISTINCT FROM me OR NEW.approved_at IS NULL
                   OR NEW.approved_total_fen IS DISTINCT FROM OLD.total_fen THEN
                  {refuse} format('数据库拒绝：台账第 %s 号的审核人须为登录用户 %s 本人，审定金额须等于计算金额', OLD.id, me);
                END IF;
                RETURN NEW;
              ELSIF OLD.status IN ('已计算', '已打印', '已审核') AND NEW.status = '已退回' THEN
                PERFORM ledger_require('审核', '退回');
                IF NEW.approved_by IS NOT NULL OR NEW.approved_at IS NOT NULL
                   OR NEW.approved_total_fen IS NOT NULL THEN
                  {refuse} format('数据库拒绝：退回的台账第 %s 号不能保留审核结论', OLD.id);
                END IF;
                RETURN NEW;
              ELSIF OLD.status = '已审核' AND NEW.status = '已拨付' THEN
                PERFORM ledger_require('财务', '登记拨付');
              ELSE
                {refuse} format('数据库拒绝：台账第 %s 号不能由“%s”改为“%s”', OLD.id, OLD.status, NEW.status);
              END IF;
              IF NEW.approved_by IS DISTINCT FROM OLD.approved_by OR NEW.approved_at IS DISTINCT FROM OLD.approved_at
                 OR NEW.approved_total_fen IS DISTINCT FROM OLD.approved_total_fen
                 OR NEW.return_reason IS DISTINCT FROM OLD.return_reason THEN
                {refuse} format('数据库拒绝：台账第 %s 号的审核结论不能修改', OLD.id);
              END IF;
              RETURN NEW;
            END $$""",
        # At COMMIT: each case change came with its history row (and its version or payment row).
        f"""CREATE FUNCTION ledger_traced_cases() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            DECLARE action text;
            BEGIN
              IF ledger_is_owner() THEN RETURN NULL; END IF;
              action := CASE WHEN TG_OP = 'INSERT' THEN '登记' WHEN NEW.version <> OLD.version THEN '重新计算'
                        ELSE CASE NEW.status WHEN '已打印' THEN '打印' WHEN '已审核' THEN '审核通过'
                             WHEN '已退回' THEN '退回' WHEN '已拨付' THEN '拨付' END END;
              IF action IS NULL OR NOT ledger_logged(NEW.id, action) THEN
                {refuse} format('数据库拒绝：台账第 %s 号的修改没有登录用户 %s 的“%s”历史记录', NEW.id, session_user,
                                coalesce(action, NEW.status));
              END IF;
              IF action IN ('登记', '重新计算') AND NOT EXISTS (SELECT 1 FROM case_versions v
                  WHERE v.case_id = NEW.id AND v.version = NEW.version AND v.computed_by = session_user::text
                  AND v.total_fen IS NOT DISTINCT FROM NEW.total_fen) THEN
                {refuse} format('数据库拒绝：台账第 %s 号第 %s 版没有保存的计算版本', NEW.id, NEW.version);
              END IF;
              IF action = '拨付' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.case_id = NEW.id
                  AND p.recorded_by = session_user::text AND p.amount_fen = NEW.approved_total_fen) THEN
                {refuse} format('数据库拒绝：台账第 %s 号没有金额等于审定金额的拨付记录', NEW.id);
              END IF;
              RETURN NULL;
            END $$""",
        f"""CREATE FUNCTION ledger_guard_versions() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            BEGIN
              IF ledger_is_owner() THEN RETURN NEW; END IF;
              PERFORM ledger_require('经办', '保存计算版本');
              IF NEW.computed_by <> session_user::text THEN
                {refuse} format('数据库拒绝：计算版本的计算人须为登录用户 %s 本人', session_user);
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION ledger_traced_versions() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            BEGIN
              IF ledger_is_owner() THEN RETURN NULL; END IF;
              IF NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = NEW.case_id AND c.version = NEW.version) THEN
                {refuse} format('数据库拒绝：台账第 %s 号第 %s 版不是该案例的当前版本', NEW.case_id, NEW.version);
              END IF;
              RETURN NULL;
            END $$""",
        f"""CREATE FUNCTION ledger_guard_users() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            BEGIN
              IF ledger_is_owner() THEN RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END; END IF;
              IF TG_OP <> 'INSERT' THEN
                {refuse} format('数据库拒绝：角色授权只能追加，不能修改或删除（用户 %s）', OLD.name);
              END IF;
              IF NEW.granted_by <> session_user::text THEN
                {refuse} format('数据库拒绝：授权人须为登录用户 %s 本人', session_user);
              END IF;
              IF EXISTS (SELECT 1 FROM users) THEN
                PERFORM ledger_require('审核', '授予角色');
                IF NEW.name = session_user::text THEN
                  {refuse} format('数据库拒绝：用户 %s 不能给自己授予角色，请另一位审核人员授权', session_user);
                END IF;
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION ledger_traced_users() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            BEGIN
              IF ledger_is_owner() THEN RETURN NULL; END IF;
              IF NOT EXISTS (SELECT 1 FROM history h WHERE h.case_id IS NULL AND h.action = '授权'
                  AND h.user_name = session_user::text AND {this_tx.format(t='h')}
                  AND h.detail::jsonb ->> '用户' = NEW.name AND h.detail::jsonb ->> '角色' = NEW.role) THEN
                {refuse} format('数据库拒绝：给 %s 授予“%s”角色没有授权历史记录', NEW.name, NEW.role);
              END IF;
              RETURN NULL;
            END $$""",
        f"""CREATE FUNCTION ledger_guard_payments() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            DECLARE c cases%ROWTYPE;
            BEGIN
              IF ledger_is_owner() THEN RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END; END IF;
              IF TG_OP <> 'INSERT' THEN
                {refuse} format('数据库拒绝：台账第 %s 号的拨付记录不能修改或删除', OLD.case_id);
              END IF;
              PERFORM ledger_require('财务', '登记拨付');
              SELECT * INTO c FROM cases WHERE id = NEW.case_id;
              IF NEW.recorded_by <> session_user::text THEN
                {refuse} format('数据库拒绝：拨付的登记人须为登录用户 %s 本人', session_user);
              END IF;
              IF c.status NOT IN ('已审核', '已拨付') OR NEW.amount_fen IS DISTINCT FROM c.approved_total_fen THEN
                {refuse} format('数据库拒绝：只能拨付已审核的案例，金额须等于审定金额（台账第 %s 号）', NEW.case_id);
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION ledger_traced_payments() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            BEGIN
              IF ledger_is_owner() THEN RETURN NULL; END IF;
              IF NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = NEW.case_id AND c.status = '已拨付') THEN
                {refuse} format('数据库拒绝：台账第 %s 号的拨付记录须与“已拨付”状态一起登记', NEW.case_id);
              END IF;
              RETURN NULL;
            END $$""",
        # A history row only with the step it records (done just before in this transaction): none made up.
        f"""CREATE FUNCTION ledger_guard_history() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            DECLARE ok boolean;
            BEGIN
              IF ledger_is_owner() THEN RETURN NEW; END IF;
              IF NEW.user_name <> session_user::text THEN
                {refuse} format('数据库拒绝：历史记录的用户须为登录用户 %s 本人', session_user);
              END IF;
              IF NEW.action = '授权' THEN
                ok := EXISTS (SELECT 1 FROM users u WHERE u.name = NEW.detail::jsonb ->> '用户'
                      AND u.role = NEW.detail::jsonb ->> '角色' AND u.granted_by = NEW.user_name
                      AND {this_tx.format(t='u')});
              ELSIF NEW.action = '打印' THEN  -- printing again is logged without a change
                ok := EXISTS (SELECT 1 FROM cases c WHERE c.id = NEW.case_id AND c.status = '已打印');
              ELSE
                ok := EXISTS (SELECT 1 FROM cases c WHERE c.id = NEW.case_id AND {this_tx.format(t='c')}
                      AND c.status = CASE NEW.action WHEN '重新计算' THEN '已计算' WHEN '审核通过' THEN '已审核'
                          WHEN '退回' THEN '已退回' WHEN '拨付' THEN '已拨付'
                          WHEN '登记' THEN CASE WHEN c.created_by = NEW.user_name THEN c.status END END);
              END IF;
              IF NOT ok THEN
                {refuse} format('数据库拒绝：“%s”历史记录须与它记下的那一步在同一事务中写入（台账第 %s 号）',
                                NEW.action, coalesce(NEW.case_id::text, '—'));
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION ledger_no_truncate() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            BEGIN
              IF ledger_is_owner() THEN RETURN NULL; END IF;
              {refuse} format('数据库拒绝：不能清空表 %s', TG_TABLE_NAME);
            END $$""",
    ]


def _triggers() -> list[str]:
    out = []
    for table, events in (("cases", "INSERT OR UPDATE OR DELETE"), ("users", "INSERT OR UPDATE OR DELETE"),
                          ("payments", "INSERT OR UPDATE OR DELETE"), ("case_versions", "INSERT"),
                          ("history", "INSERT")):
        guard = "versions" if table == "case_versions" else table
        out.append(f"CREATE TRIGGER {table}_guard BEFORE {events} ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION ledger_guard_{guard}()")
    for table, events in (("cases", "INSERT OR UPDATE"), ("users", "INSERT"), ("payments", "INSERT"),
                          ("case_versions", "INSERT")):
        traced = "versions" if table == "case_versions" else table
        out.append(f"CREATE CONSTRAINT TRIGGER {table}_traced AFTER {events} ON {table} DEFERRABLE INITIALLY "
                   f"DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_traced_{traced}()")
    for table in ("cases", "users", "payments"):
        out.append(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION ledger_no_truncate()")
    return out


def install(op) -> None:
    """Create the guards (PostgreSQL only) in the schema the ledger's tables live in."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.scalar(sa.text("SELECT current_schema()"))
    for statement in [*_functions(schema), *_triggers()]:
        op.execute(statement)
