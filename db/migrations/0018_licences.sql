CREATE TABLE "licence_pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"seats" integer NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"ends_at" timestamp with time zone,
	"permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"modules" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "licence_pools_account_id_unique" UNIQUE("account_id","id"),
	CONSTRAINT "licence_pools_key_shape" CHECK (char_length("licence_pools"."key") <= 64 and "licence_pools"."key" ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'),
	CONSTRAINT "licence_pools_name_shape" CHECK (char_length("licence_pools"."name") between 1 and 100 and "licence_pools"."name" = btrim("licence_pools"."name")),
	CONSTRAINT "licence_pools_seats_range" CHECK ("licence_pools"."seats" between 1 and 1000000),
	CONSTRAINT "licence_pools_seats_used" CHECK ("licence_pools"."used" >= 0 and "licence_pools"."used" <= "licence_pools"."seats"),
	CONSTRAINT "licence_pools_unlocks_something" CHECK (cardinality("licence_pools"."permissions") + cardinality("licence_pools"."modules") between 1 and 200)
);
--> statement-breakpoint
CREATE TABLE "membership_licences" (
	"pool_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"granted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_licences_pk" PRIMARY KEY("pool_id","membership_id")
);
--> statement-breakpoint
ALTER TABLE "licence_pools" ADD CONSTRAINT "licence_pools_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_licences" ADD CONSTRAINT "membership_licences_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_licences" ADD CONSTRAINT "membership_licences_pool_fk" FOREIGN KEY ("account_id","pool_id") REFERENCES "public"."licence_pools"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_licences" ADD CONSTRAINT "membership_licences_membership_fk" FOREIGN KEY ("account_id","membership_id") REFERENCES "public"."memberships"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "licence_pools_account_key_unique" ON "licence_pools" USING btree ("account_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "licence_pools_account_name_unique" ON "licence_pools" USING btree ("account_id",lower("name"));--> statement-breakpoint
CREATE INDEX "membership_licences_membership_idx" ON "membership_licences" USING btree ("membership_id");--> statement-breakpoint
-- Issue 17: a pool's seats held, kept in the writing transaction by one statement per write, whoever writes
-- (the app, a member's deletion cascading, a pool's deletion). licence_pools_seats_used then refuses a
-- write that would hold more seats than the pool has: the seat count is the database's rule, not only the
-- app's (which locks the pool row first and says how many seats are left).
CREATE FUNCTION membership_licences_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE licence_pools p SET used = p.used + n.held
      FROM (SELECT pool_id, count(*)::int AS held FROM changed_rows GROUP BY pool_id) n
     WHERE p.id = n.pool_id;
  ELSE
    UPDATE licence_pools p SET used = p.used - n.held
      FROM (SELECT pool_id, count(*)::int AS held FROM changed_rows GROUP BY pool_id) n
     WHERE p.id = n.pool_id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER membership_licences_count_insert AFTER INSERT ON membership_licences
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_licences_count();
--> statement-breakpoint
CREATE TRIGGER membership_licences_count_delete AFTER DELETE ON membership_licences
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_licences_count();
