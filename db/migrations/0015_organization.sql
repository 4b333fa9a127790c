-- Issue 16: departments, teams and groups (db/schema/organization.ts). Links pair (account, id) on both
-- sides, so memberships and roles first get that pair as a key.
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_account_id_unique" UNIQUE("account_id","id");
--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_account_id_unique" UNIQUE("account_id","id");
--> statement-breakpoint
CREATE TABLE "department_members" (
	"department_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "department_members_pk" PRIMARY KEY("department_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"email" text,
	"phone" text,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "departments_account_id_unique" UNIQUE("account_id","id"),
	CONSTRAINT "departments_not_own_parent" CHECK ("departments"."parent_id" is null or "departments"."parent_id" <> "departments"."id"),
	CONSTRAINT "departments_phone_e164" CHECK ("departments"."phone" is null or "departments"."phone" ~ '^\+[1-9][0-9]{6,14}$'),
	CONSTRAINT "departments_email_shape" CHECK ("departments"."email" is null or (char_length("departments"."email") <= 254 and "departments"."email" ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$')),
	CONSTRAINT "departments_name_shape" CHECK (char_length("departments"."name") between 1 and 100 and "departments"."name" = btrim("departments"."name")),
	CONSTRAINT "departments_description_length" CHECK (char_length("departments"."description") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "group_members" (
	"group_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_members_pk" PRIMARY KEY("group_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "group_roles" (
	"group_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_roles_pk" PRIMARY KEY("group_id","role_id")
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "groups_account_id_unique" UNIQUE("account_id","id"),
	CONSTRAINT "groups_email_shape" CHECK ("groups"."email" is null or (char_length("groups"."email") <= 254 and "groups"."email" ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$')),
	CONSTRAINT "groups_name_shape" CHECK (char_length("groups"."name") between 1 and 100 and "groups"."name" = btrim("groups"."name")),
	CONSTRAINT "groups_description_length" CHECK (char_length("groups"."description") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_pk" PRIMARY KEY("team_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"responsible_membership_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_account_id_unique" UNIQUE("account_id","id"),
	CONSTRAINT "teams_name_shape" CHECK (char_length("teams"."name") between 1 and 100 and "teams"."name" = btrim("teams"."name")),
	CONSTRAINT "teams_description_length" CHECK (char_length("teams"."description") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "department_members" ADD CONSTRAINT "department_members_structure_fk" FOREIGN KEY ("account_id","department_id") REFERENCES "public"."departments"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "department_members" ADD CONSTRAINT "department_members_membership_fk" FOREIGN KEY ("account_id","membership_id") REFERENCES "public"."memberships"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_parent_fk" FOREIGN KEY ("account_id","parent_id") REFERENCES "public"."departments"("account_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_structure_fk" FOREIGN KEY ("account_id","group_id") REFERENCES "public"."groups"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_membership_fk" FOREIGN KEY ("account_id","membership_id") REFERENCES "public"."memberships"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_roles" ADD CONSTRAINT "group_roles_group_fk" FOREIGN KEY ("account_id","group_id") REFERENCES "public"."groups"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_roles" ADD CONSTRAINT "group_roles_role_fk" FOREIGN KEY ("account_id","role_id") REFERENCES "public"."roles"("account_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_structure_fk" FOREIGN KEY ("account_id","team_id") REFERENCES "public"."teams"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_membership_fk" FOREIGN KEY ("account_id","membership_id") REFERENCES "public"."memberships"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "department_members_membership_idx" ON "department_members" USING btree ("membership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "departments_account_name_unique" ON "departments" USING btree ("account_id",lower("name"));--> statement-breakpoint
CREATE INDEX "departments_parent_idx" ON "departments" USING btree ("account_id","parent_id");--> statement-breakpoint
CREATE INDEX "group_members_membership_idx" ON "group_members" USING btree ("membership_id");--> statement-breakpoint
CREATE INDEX "group_roles_role_idx" ON "group_roles" USING btree ("role_id");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_account_name_unique" ON "groups" USING btree ("account_id",lower("name"));--> statement-breakpoint
CREATE INDEX "team_members_membership_idx" ON "team_members" USING btree ("membership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_members_one_primary" ON "team_members" USING btree ("membership_id") WHERE "team_members"."is_primary";--> statement-breakpoint
CREATE UNIQUE INDEX "teams_account_name_unique" ON "teams" USING btree ("account_id",lower("name"));
--> statement-breakpoint
-- A team's responsible person is one of its members: a foreign key to team_members, checked at commit (so a
-- team and its first member can be written in either order) and cleared when that member leaves the team.
ALTER TABLE "teams" ADD CONSTRAINT "teams_responsible_is_member" FOREIGN KEY ("id","responsible_membership_id")
  REFERENCES "team_members"("team_id","membership_id") ON DELETE SET NULL ("responsible_membership_id") DEFERRABLE INITIALLY DEFERRED;
--> statement-breakpoint
-- The department tree: no cycle, at most ten levels. A parent's account is already the child's (departments_parent_fk).
-- Changes to one account's tree are taken one at a time (an advisory lock until commit): two moves checked
-- side by side could each find no cycle and make one together. Each statement below reads afresh after the wait.
CREATE FUNCTION departments_check_tree() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  above integer;
  below integer;
  loops boolean;
BEGIN
  IF NEW.parent_id IS NULL THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended('departments:' || NEW.account_id::text, 0));
  WITH RECURSIVE up(id, parent_id, depth) AS (
    SELECT d.id, d.parent_id, 1 FROM departments d WHERE d.account_id = NEW.account_id AND d.id = NEW.parent_id
    UNION ALL
    SELECT d.id, d.parent_id, up.depth + 1 FROM departments d JOIN up ON d.account_id = NEW.account_id AND d.id = up.parent_id
      WHERE up.id <> NEW.id AND up.depth <= 10
  )
  SELECT coalesce(max(depth), 0), coalesce(bool_or(id = NEW.id), false) INTO above, loops FROM up;
  IF loops THEN
    RAISE EXCEPTION 'A department cannot be placed under itself or one of its own sub-departments.'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'departments_no_cycle';
  END IF;
  WITH RECURSIVE down(id, depth) AS (
    SELECT NEW.id, 1
    UNION ALL
    SELECT d.id, down.depth + 1 FROM departments d JOIN down ON d.account_id = NEW.account_id AND d.parent_id = down.id
      WHERE down.depth <= 10
  )
  SELECT max(depth) INTO below FROM down;
  IF above + below > 10 THEN
    RAISE EXCEPTION 'Departments nest at most 10 levels deep.'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'departments_max_depth';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER departments_tree BEFORE INSERT OR UPDATE OF parent_id ON departments
  FOR EACH ROW EXECUTE FUNCTION departments_check_tree();
