-- How many members hold each role, kept by the database as membership_roles changes (issue 15, item 4): the
-- roles list and the matrix read one small row per role instead of counting 200,000 memberships per page.
-- A table of its own rather than a column on roles: adding a member never locks the role's row (whose
-- version guards edits), and statement triggers fold a bulk change (a role deleted with its members moved)
-- into one update per role, taken in role order so two of them never deadlock.
CREATE TABLE "role_member_counts" (
  "role_id" uuid PRIMARY KEY NOT NULL REFERENCES "roles"("id") ON DELETE CASCADE,
  "members" bigint NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION role_member_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO role_member_counts AS c (role_id, members)
    SELECT role_id, count(*) FROM changed_rows GROUP BY role_id ORDER BY role_id
    ON CONFLICT (role_id) DO UPDATE SET members = c.members + excluded.members;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION role_member_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A role deleted in the same statement chain has no row left to update: nothing to do for it.
  UPDATE role_member_counts c SET members = c.members - gone.members
    FROM (SELECT role_id, count(*) AS members FROM changed_rows GROUP BY role_id ORDER BY role_id) gone
    WHERE c.role_id = gone.role_id;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER membership_roles_count_insert AFTER INSERT ON membership_roles
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION role_member_counts_add();
--> statement-breakpoint
CREATE TRIGGER membership_roles_count_delete AFTER DELETE ON membership_roles
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION role_member_counts_remove();
--> statement-breakpoint
-- The app replaces a member's roles by delete and insert; an UPDATE of role_id (by hand) moves the count.
CREATE FUNCTION role_member_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE role_member_counts SET members = members - 1 WHERE role_id = OLD.role_id;
  INSERT INTO role_member_counts AS c (role_id, members) VALUES (NEW.role_id, 1)
    ON CONFLICT (role_id) DO UPDATE SET members = c.members + 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER membership_roles_count_move AFTER UPDATE OF role_id ON membership_roles
  FOR EACH ROW WHEN (OLD.role_id IS DISTINCT FROM NEW.role_id) EXECUTE FUNCTION role_member_counts_move();
--> statement-breakpoint
CREATE FUNCTION role_member_counts_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM role_member_counts;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER membership_roles_count_truncate AFTER TRUNCATE ON membership_roles
  FOR EACH STATEMENT EXECUTE FUNCTION role_member_counts_reset();
--> statement-breakpoint
INSERT INTO role_member_counts (role_id, members) SELECT role_id, count(*) FROM membership_roles GROUP BY role_id;
