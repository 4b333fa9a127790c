CREATE TYPE "public"."override_kind" AS ENUM('grant', 'deny', 'hide_module');--> statement-breakpoint
CREATE TABLE "membership_overrides" (
	"membership_id" uuid NOT NULL,
	"kind" "override_kind" NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "membership_overrides_membership_id_kind_name_pk" PRIMARY KEY("membership_id","kind","name"),
	CONSTRAINT "membership_overrides_name_shape" CHECK ("membership_overrides"."name" ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' and char_length("membership_overrides"."name") <= 64)
);
--> statement-breakpoint
ALTER TABLE "membership_overrides" ADD CONSTRAINT "membership_overrides_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE cascade ON UPDATE no action;