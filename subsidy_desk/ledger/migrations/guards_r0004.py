"""PostgreSQL guards of revision 0004 (this file belongs to that revision: a later change is a new revision).

- The first grant of a new ledger names a 审核 (a first 经办 would lock the office out of approving for ever).
- A role can be 停用 (the row stays: ``revoked_by``/``revoked_at``) and granted again, each with its history row;
  a 停用 role is not held. Nobody grants or stops their own role (so a 审核 always remains).
- A history row's time is the database's clock, never the one sent: no login writes a row dated at will. A
  '打印' row (printing again changes nothing else) needs the 经办 role.
- Claim keys and payment document numbers' keys (``doc_key``) are stored in normal form (no lower-case letters, spaces, zero-width
  characters, dashes or full-width forms — ``claims.normalise``), so a lookalike cannot slip past the UNIQUE
  constraints; a payment cannot be dated before its approval.
"""
from __future__ import annotations

import sqlalchemy as sa

# What claims.normalise removes or folds, as a PostgreSQL bracket expression (literal characters).
NOT_NORMAL = ("[a-z \t\n\r\f\v\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u2060-\u2064\u3000\ufeff\u00ad"
              "\u2010-\u2015\u2212\uff01-\uff5e_-]")
SEPARATORS = ("[ \t\n\r\f\v\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u2060-\u2064\u3000\ufeff\u00ad"
              "\u180e\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63_-]")
ISO_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"  # the key's dates and its leading kind are not compared


def _functions(schema: str) -> list[str]:
    path = f'SET search_path = "{schema}", pg_temp'
    refuse = "RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE ="
    this_tx = "{t}.xmin::text = (txid_current() % 4294967296)::text"
    return [
        f"""CREATE OR REPLACE FUNCTION ledger_has_role(wanted text) RETURNS boolean LANGUAGE sql STABLE {path} AS $$
            SELECT EXISTS (SELECT 1 FROM users WHERE name = session_user::text AND role = wanted
                           AND revoked_at IS NULL) $$""",
        f"""CREATE OR REPLACE FUNCTION ledger_guard_users() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            DECLARE me text := session_user::text;
            BEGIN
              IF ledger_is_owner() THEN RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END; END IF;
              IF TG_OP = 'DELETE' THEN
                {refuse} format('数据库拒绝：角色授权不能删除（用户 %s），离职人员请停用', OLD.name);
              END IF;
              IF TG_OP = 'INSERT' THEN
                IF NEW.granted_by <> me OR NEW.revoked_by IS NOT NULL OR NEW.revoked_at IS NOT NULL THEN
                  {refuse} format('数据库拒绝：授权人须为登录用户 %s 本人', me);
                END IF;
                IF EXISTS (SELECT 1 FROM users) THEN
                  PERFORM ledger_require('审核', '授予角色');
                  IF NEW.name = me THEN
                    {refuse} format('数据库拒绝：用户 %s 不能给自己授予角色，请另一位审核人员授权', me);
                  END IF;
                ELSIF NEW.role <> '审核' THEN
                  {refuse} format('数据库拒绝：新台账的第一个角色必须是“审核”，不能是“%s”', NEW.role);
                END IF;
                RETURN NEW;
              END IF;
              IF NEW.name <> OLD.name OR NEW.role <> OLD.role THEN
                {refuse} format('数据库拒绝：角色授权的用户和角色不能修改（用户 %s）', OLD.name);
              END IF;
              PERFORM ledger_require('审核', '授予或停用角色');
              IF NEW.name = me THEN
                {refuse} format('数据库拒绝：用户 %s 不能授予或停用自己的角色', me);
              END IF;
              IF OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL THEN  -- 停用
                IF NEW.revoked_by IS DISTINCT FROM me OR NEW.granted_by <> OLD.granted_by
                   OR NEW.granted_at <> OLD.granted_at THEN
                  {refuse} format('数据库拒绝：停用人须为登录用户 %s 本人，授权记录不能修改', me);
                END IF;
              ELSIF OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS NULL THEN  -- granted again
                IF NEW.revoked_by IS NOT NULL OR NEW.granted_by <> me THEN
                  {refuse} format('数据库拒绝：授权人须为登录用户 %s 本人', me);
                END IF;
              ELSE
                {refuse} format('数据库拒绝：角色授权只能授予或停用，不能修改（用户 %s）', OLD.name);
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE OR REPLACE FUNCTION ledger_traced_users() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            DECLARE wanted text := CASE WHEN NEW.revoked_at IS NULL THEN '授权' ELSE '停用' END;
            BEGIN
              IF ledger_is_owner() THEN RETURN NULL; END IF;
              IF NOT EXISTS (SELECT 1 FROM history h WHERE h.case_id IS NULL AND h.action = wanted
                  AND h.user_name = session_user::text AND {this_tx.format(t='h')}
                  AND h.detail::jsonb ->> '用户' = NEW.name AND h.detail::jsonb ->> '角色' = NEW.role) THEN
                {refuse} format('数据库拒绝：%s %s 的“%s”角色没有历史记录', wanted, NEW.name, NEW.role);
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
        f"""CREATE FUNCTION ledger_normal_claim_key() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            BEGIN
              IF ledger_is_owner() THEN RETURN NEW; END IF;
              IF regexp_replace(regexp_replace(NEW.claim_key, '^[a-z_]+[|]', ''), '{ISO_DATE}', '', 'g')
                 ~ '{NOT_NORMAL}' THEN
                {refuse} format('数据库拒绝：查重键 %s 未规范化（合同编号、信用代码须去掉空格、连字符，统一大写半角）',
                                NEW.claim_key);
              END IF;
              RETURN NEW;
            END $$""",
        f"""CREATE FUNCTION ledger_checked_payment() RETURNS trigger LANGUAGE plpgsql {path} AS $$
            DECLARE approved text;
            BEGIN
              IF ledger_is_owner() THEN RETURN NEW; END IF;
              IF NEW.doc_key ~ '{NOT_NORMAL}' OR NEW.doc_key IS DISTINCT FROM
                 replace(upper(regexp_replace(normalize(NEW.doc_no, NFKC), '{SEPARATORS}', '', 'g')), '|', '/') THEN
                {refuse} format('数据库拒绝：拨付凭证号 %s 的比较键 %s 不是它的规范形式（去掉空格、连字符，统一大写半角）',
                                NEW.doc_no, NEW.doc_key);
              END IF;
              SELECT approved_at INTO approved FROM cases WHERE id = NEW.case_id;
              IF approved IS NULL OR NEW.paid_on < (approved::timestamptz AT TIME ZONE 'UTC')::date THEN
                {refuse} format('数据库拒绝：台账第 %s 号的拨付日期 %s 早于审核日期', NEW.case_id, NEW.paid_on);
              END IF;
              RETURN NEW;
            END $$""",
    ]


TRIGGERS = [
    "CREATE CONSTRAINT TRIGGER users_traced_update AFTER UPDATE ON users DEFERRABLE INITIALLY DEFERRED "
    "FOR EACH ROW EXECUTE FUNCTION ledger_traced_users()",
    "CREATE TRIGGER cases_normal_claim_key BEFORE INSERT OR UPDATE OF claim_key ON cases "
    "FOR EACH ROW EXECUTE FUNCTION ledger_normal_claim_key()",
    "CREATE TRIGGER payments_normal_checked BEFORE INSERT ON payments FOR EACH ROW EXECUTE FUNCTION ledger_checked_payment()",
]


def install(op) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = bind.scalar(sa.text("SELECT current_schema()"))
    for statement in [*_functions(schema), *TRIGGERS]:
        op.execute(statement)
