-- Issue 16, item 7: the Users tab filters by department, team and group at 200,000 members. Each
-- membership keeps the ids of the departments, teams and groups it belongs to (random uuids: one array
-- holds all three kinds), indexed with its account like the search text (0006), so the bitmap ANDs the
-- filters with each other, the search and the status filter inside the indexes: two large structures that
-- barely meet cost their overlap, not their size. Triggers on the link tables keep it in the writing
-- transaction, one statement per write (adding 10,000 members to a group updates them in one UPDATE).
ALTER TABLE "memberships" ADD COLUMN "structure_ids" uuid[] DEFAULT '{}' NOT NULL;
--> statement-breakpoint
UPDATE "memberships" m SET "structure_ids" = s.ids
FROM (
  SELECT membership_id, array_agg(structure_id ORDER BY structure_id) AS ids FROM (
    SELECT membership_id, department_id AS structure_id FROM department_members
    UNION ALL SELECT membership_id, team_id FROM team_members
    UNION ALL SELECT membership_id, group_id FROM group_members
  ) l GROUP BY membership_id
) s
WHERE m.id = s.membership_id;
--> statement-breakpoint
CREATE INDEX "memberships_structures_idx" ON "memberships" USING gin (("account_id"::text), "structure_ids");
--> statement-breakpoint
-- The links a statement added or removed, as (membership, structure) pairs, whichever table it wrote.
CREATE FUNCTION member_structure_links(table_name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE table_name
    WHEN 'department_members' THEN 'department_id'
    WHEN 'team_members' THEN 'team_id'
    WHEN 'group_members' THEN 'group_id'
  END
$$;
--> statement-breakpoint
CREATE FUNCTION member_structures_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The members are locked in id order first: two writers adding the same people never deadlock.
  EXECUTE 'SELECT count(*) FROM (SELECT 1 FROM memberships m WHERE m.id IN (SELECT membership_id FROM changed_rows) ORDER BY m.id FOR NO KEY UPDATE) locked';
  EXECUTE format(
    'UPDATE memberships m SET structure_ids = m.structure_ids || n.ids
       FROM (SELECT membership_id, array_agg(%I) AS ids FROM changed_rows GROUP BY membership_id) n
      WHERE m.id = n.membership_id',
    member_structure_links(TG_TABLE_NAME));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION member_structures_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- In id order, as above (a membership deleted in this statement is skipped: its links go with it).
  EXECUTE 'SELECT count(*) FROM (SELECT 1 FROM memberships m WHERE m.id IN (SELECT membership_id FROM changed_rows) ORDER BY m.id FOR NO KEY UPDATE) locked';
  EXECUTE format(
    'UPDATE memberships m SET structure_ids = array(SELECT s FROM unnest(m.structure_ids) s WHERE s <> ALL (n.ids))
       FROM (SELECT membership_id, array_agg(%I) AS ids FROM changed_rows GROUP BY membership_id) n
      WHERE m.id = n.membership_id',
    member_structure_links(TG_TABLE_NAME));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER department_members_structures_insert AFTER INSERT ON department_members
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_structures_add();
--> statement-breakpoint
CREATE TRIGGER department_members_structures_delete AFTER DELETE ON department_members
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_structures_remove();
--> statement-breakpoint
CREATE TRIGGER team_members_structures_insert AFTER INSERT ON team_members
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_structures_add();
--> statement-breakpoint
CREATE TRIGGER team_members_structures_delete AFTER DELETE ON team_members
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_structures_remove();
--> statement-breakpoint
CREATE TRIGGER group_members_structures_insert AFTER INSERT ON group_members
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_structures_add();
--> statement-breakpoint
CREATE TRIGGER group_members_structures_delete AFTER DELETE ON group_members
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_structures_remove();
