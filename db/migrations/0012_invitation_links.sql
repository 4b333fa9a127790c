-- Invitations hold several live links (invitation_links): each invitation's one link moves there, so every
-- link mailed before the upgrade keeps working; then invitations.token_hash goes. An invitation's role may
-- now be null once it is accepted or revoked: deleting a role moves the open invitations offering it with
-- its members, and no longer fails on invitations that are history (issue 13, items 3 and 6).
CREATE TYPE "public"."invitation_link_purpose" AS ENUM('mail', 'copy');--> statement-breakpoint
CREATE TABLE "invitation_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invitation_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"purpose" "invitation_link_purpose" NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "invitations" DROP CONSTRAINT "invitations_role_id_roles_id_fk";
--> statement-breakpoint
DROP INDEX "invitations_token_hash_unique";--> statement-breakpoint
ALTER TABLE "invitations" ALTER COLUMN "role_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "invitation_links" ADD CONSTRAINT "invitation_links_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitation_links" ADD CONSTRAINT "invitation_links_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invitation_links_token_hash_unique" ON "invitation_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitation_links_invitation_idx" ON "invitation_links" USING btree ("invitation_id","created_at");--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
INSERT INTO "invitation_links" ("invitation_id", "token_hash", "purpose", "created_by_user_id", "created_at")
  SELECT "id", "token_hash", 'mail', "sent_by_user_id", "created_at" FROM "invitations";--> statement-breakpoint
ALTER TABLE "invitations" DROP COLUMN "token_hash";--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_open_has_role" CHECK ("invitations"."role_id" is not null or "invitations"."accepted_at" is not null or "invitations"."revoked_at" is not null);