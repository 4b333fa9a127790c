-- The Users tab at 200,000 members (see lib/dal/members.ts and bench/users.ts). The tab filters on
-- memberships and sorts and searches on users; one account's page must be readable from one table's
-- indexes, so each membership carries a trigger-maintained copy of what the tab sorts and searches by,
-- and each account a trigger-maintained member count (the unfiltered "1–25 of N" without counting).
-- btree_gin lets one GIN index hold the account and the trigrams (trusted: a database owner may create it).
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
ALTER TABLE "memberships"
  ADD COLUMN "sort_first_name" text,
  ADD COLUMN "sort_last_name" text,
  ADD COLUMN "sort_email" text,
  ADD COLUMN "sort_phone" text,
  ADD COLUMN "sort_role" text,
  ADD COLUMN "search_text" text;
--> statement-breakpoint
-- ' first last' ^A ' last first' ^A ' email' ^B 'phone digits': one string the trigram index covers, where
-- "a field starts with t" is `like ' t%' or like '%^A t%'` and "the phone holds digits d" is `like '%^B%d%'`.
-- Search terms never hold control characters (lib/validation/members.ts), so no match spans two fields.
CREATE FUNCTION member_search_text(first_name text, last_name text, email text, phone text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ' ' || lower(first_name || ' ' || last_name) || chr(1) || ' ' || lower(last_name || ' ' || first_name) || chr(1)
    || ' ' || lower(email) || chr(2) || coalesce(regexp_replace(phone, '[^0-9]', '', 'g'), '');
--> statement-breakpoint
CREATE FUNCTION memberships_copy_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT lower(u.first_name), lower(u.last_name), lower(u.email), u.phone, member_search_text(u.first_name, u.last_name, u.email, u.phone)
    INTO NEW.sort_first_name, NEW.sort_last_name, NEW.sort_email, NEW.sort_phone, NEW.search_text
    FROM users u WHERE u.id = NEW.user_id;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_copy_user BEFORE INSERT OR UPDATE OF user_id ON memberships
  FOR EACH ROW EXECUTE FUNCTION memberships_copy_user();
--> statement-breakpoint
CREATE FUNCTION users_sync_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE memberships SET
    sort_first_name = lower(NEW.first_name),
    sort_last_name = lower(NEW.last_name),
    sort_email = lower(NEW.email),
    sort_phone = NEW.phone,
    search_text = member_search_text(NEW.first_name, NEW.last_name, NEW.email, NEW.phone)
  WHERE user_id = NEW.id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER users_sync_memberships AFTER UPDATE OF first_name, last_name, email, phone ON users
  FOR EACH ROW WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name
    OR OLD.email IS DISTINCT FROM NEW.email OR OLD.phone IS DISTINCT FROM NEW.phone)
  EXECUTE FUNCTION users_sync_memberships();
--> statement-breakpoint
-- The role sort orders by the alphabetically first role name a member holds.
CREATE FUNCTION membership_roles_sync_sort_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE memberships m SET sort_role = (
      SELECT min(r.name) FROM membership_roles mr JOIN roles r ON r.id = mr.role_id WHERE mr.membership_id = m.id)
    WHERE m.id IN (SELECT DISTINCT membership_id FROM changed_rows);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER membership_roles_insert_sort_role AFTER INSERT ON membership_roles
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_roles_sync_sort_role();
--> statement-breakpoint
CREATE TRIGGER membership_roles_update_sort_role AFTER UPDATE ON membership_roles
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_roles_sync_sort_role();
--> statement-breakpoint
CREATE TRIGGER membership_roles_delete_sort_role AFTER DELETE ON membership_roles
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_roles_sync_sort_role();
--> statement-breakpoint
CREATE FUNCTION roles_sync_sort_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE memberships m SET sort_role = (
      SELECT min(r.name) FROM membership_roles mr JOIN roles r ON r.id = mr.role_id WHERE mr.membership_id = m.id)
    WHERE m.id IN (SELECT mr.membership_id FROM membership_roles mr WHERE mr.role_id = NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER roles_sync_sort_role AFTER UPDATE OF name ON roles
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION roles_sync_sort_role();
--> statement-breakpoint
UPDATE memberships m SET
  sort_first_name = lower(u.first_name), sort_last_name = lower(u.last_name), sort_email = lower(u.email), sort_phone = u.phone,
  search_text = member_search_text(u.first_name, u.last_name, u.email, u.phone),
  sort_role = (SELECT min(r.name) FROM membership_roles mr JOIN roles r ON r.id = mr.role_id WHERE mr.membership_id = m.id)
  FROM users u WHERE u.id = m.user_id;
--> statement-breakpoint
ALTER TABLE "memberships"
  ALTER COLUMN "sort_first_name" SET NOT NULL,
  ALTER COLUMN "sort_last_name" SET NOT NULL,
  ALTER COLUMN "sort_email" SET NOT NULL,
  ALTER COLUMN "search_text" SET NOT NULL;
--> statement-breakpoint
CREATE TABLE "account_member_counts" (
  "account_id" uuid PRIMARY KEY NOT NULL REFERENCES "accounts"("id") ON DELETE CASCADE,
  "members" bigint NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION account_member_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_member_counts AS c (account_id, members)
    SELECT account_id, count(*) FROM changed_rows GROUP BY account_id ORDER BY account_id
    ON CONFLICT (account_id) DO UPDATE SET members = c.members + excluded.members;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION account_member_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE account_member_counts c SET members = c.members - gone.members
    FROM (SELECT account_id, count(*) AS members FROM changed_rows GROUP BY account_id) gone
    WHERE c.account_id = gone.account_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_count_insert AFTER INSERT ON memberships
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION account_member_counts_add();
--> statement-breakpoint
CREATE TRIGGER memberships_count_delete AFTER DELETE ON memberships
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION account_member_counts_remove();
--> statement-breakpoint
-- A membership never moves to another account; should one ever do, the counts follow. (Row-level with a
-- column list: a statement trigger with transition tables would run, and lock the count, on every update.)
CREATE FUNCTION account_member_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE account_member_counts SET members = members - 1 WHERE account_id = OLD.account_id;
  INSERT INTO account_member_counts AS c (account_id, members) VALUES (NEW.account_id, 1)
    ON CONFLICT (account_id) DO UPDATE SET members = c.members + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_count_move AFTER UPDATE OF account_id ON memberships
  FOR EACH ROW WHEN (OLD.account_id IS DISTINCT FROM NEW.account_id) EXECUTE FUNCTION account_member_counts_move();
--> statement-breakpoint
CREATE FUNCTION account_member_counts_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM account_member_counts;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_count_truncate AFTER TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION account_member_counts_reset();
--> statement-breakpoint
INSERT INTO account_member_counts (account_id, members) SELECT account_id, count(*) FROM memberships GROUP BY account_id;
--> statement-breakpoint
-- One sort index per column of the tab, each ending in the id so the order is total and a keyset cursor
-- can resume it. Keys are never null: a nullable column sorts by (is null, coalesce(column, constant)), and
-- where NULLs stay last in both directions (phone, last sign-in) a second index serves the descending order.
-- The name index (the default order) also carries what the search and filters read, so walking it never
-- touches the table.
CREATE INDEX "memberships_sort_name_idx" ON "memberships" ("account_id", "sort_last_name", "sort_first_name", "id")
  INCLUDE ("search_text", "status", "login_type", "access_expires_at");
--> statement-breakpoint
CREATE INDEX "memberships_sort_email_idx" ON "memberships" ("account_id", "sort_email", "id");
--> statement-breakpoint
CREATE INDEX "memberships_sort_phone_idx" ON "memberships" ("account_id", ("sort_phone" IS NULL), coalesce("sort_phone", ''), "sort_last_name", "sort_first_name", "id");
--> statement-breakpoint
CREATE INDEX "memberships_sort_phone_desc_idx" ON "memberships" ("account_id", ("sort_phone" IS NOT NULL), coalesce("sort_phone", ''), "sort_last_name", "sort_first_name", "id");
--> statement-breakpoint
CREATE INDEX "memberships_sort_role_idx" ON "memberships" ("account_id", ("sort_role" IS NULL), coalesce("sort_role", ''), "sort_last_name", "sort_first_name", "id");
--> statement-breakpoint
CREATE INDEX "memberships_sort_login_idx" ON "memberships" ("account_id", "login_type", "sort_last_name", "sort_first_name", "id");
--> statement-breakpoint
CREATE INDEX "memberships_sort_status_idx" ON "memberships" ("account_id", "status", ("access_expires_at" IS NULL), coalesce("access_expires_at", '1970-01-01 00:00:00+00'::timestamptz), "sort_last_name", "sort_first_name", "id");
--> statement-breakpoint
CREATE INDEX "memberships_sort_last_sign_in_idx" ON "memberships" ("account_id", ("last_sign_in_at" IS NULL), coalesce("last_sign_in_at", '1970-01-01 00:00:00+00'::timestamptz), "sort_last_name", "sort_first_name", "id");
--> statement-breakpoint
CREATE INDEX "memberships_sort_last_sign_in_desc_idx" ON "memberships" ("account_id", ("last_sign_in_at" IS NOT NULL), coalesce("last_sign_in_at", '1970-01-01 00:00:00+00'::timestamptz), "sort_last_name", "sort_first_name", "id");
--> statement-breakpoint
-- The indexes that find a sparse match set. They lead with account_id::text, which the sort indexes cannot
-- serve: a query written against them can only be planned as a bitmap of its matches, never as the ordered
-- walk that reads the whole account when the matches are few or sort late.
CREATE INDEX "memberships_search_idx" ON "memberships" USING gin (("account_id"::text), "search_text" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX "memberships_prefix_first_idx" ON "memberships" (("account_id"::text), "sort_first_name" text_pattern_ops);
--> statement-breakpoint
CREATE INDEX "memberships_prefix_last_idx" ON "memberships" (("account_id"::text), "sort_last_name" text_pattern_ops);
--> statement-breakpoint
CREATE INDEX "memberships_prefix_email_idx" ON "memberships" (("account_id"::text), "sort_email" text_pattern_ops);
--> statement-breakpoint
CREATE INDEX "memberships_filter_idx" ON "memberships" (("account_id"::text), "status", "login_type", "access_expires_at");
