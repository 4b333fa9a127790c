ALTER TABLE "users" ADD COLUMN "home_account_id" uuid;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "overrides" jsonb DEFAULT '{"grants":[],"denies":[],"hiddenModules":[]}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_home_account_id_accounts_id_fk" FOREIGN KEY ("home_account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- A login that belongs to one account alone is taken as that account's own; a login already in several
-- accounts has no home: from now on only its person changes its credentials.
UPDATE "users" SET "home_account_id" = "only"."account_id"
FROM (
  SELECT "user_id", min("account_id"::text)::uuid AS "account_id"
  FROM "memberships" GROUP BY "user_id" HAVING count(DISTINCT "account_id") = 1
) AS "only"
WHERE "only"."user_id" = "users"."id";
