"""PostgreSQL guards of revision 0005 (this file belongs to that revision: a later change is a new revision).

The office's rules: only a 审核 login publishes a rule set, in its own name, as the next version, with a document
and a note, and with its 发布规则 history row in the same transaction (checked at COMMIT); the history guard of
revision 0004 is replaced by one that also knows the 发布规则 row (written only with the version it records).
"""
from __future__ import annotations

import sqlalchemy as sa


def _functions(schema: str) -> list[str]:
    path = f'SET search_path = "{schema}", pg_temp'
    refuse = "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE ="
    this_tx = "{t}.xmin::text = (txid_current() % 4294967296)::text"
    return [
        f"""CREATE FUNCTION ledger_guard_office_rules() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            BEGIN
              IF ledger_is_owner() THEN RETURN NEW; END IF;
              PERFORM ledger_require('审核', '发布本单位规则');
              IF NEW.published_by <> session_user::text THEN
                {refuse} format('数据库拒绝：规则的发布人须为登录用户 %s 本人', session_user);
              END IF;
              IF NEW.version <> (SELECT coalesce(max(version), 0) + 1 FROM office_rules) THEN
                {refuse} format('数据库拒绝：本单位规则只能按顺序发布为下一版（不能是第 %s 版）', NEW.version);
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION ledger_traced_office_rules() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            BEGIN
              IF ledger_is_owner() THEN RETURN NULL; END IF;
              IF NOT EXISTS (SELECT 1 FROM history h WHERE h.case_id IS NULL AND h.action = '发布规则'
                  AND h.user_name = session_user::text AND {this_tx.format(t='h')}
                  AND h.detail::jsonb ->> '版本' = NEW.version::text) THEN
                {refuse} format('数据库拒绝：发布本单位规则第 %s 版没有“发布规则”历史记录', NEW.version);
              END IF;
              RETURN NULL;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION ledger_guard_history() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            DECLARE ok boolean;
            BEGIN
              IF ledger_is_owner() THEN RETURN NEW; END IF;
              -- the database's clock, not the sender's
              NEW.at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00';
              IF NEW.user_name <> session_user::text THEN
                {refuse} format('数据库拒绝：历史记录的用户须为登录用户 %s 本人', session_user);
              END IF;
              IF NEW.action = '授权' THEN
                ok := EXISTS (SELECT 1 FROM users u WHERE u.name = NEW.detail::jsonb ->> '用户'
                      AND u.role = NEW.detail::jsonb ->> '角色' AND u.granted_by = NEW.user_name
                      AND u.revoked_at IS NULL AND {this_tx.format(t='u')});
              ELSIF NEW.action = '停用' THEN
                ok := EXISTS (SELECT 1 FROM users u WHERE u.name = NEW.detail::jsonb ->> '用户'
                      AND u.role = NEW.detail::jsonb ->> '角色' AND u.revoked_by = NEW.user_name
                      AND {this_tx.format(t='u')});
              ELSIF NEW.action = '发布规则' THEN
                ok := NEW.case_id IS NULL AND EXISTS (SELECT 1 FROM office_rules r
                      WHERE r.version::text = NEW.detail::jsonb ->> '版本' AND r.published_by = NEW.user_name
                      AND {this_tx.format(t='r')});
              ELSIF NEW.action = '打印' THEN  -- printing again is logged without a change
                ok := ledger_has_role('经办') AND EXISTS (SELECT 1 FROM cases c WHERE c.id = NEW.case_id
                      AND c.status = '已打印');
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
    ]


TRIGGERS = [
    "CREATE TRIGGER office_rules_guard BEFORE INSERT ON office_rules FOR EACH ROW "
    "EXECUTE FUNCTION ledger_guard_office_rules()",
    "CREATE CONSTRAINT TRIGGER office_rules_traced AFTER INSERT ON office_rules DEFERRABLE INITIALLY DEFERRED "
    "FOR EACH ROW EXECUTE FUNCTION ledger_traced_office_rules()",
]


def install(op) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.scalar(sa.text("SELECT current_schema()"))
    for statement in [*_functions(schema), *TRIGGERS]:
        op.execute(statement)
